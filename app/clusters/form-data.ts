import type { z } from "zod";
import { translateLoose, type MessageParams, type Translate } from "../i18n";

/*
 * Forms with repeated groups (a cluster's incentives, infrastructure, …) name their fields
 * "<list>.<index>.<field>", e.g. "incentives.0.title_en". These helpers turn such a submission
 * into arrays and zod issues back into messages keyed by the same dotted names, so every message
 * lands next to its own input.
 */

/** Rows beyond this index are ignored: no form renders that many, so they are not a user's input. */
export const MAX_ROW_INDEX = 99;

export type FormEcho = {
  /** Last value of every text field, by field name. */
  values: Record<string, string>;
  /** Every value of fields that may repeat (checkbox groups). */
  lists: Record<string, string[]>;
};

export type FieldErrorMap = Record<string, string>;

/** The rows of one repeated group, in index order (gaps closed up), with every field as a string. */
export function collectRows<F extends string>(formData: FormData, prefix: string, fields: readonly F[]): Array<Record<F, string>> {
  const byIndex = new Map<number, Record<F, string>>();
  const pattern = new RegExp(`^${escapeRegExp(prefix)}\\.(\\d{1,3})\\.([a-z_]+)$`);
  for (const [name, value] of formData) {
    if (typeof value !== "string") continue;
    const match = pattern.exec(name);
    if (!match) continue;
    const index = Number(match[1]);
    const field = match[2] as F;
    if (index > MAX_ROW_INDEX || !fields.includes(field)) continue;
    let row = byIndex.get(index);
    if (!row) {
      row = Object.fromEntries(fields.map((f) => [f, ""])) as Record<F, string>;
      byIndex.set(index, row);
    }
    row[field] = value;
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

/** Text fields of a submission ("a.b" names kept as they are) and every value of the list fields. */
export function echoForm(formData: FormData, listFields: readonly string[] = [], omit: readonly string[] = []): FormEcho {
  const values: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  for (const [name, value] of formData) {
    if (typeof value !== "string" || omit.includes(name)) continue;
    if (listFields.includes(name)) (lists[name] ??= []).push(value);
    else values[name] = value;
  }
  return { values, lists };
}

/** Re-numbers echoed rows the way collectRows numbered them, so messages and inputs line up. */
export function echoRows<F extends string>(prefix: string, rows: ReadonlyArray<Record<F, string>>): Record<string, string> {
  const values: Record<string, string> = {};
  rows.forEach((row, index) => {
    for (const [field, value] of Object.entries(row)) values[`${prefix}.${index}.${field}`] = value as string;
  });
  return values;
}

/**
 * One translated message per field (first issue wins), keyed by the dotted path of the field.
 * Issues inside a list field (checkbox groups: "process_codes.3") belong to the list itself.
 */
export function nestedFieldErrors(error: z.ZodError, t: Translate, listFields: readonly string[] = []): FieldErrorMap {
  const errors: FieldErrorMap = {};
  for (const issue of error.issues) {
    const head = String(issue.path[0] ?? "form");
    const field = listFields.includes(head) ? head : issue.path.length > 0 ? issue.path.map(String).join(".") : "form";
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

/** The number of rows to show for a repeated group: the stored or echoed ones plus `blank` empty rows. */
export function rowCount(prefix: string, values: Record<string, string>, stored: number, blank = 1): number {
  let highest = -1;
  const pattern = new RegExp(`^${escapeRegExp(prefix)}\\.(\\d{1,3})\\.`);
  for (const name of Object.keys(values)) {
    const match = pattern.exec(name);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return Math.max(stored, highest + 1) + blank;
}

function escapeRegExp(value: string) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The submitted form, or a 400 when the body is not a form at all (wrong content type, a broken
 * multipart body): a client's mistake must never surface as a server error.
 */
export async function readFormData(request: Request, headers?: Headers): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("The request body is not a form submission.", { status: 400, headers });
  }
}
