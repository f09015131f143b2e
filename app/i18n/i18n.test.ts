import { describe, expect, it } from "vitest";
import { en } from "./en";
import {
  createTranslator,
  interpolate,
  parseAcceptLanguage,
  placeholdersOf,
  readCookie,
  resolveLocale,
  serializeLanguageCookie,
  translateLoose,
} from "./index";
import { ko } from "./ko";

describe("dictionaries", () => {
  const enKeys = Object.keys(en).sort();
  const koKeys = Object.keys(ko).sort();

  it("have identical key sets", () => {
    expect(koKeys.filter((key) => !enKeys.includes(key))).toEqual([]);
    expect(enKeys.filter((key) => !koKeys.includes(key))).toEqual([]);
    expect(koKeys.length).toBeGreaterThan(50);
  });

  it("use the same {placeholders} for every key", () => {
    const mismatches = enKeys
      .map((key) => ({
        key,
        en: placeholdersOf(en[key as keyof typeof en]),
        ko: placeholdersOf(ko[key as keyof typeof ko]),
      }))
      .filter((entry) => entry.en.join(",") !== entry.ko.join(","));
    expect(mismatches).toEqual([]);
  });

  it("contain no empty or whitespace-only messages", () => {
    const empty = [
      ...Object.entries(en).filter(([, message]) => message.trim() === "").map(([key]) => `en:${key}`),
      ...Object.entries(ko).filter(([, message]) => message.trim() === "").map(([key]) => `ko:${key}`),
    ];
    expect(empty).toEqual([]);
  });

  it("have no unbalanced braces that would silently fail to interpolate", () => {
    const broken = Object.entries({ ...prefixed("en", en), ...prefixed("ko", ko) })
      .filter(([, message]) => message.replace(/\{\w+\}/g, "").match(/[{}]/))
      .map(([key]) => key);
    expect(broken).toEqual([]);
  });
});

function prefixed(prefix: string, messages: Record<string, string>) {
  return Object.fromEntries(Object.entries(messages).map(([key, value]) => [`${prefix}:${key}`, value]));
}

describe("translator", () => {
  it("interpolates named placeholders and leaves unknown ones visible", () => {
    expect(interpolate("Hello {name}, {missing}", { name: "Jiwoo" })).toBe("Hello Jiwoo, {missing}");
    expect(interpolate("{n} of {n}", { n: 3 })).toBe("3 of 3");
  });

  it("translates in both languages", () => {
    expect(createTranslator("en")("nav.sign_in")).toBe("Sign in");
    expect(createTranslator("ko")("nav.sign_in")).toBe("로그인");
    expect(createTranslator("ko")("validation.password_too_short", { minimum: 8 })).toBe("8자 이상 입력하세요.");
  });

  it("maps unknown keys from plain data to a generic message instead of echoing them", () => {
    const t = createTranslator("en");
    expect(translateLoose(t, "validation.email_invalid")).toBe(en["validation.email_invalid"]);
    expect(translateLoose(t, "no.such.key")).toBe(en["auth.error.unexpected"]);
    expect(translateLoose(t, undefined)).toBe(en["auth.error.unexpected"]);
    expect(translateLoose(t, "toString")).toBe(en["auth.error.unexpected"]);
  });
});

describe("language detection", () => {
  it("orders Accept-Language by q-value, then by position", () => {
    expect(parseAcceptLanguage("en-US,en;q=0.9,ko;q=0.95")).toEqual(["en-us", "ko", "en"]);
    expect(parseAcceptLanguage("fr;q=0, de")).toEqual(["de"]);
    expect(parseAcceptLanguage("")).toEqual([]);
    expect(parseAcceptLanguage(null)).toEqual([]);
  });

  it("prefers the cookie over the browser", () => {
    expect(resolveLocale({ cookieHeader: "a=1; lang=ko", acceptLanguage: "en-US" })).toBe("ko");
    expect(resolveLocale({ cookieHeader: "lang=en", acceptLanguage: "ko-KR" })).toBe("en");
  });

  it("ignores an invalid cookie value and falls back to the browser", () => {
    expect(resolveLocale({ cookieHeader: "lang=de", acceptLanguage: "ko-KR,ko;q=0.9" })).toBe("ko");
  });

  it("picks Korean when the browser prefers it, English otherwise", () => {
    expect(resolveLocale({ acceptLanguage: "ko-KR,ko;q=0.9,en-US;q=0.8" })).toBe("ko");
    expect(resolveLocale({ acceptLanguage: "ja-JP,ko;q=0.8,en;q=0.9" })).toBe("en");
    expect(resolveLocale({ acceptLanguage: "ja-JP,ko;q=0.8" })).toBe("ko");
    expect(resolveLocale({ acceptLanguage: "fr-FR" })).toBe("en");
    expect(resolveLocale({})).toBe("en");
  });

  it("reads cookies by exact name", () => {
    expect(readCookie("xlang=ko; lang=en", "lang")).toBe("en");
    expect(readCookie("lang=%6Bo", "lang")).toBe("ko");
    expect(readCookie(undefined, "lang")).toBeUndefined();
  });

  it("remembers the choice for a year", () => {
    expect(serializeLanguageCookie("ko", { secure: false })).toBe("lang=ko; Path=/; Max-Age=31536000; SameSite=Lax");
    expect(serializeLanguageCookie("en", { secure: true })).toContain("; Secure");
  });
});
