import type { MessageKey, Messages } from "./en";
import * as serverOnly from "./dictionaries.server";

export type { MessageKey, Messages };

export const LOCALES = ["en", "ko"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Name of the cookie that remembers an explicit language choice. */
export const LANGUAGE_COOKIE = "lang";

/**
 * Each language names itself the same way in every dictionary, so the language switcher can show
 * both names while the browser holds only the current language's messages.
 */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { en: "English", ko: "한국어" };

/*
 * The messages this process has. On the server (and in scripts and tests) that is every language,
 * from dictionaries.server.ts. In the browser that module is empty: both dictionaries together are
 * about 80 KB gzipped, so a page downloads only the language it was rendered in, as a separate
 * chunk: entry.client.tsx loads it before hydrating, and the root clientLoader loads a newly chosen
 * language before the page re-renders in it.
 */
const loadedDictionaries: Partial<Record<Locale, Messages>> = { ...(serverOnly as { bundledDictionaries?: Record<Locale, Messages> }).bundledDictionaries };

const dictionaryChunks: Record<Locale, () => Promise<Messages>> = {
  en: () => import("./en").then((module) => module.en),
  ko: () => import("./ko").then((module) => module.ko),
};

/** On <html>: the languages the server rendered the page in (two only on the root error page). */
export const RENDERED_LOCALES_ATTRIBUTE = "data-rendered-locales";

export function isDictionaryLoaded(locale: Locale): boolean {
  return loadedDictionaries[locale] !== undefined;
}

/** Makes the given languages' messages available to createTranslator; a no-op for loaded ones. */
export async function loadDictionaries(locales: Iterable<Locale>): Promise<void> {
  const missing = [...new Set(locales)].filter((locale) => !isDictionaryLoaded(locale));
  await Promise.all(
    missing.map(async (locale) => {
      loadedDictionaries[locale] = await dictionaryChunks[locale]();
    }),
  );
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Every dictionary has every key (the compiler checks ko.ts against en.ts), so any loaded one can answer. */
export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.values(loadedDictionaries).some((messages) => Object.prototype.hasOwnProperty.call(messages, value));
}

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

const PLACEHOLDER = /\{(\w+)\}/g;

/** Names of the {placeholders} in a message, sorted, without duplicates. */
export function placeholdersOf(message: string): string[] {
  return [...new Set([...message.matchAll(PLACEHOLDER)].map((match) => match[1] as string))].sort();
}

export function interpolate(message: string, params?: MessageParams): string {
  if (!params) return message;
  return message.replace(PLACEHOLDER, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** Looks messages up when called, so a translator made before its dictionary arrived still works once it has. */
export function createTranslator(locale: Locale): Translate {
  return (key, params) => interpolate(loadedDictionaries[locale]?.[key] ?? anyLoadedMessage(key) ?? key, params);
}

function anyLoadedMessage(key: MessageKey): string | undefined {
  for (const messages of Object.values(loadedDictionaries)) {
    if (messages[key] !== undefined) return messages[key];
  }
  return undefined;
}

/**
 * Translates a key that arrives as plain data (a zod issue message, an error code).
 * Unknown keys fall back to a generic message rather than leaking internals to the user.
 */
export function translateLoose(t: Translate, key: unknown, params?: MessageParams): string {
  return isMessageKey(key) ? t(key, params) : t("auth.error.unexpected");
}

/** Reads one cookie from a Cookie header without pulling in a cookie library for it. */
export function readCookie(cookieHeader: string | null | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const separator = part.indexOf("=");
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() !== name) continue;
    const raw = part.slice(separator + 1).trim().replace(/^"(.*)"$/, "$1");
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/** Accept-Language entries ordered by preference (q-value, then position). */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((entry, index) => {
      const [tag = "", ...parameters] = entry.trim().split(";");
      const qParameter = parameters.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const q = qParameter ? Number(qParameter.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.tag !== "" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

/** The explicit choice (cookie) wins; otherwise the browser's most preferred language we have. */
export function resolveLocale(input: { cookieHeader?: string | null; acceptLanguage?: string | null }): Locale {
  const fromCookie = readCookie(input.cookieHeader, LANGUAGE_COOKIE);
  if (isLocale(fromCookie)) return fromCookie;
  for (const tag of parseAcceptLanguage(input.acceptLanguage)) {
    const primary = tag.split("-")[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}

export const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

export function serializeLanguageCookie(locale: Locale, options: { secure: boolean }): string {
  const attributes = [`${LANGUAGE_COOKIE}=${locale}`, "Path=/", `Max-Age=${ONE_YEAR_SECONDS}`, "SameSite=Lax"];
  if (options.secure) attributes.push("Secure");
  return attributes.join("; ");
}
