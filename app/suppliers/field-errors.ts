import type { z } from "zod";
import { translateLoose, type MessageParams, type Translate } from "~/i18n";

export type FieldErrors = Partial<Record<string, string>>;

/**
 * One translated message per field, the first issue winning. Unlike the account forms' helper it
 * also passes a custom issue's own params ({minimum}, {maximum}) to the message.
 */
export function fieldErrorsOf(error: z.ZodError, t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    if (errors[field]) continue;
    const params: MessageParams = {};
    for (const [name, value] of Object.entries(issue)) {
      if (typeof value === "number" || typeof value === "string") params[name] = value;
    }
    const extra = (issue as { params?: Record<string, unknown> }).params;
    for (const [name, value] of Object.entries(extra ?? {})) {
      if (typeof value === "number" || typeof value === "string") params[name] = value;
    }
    errors[field] = translateLoose(t, issue.message, params);
  }
  return errors;
}
