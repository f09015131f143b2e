/** Field issues (message keys) from schemas and the database, translated for the page. */
import type { Translate } from "~/i18n";
import type { WorkflowError } from "~/models/workflow-errors";
import type { FieldIssues } from "./schema";

export function translateIssues(issues: FieldIssues, t: Translate): Record<string, string> {
  const translated: Record<string, string> = {};
  for (const [field, issue] of Object.entries(issues)) {
    if (issue) translated[field] = t(issue.key, issue.params);
  }
  return translated;
}

/** A database refusal on its field when it names one, otherwise as the form's message. */
export function placeWorkflowError(error: WorkflowError, t: Translate): { fieldErrors: Record<string, string>; formError: string | null } {
  const message = t(error.messageKey);
  return error.field ? { fieldErrors: { [error.field]: message }, formError: null } : { fieldErrors: {}, formError: message };
}
