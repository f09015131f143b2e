import type { z } from "zod";
import { translateLoose, type MessageParams, type Translate } from "../i18n";

export type FieldErrors = Partial<Record<string, string>>;

/** What an action returns when a submission is refused: echoed input plus translated messages. */
export type FormFailure = { values: Record<string, string>; fieldErrors: FieldErrors; formError: string | null };

/** One translated message per field (the first issue wins), keyed by the top-level field name. */
export function fieldErrorsFrom(error: z.ZodError, t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    if (errors[field]) continue;
    const params: MessageParams = {};
    for (const [name, value] of Object.entries(issue)) {
      if (typeof value === "number" || typeof value === "string") params[name] = value;
      if (typeof value === "bigint") params[name] = value.toString();
    }
    errors[field] = translateLoose(t, issue.message, params);
  }
  return errors;
}

/** String fields of a submitted form, for echoing back after a failed validation. */
export function formValues(formData: FormData, omit: readonly string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData) {
    if (typeof value === "string" && !omit.includes(name)) values[name] = value;
  }
  return values;
}
