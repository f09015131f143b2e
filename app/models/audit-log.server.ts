import type { SupabaseClient } from "@supabase/supabase-js";
import { AUDIT_CATEGORY_PREFIXES, type AuditCategory } from "~/audit/categories";
import { UnexpectedDataError } from "./workflow-errors";

/*
 * The audit log as its readers see it. Runs as the signed-in user: row-level security ("Admins
 * read their organization's audit log; the platform reads all") decides which entries exist for
 * them, so a member who is not an admin simply gets none. The filters here only narrow that.
 */

export type AuditEntry = {
  id: number;
  occurred_at: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: Record<string, unknown>;
  organization_id: string | null;
  organization_name: { en: string; ko: string | null } | null;
  actor_user_id: string | null;
  actor_name: string | null;
  /** Display names of people the details mention (details.user_id). */
  subject_name: string | null;
};

export type AuditPage = { entries: AuditEntry[]; total: number; page: number; pages: number; pageSize: number };

export const AUDIT_PAGE_SIZE = 25;

/** Whether the user may read any audit entries: an owner or admin somewhere, or the platform. */
export async function canReadAuditLog(supabase: SupabaseClient, { userId }: { userId: string }): Promise<boolean> {
  const { data, error } = await supabase
    .from("memberships")
    .select("role, organizations!inner(kind)")
    .eq("user_id", userId);
  if (error) return false;
  return ((data ?? []) as unknown as Array<{ role: string; organizations: { kind: string } }>).some(
    (row) => row.role === "owner" || row.role === "admin" || row.organizations.kind === "platform",
  );
}

export async function listAuditEntries(
  supabase: SupabaseClient,
  { organizationId, category, page, pageSize = AUDIT_PAGE_SIZE }: { organizationId: string | null; category: AuditCategory | null; page: number; pageSize?: number },
): Promise<AuditPage> {
  const prefixes = category ? AUDIT_CATEGORY_PREFIXES[category] : Object.values(AUDIT_CATEGORY_PREFIXES).flat();
  let query = supabase
    .from("audit_log")
    .select("id, occurred_at, action, entity_type, entity_id, details, organization_id, actor_user_id", { count: "exact" })
    // Quoted: the prefixes contain dots, which PostgREST's filter syntax would otherwise split on.
    .or(prefixes.map((prefix) => `action.like."${prefix}*"`).join(","));
  if (organizationId) query = query.or(`organization_id.eq.${organizationId},actor_organization_id.eq.${organizationId}`);
  const from = (page - 1) * pageSize;
  const { data, error, count } = await query
    .order("occurred_at", { ascending: false })
    .order("id", { ascending: false })
    .range(from, from + pageSize - 1);
  // Asking past the last page is not an error: the page is empty and the count says so.
  if (error && error.code !== "PGRST103") throw new UnexpectedDataError("Reading the audit log", error);
  const rows = (error ? [] : (data ?? [])) as Array<Omit<AuditEntry, "organization_name" | "actor_name" | "subject_name">>;
  const total = count ?? 0;

  const organizationIds = [...new Set(rows.map((row) => row.organization_id).filter((id): id is string => Boolean(id)))];
  const userIds = [
    ...new Set(
      rows.flatMap((row) => [row.actor_user_id, typeof row.details.user_id === "string" ? row.details.user_id : null]).filter((id): id is string => Boolean(id)),
    ),
  ];
  const [organizations, people] = await Promise.all([
    organizationIds.length
      ? supabase.from("organizations").select("id, name_en, name_ko").in("id", organizationIds)
      : Promise.resolve({ data: [] as Array<{ id: string; name_en: string; name_ko: string | null }> }),
    // Names of people outside the reader's organizations stay hidden by profiles' own policies.
    userIds.length ? supabase.from("profiles").select("user_id, display_name").in("user_id", userIds) : Promise.resolve({ data: [] as Array<{ user_id: string; display_name: string }> }),
  ]);
  const organizationNames = new Map(
    ((organizations.data ?? []) as Array<{ id: string; name_en: string; name_ko: string | null }>).map((row) => [row.id, { en: row.name_en, ko: row.name_ko }]),
  );
  const names = new Map(((people.data ?? []) as Array<{ user_id: string; display_name: string }>).map((row) => [row.user_id, row.display_name]));
  const entries = rows.map((row) => ({
    ...row,
    organization_name: row.organization_id ? (organizationNames.get(row.organization_id) ?? null) : null,
    actor_name: row.actor_user_id ? (names.get(row.actor_user_id) ?? null) : null,
    subject_name: typeof row.details.user_id === "string" ? (names.get(row.details.user_id) ?? null) : null,
  }));
  return { entries, total, page, pages: Math.max(1, Math.ceil(total / pageSize)), pageSize };
}
