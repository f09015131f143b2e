import * as z from "zod";
import type { MessageKey } from "../i18n";

/*
 * Shared by the forms (limits shown as hints and HTML constraints) and the actions (validation).
 * Error messages are message keys; actions translate them into the user's language, passing the
 * issue's own numbers (minimum, maximum) as placeholder values.
 */

export const ACCOUNT_TYPES = ["contractor", "sme", "cluster_authority"] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const PASSWORD_MIN_LENGTH = 8;
/** bcrypt ignores everything after 72 bytes; refusing longer passwords avoids a false sense of strength. */
export const PASSWORD_MAX_LENGTH = 72;
export const DISPLAY_NAME_MAX_LENGTH = 80;

const key = (messageKey: MessageKey) => ({ error: messageKey });

const emailField = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().toLowerCase() : value),
  z.email(key("validation.email_invalid")),
);

const newPasswordField = z
  .string(key("validation.password_required"))
  .min(PASSWORD_MIN_LENGTH, key("validation.password_too_short"))
  .max(PASSWORD_MAX_LENGTH, key("validation.password_too_long"));

const displayNameField = z
  .string(key("validation.display_name_required"))
  .trim()
  .min(1, key("validation.display_name_required"))
  .max(DISPLAY_NAME_MAX_LENGTH, key("validation.display_name_too_long"));

export const signUpSchema = z.object({
  email: emailField,
  password: newPasswordField,
  display_name: displayNameField,
  account_type: z.enum(ACCOUNT_TYPES, key("validation.account_type_required")),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailField,
  // No length rule here: accounts created elsewhere (admin, seed) may predate today's policy.
  password: z.string(key("validation.password_required")).min(1, key("validation.password_required")),
});

export const forgotPasswordSchema = z.object({ email: emailField });

export const resetPasswordSchema = z
  .object({ password: newPasswordField, confirm_password: z.string(key("validation.passwords_mismatch")) })
  .refine((input) => input.password === input.confirm_password, {
    path: ["confirm_password"],
    error: "validation.passwords_mismatch" satisfies MessageKey,
  });

export const displayNameSchema = z.object({ display_name: displayNameField });

export function isAccountType(value: unknown): value is AccountType {
  return typeof value === "string" && (ACCOUNT_TYPES as readonly string[]).includes(value);
}

/**
 * Where to go after signing in: only same-origin relative paths, so a crafted link cannot send a
 * freshly signed-in user to another site ("//evil.example", "/\\evil.example", "https://…").
 */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value === "") return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\\]/.test(value)) return fallback;
  try {
    const resolved = new URL(value, "http://relative.invalid");
    if (resolved.origin !== "http://relative.invalid") return fallback;
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return fallback;
  }
}
