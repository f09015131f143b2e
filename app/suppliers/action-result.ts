import type { FieldErrors } from "./field-errors";

/*
 * The shape editor actions answer with, and the helpers pages use to re-show refused input next to
 * the right form (several forms share a page, told apart by intent and item id).
 */

/** What every editor action answers when it refuses: the intent, the echoed input, the messages. */
export type ActionFailure = {
  ok: false;
  intent: string;
  itemId: string | null;
  values: Record<string, string | string[]>;
  fieldErrors: FieldErrors;
  formError: string | null;
};
export type ActionSuccess = { ok: true; intent: string; itemId: string | null; notice: string | null };
export type ActionResult = ActionFailure | ActionSuccess;

/** The value the form should show: the refused input after a failed submit, else the stored value. */
export function shown(
  result: ActionResult | undefined,
  intent: string,
  itemId: string | null,
  field: string,
  stored: string | number | null | undefined,
): string {
  if (result && !result.ok && result.intent === intent && result.itemId === itemId) {
    const value = result.values[field];
    return Array.isArray(value) ? value.join(",") : value ?? "";
  }
  return stored === null || stored === undefined ? "" : String(stored);
}

export function errorsFor(result: ActionResult | undefined, intent: string, itemId: string | null = null): FieldErrors & { form?: string } {
  if (result && !result.ok && result.intent === intent && result.itemId === itemId) {
    return { ...result.fieldErrors, ...(result.formError ? { form: result.formError } : {}) };
  }
  return {};
}
