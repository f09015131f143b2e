import * as z from "zod";
import type { MessageKey } from "../i18n";

/*
 * zod building blocks for HTML form fields: values arrive as strings ("" for an empty input) and
 * every refusal carries a message key, which actions translate (with the issue's own numbers as
 * {minimum}/{maximum}) into the user's language.
 */

export const messageKey = (key: MessageKey) => ({ error: key });

const blankToUndefined = (value: unknown) => {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") {
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
  }
  return value;
};

/** Optional text: trimmed, "" becomes undefined. */
export function optionalText(max: number) {
  return z.preprocess(blankToUndefined, z.string(messageKey("clusters.form.invalid_text")).max(max, messageKey("clusters.form.too_long")).optional());
}

/** Required text, trimmed. */
export function requiredText(max: number, requiredKey: MessageKey) {
  return z.preprocess(
    (value) => blankToUndefined(value) ?? "",
    z.string(messageKey(requiredKey)).min(1, messageKey(requiredKey)).max(max, messageKey("clusters.form.too_long")),
  );
}

/** "12,500.5" or "12 500" → 12500.5; anything that is not a plain decimal number is refused. */
export function parseDecimal(value: unknown): unknown {
  const blank = blankToUndefined(value);
  if (typeof blank !== "string") return blank;
  const cleaned = blank.replace(/[,\s_]/g, "");
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return Number.NaN;
  return Number(cleaned);
}

export function optionalNumber(options: { min?: number; max?: number; integer?: boolean; invalidKey?: MessageKey } = {}) {
  let schema = z.number(messageKey(options.invalidKey ?? "clusters.form.number_invalid"));
  if (options.integer) schema = schema.int(messageKey("clusters.form.integer_invalid"));
  if (options.min !== undefined) schema = schema.min(options.min, messageKey("clusters.form.number_too_small"));
  if (options.max !== undefined) schema = schema.max(options.max, messageKey("clusters.form.number_too_large"));
  return z.preprocess(parseDecimal, schema.optional());
}

export function requiredNumber(requiredKey: MessageKey, options: { min?: number; max?: number; integer?: boolean; exclusiveMin?: number } = {}) {
  const invalid: MessageKey = "clusters.form.number_invalid";
  let schema = z.number({ error: (issue) => (issue.input === undefined ? requiredKey : invalid) });
  if (options.integer) schema = schema.int(messageKey("clusters.form.integer_invalid"));
  if (options.exclusiveMin !== undefined) schema = schema.gt(options.exclusiveMin, messageKey("clusters.form.number_positive"));
  if (options.min !== undefined) schema = schema.min(options.min, messageKey("clusters.form.number_too_small"));
  if (options.max !== undefined) schema = schema.max(options.max, messageKey("clusters.form.number_too_large"));
  return z.preprocess(parseDecimal, schema);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (what <input type="date"> sends). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && year <= 2200 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function optionalDate() {
  return z.preprocess(blankToUndefined, z.string(messageKey("clusters.form.date_invalid")).refine(isIsoDate, messageKey("clusters.form.date_invalid")).optional());
}

export function requiredDate(requiredKey: MessageKey) {
  return z.preprocess(
    (value) => blankToUndefined(value) ?? "",
    z.string(messageKey(requiredKey)).min(1, messageKey(requiredKey)).refine(isIsoDate, messageKey("clusters.form.date_invalid")),
  );
}

export function optionalEmail() {
  return z.preprocess(
    (value) => {
      const blank = blankToUndefined(value);
      return typeof blank === "string" ? blank.toLowerCase() : blank;
    },
    z.email(messageKey("validation.email_invalid")).max(320, messageKey("clusters.form.too_long")).optional(),
  );
}

export function requiredEmail(requiredKey: MessageKey) {
  return z.preprocess(
    // A file or a repeated field is not text: it fails the string check with the field's message, not a TypeError.
    (value) => {
      const blank = blankToUndefined(value);
      return typeof blank === "string" ? blank.toLowerCase() : (blank ?? "");
    },
    z.string(messageKey("validation.email_invalid")).min(1, messageKey(requiredKey)).pipe(z.email(messageKey("validation.email_invalid")).max(320, messageKey("clusters.form.too_long"))),
  );
}

export function optionalUrl() {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .max(500, messageKey("clusters.form.too_long"))
      .refine((value) => {
        try {
          const url = new URL(value);
          return url.protocol === "https:" || url.protocol === "http:";
        } catch {
          return false;
        }
      }, messageKey("clusters.form.url_invalid"))
      .optional(),
  );
}

/** Multi-valued field (checkboxes): always an array of distinct non-empty strings. */
export function stringList(max: number, itemSchema: z.ZodType<string> = z.string()) {
  return z.preprocess(
    (value) => {
      const list = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
      return [...new Set(list.filter((item): item is string => typeof item === "string" && item.trim() !== "").map((item) => item.trim()))];
    },
    z.array(itemSchema).max(max, messageKey("clusters.form.too_many")),
  );
}

/** Lines of a textarea as a list: trimmed, blank lines dropped. */
export function lineList(maxItems: number, maxLength: number) {
  return z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line !== "")
        : [],
    z.array(z.string().max(maxLength, messageKey("clusters.form.line_too_long"))).max(maxItems, messageKey("clusters.form.too_many_lines")),
  );
}
