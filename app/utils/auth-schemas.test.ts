import { describe, expect, it } from "vitest";
import { createTranslator } from "../i18n";
import { resetPasswordSchema, safeRedirectPath, signInSchema, signUpSchema } from "./auth-schemas";
import { fieldErrorsFrom } from "./form-errors";

describe("safeRedirectPath", () => {
  it("keeps same-origin relative paths", () => {
    expect(safeRedirectPath("/account")).toBe("/account");
    expect(safeRedirectPath("/needs?kind=mro#top")).toBe("/needs?kind=mro#top");
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/account",
    "javascript:alert(1)",
    "account",
    "/\t/evil.example",
    "",
    undefined,
    42,
  ])("falls back for %j", (value) => {
    expect(safeRedirectPath(value, "/home")).toBe("/home");
  });
});

describe("sign-up schema", () => {
  const valid = { email: " Ji@Example.COM ", password: "long enough", display_name: " Jiwoo ", account_type: "sme" };

  it("normalizes e-mail and name", () => {
    expect(signUpSchema.parse(valid)).toEqual({
      email: "ji@example.com",
      password: "long enough",
      display_name: "Jiwoo",
      account_type: "sme",
    });
  });

  it("reports every bad field in the user's language", () => {
    const result = signUpSchema.safeParse({ email: "nope", password: "short", display_name: "  ", account_type: "admin" });
    expect(result.success).toBe(false);
    const ko = fieldErrorsFrom(result.error!, createTranslator("ko"));
    expect(ko).toEqual({
      email: "올바른 이메일 주소를 입력하세요. 예: name@company.com",
      password: "8자 이상 입력하세요.",
      display_name: "이름을 입력하세요.",
      account_type: "가입 유형을 선택하세요.",
    });
    const en = fieldErrorsFrom(result.error!, createTranslator("en"));
    expect(en.password).toBe("Use at least 8 characters.");
  });

  it("reports missing fields, not a crash", () => {
    const result = signUpSchema.safeParse({});
    expect(Object.keys(fieldErrorsFrom(result.error!, createTranslator("en"))).sort()).toEqual([
      "account_type",
      "display_name",
      "email",
      "password",
    ]);
  });

  it("refuses passwords bcrypt would truncate", () => {
    const result = signUpSchema.safeParse({ ...valid, password: "x".repeat(73) });
    expect(fieldErrorsFrom(result.error!, createTranslator("en")).password).toBe("Use at most 72 characters.");
  });
});

describe("other auth schemas", () => {
  it("sign-in accepts any non-empty password", () => {
    expect(signInSchema.safeParse({ email: "a@b.co", password: "x" }).success).toBe(true);
    expect(signInSchema.safeParse({ email: "a@b.co", password: "" }).success).toBe(false);
  });

  it("reset-password puts a mismatch on the confirmation field", () => {
    const result = resetPasswordSchema.safeParse({ password: "new password 1", confirm_password: "new password 2" });
    expect(fieldErrorsFrom(result.error!, createTranslator("en"))).toEqual({
      confirm_password: "The two passwords do not match.",
    });
  });
});
