/**
 * What the audit log page lists: the security-relevant kinds of action of issue 11, by the
 * action prefixes the database writes (see the audit triggers and functions in
 * supabase/migrations). Shared by the loader, the page and the tests.
 */
import * as z from "zod";
import { isMessageKey, type MessageKey, type MessageParams, type Translate } from "~/i18n";

export const AUDIT_CATEGORIES = ["membership", "verification", "api_keys", "offsets"] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

export const AUDIT_CATEGORY_PREFIXES: Record<AuditCategory, string[]> = {
  membership: ["membership."],
  verification: ["verification."],
  api_keys: ["api_key."],
  offsets: ["offset."],
};

export function categoryOf(action: string): AuditCategory | null {
  return AUDIT_CATEGORIES.find((category) => AUDIT_CATEGORY_PREFIXES[category].some((prefix) => action.startsWith(prefix))) ?? null;
}

/** The page's query string. Anything unknown is refused (the page then shows everything and says so). */
export const auditQuerySchema = z.object({
  org: z.union([z.literal("all"), z.guid()]).optional(),
  category: z.enum(AUDIT_CATEGORIES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

const ROLES = ["owner", "admin", "member"] as const;
const roleLabel = (t: Translate, role: unknown) => (ROLES.includes(role as (typeof ROLES)[number]) ? t(`audit.role.${role as (typeof ROLES)[number]}`) : String(role ?? "—"));

/** The action's label, or the action code itself for one this page has no words for yet. */
export function actionLabel(t: Translate, action: string): string {
  const key = `audit.action.${action}`;
  return isMessageKey(key) ? t(key) : action;
}

/** Short, translated lines about an entry's details; values come from the database as written. */
export function describeDetails(
  t: Translate,
  entry: { action: string; details: Record<string, unknown>; subject_name: string | null },
): string[] {
  const details = entry.details;
  const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : null);
  const lines: Array<[MessageKey, MessageParams] | null> = [];
  if (entry.action === "membership.role_changed") lines.push(["audit.detail.role_change", { from: roleLabel(t, details.from), to: roleLabel(t, details.to) }]);
  else if (entry.action.startsWith("membership.") && details.role) lines.push(["audit.detail.role", { role: roleLabel(t, details.role) }]);
  if (entry.action === "membership.invited" && text(details.email)) lines.push(["audit.detail.email", { email: text(details.email)! }]);
  if (entry.subject_name) lines.push(["audit.detail.user", { name: entry.subject_name }]);
  if (entry.action.startsWith("api_key.") && (text(details.name) || text(details.prefix))) {
    lines.push(["audit.detail.key", { name: text(entry.action === "api_key.renamed" ? details.to : details.name) ?? "—", prefix: text(details.prefix) ?? "—" }]);
  }
  if (entry.action.startsWith("verification.") && text(details.from) && text(details.to)) lines.push(["audit.detail.status", { from: text(details.from)!, to: text(details.to)! }]);
  const reason = text(details.rejection_reason) ?? text(details.comment);
  if (reason) lines.push(["audit.detail.reason", { reason }]);
  const result = lines.filter((line): line is [MessageKey, MessageParams] => line !== null).map(([key, params]) => t(key, params));
  if (entry.action.startsWith("offset.") && text(details.credit_value)) result.push(`${text(details.credit_value)} ${text(details.currency) ?? ""}`.trim());
  return result;
}
