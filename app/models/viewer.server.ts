/**
 * Who the signed-in user acts for: their organizations, kinds and roles. Pages use it to choose
 * what to offer (post a need, express interest); the database enforces the same rules anyway.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import { UnexpectedDataError } from "./workflow-errors";

export type OrganizationKind = "contractor" | "sme" | "cluster_authority" | "government_reviewer" | "platform";
export type MembershipRole = "owner" | "admin" | "member";

export type ViewerOrganization = {
  id: string;
  kind: OrganizationKind;
  role: MembershipRole;
  name_en: string;
  name_ko: string | null;
  slug: string;
};

export type Viewer = {
  userId: string;
  organizations: ViewerOrganization[];
};

export async function getViewer(supabase: SupabaseClient, userId: string): Promise<Viewer> {
  const { data, error } = await supabase
    .from("memberships")
    .select("role, organization:organizations(id, kind, name_en, name_ko, slug)")
    .eq("user_id", userId)
    .order("created_at");
  if (error) throw new UnexpectedDataError("Reading memberships", error);
  const organizations = ((data ?? []) as unknown as Array<{ role: MembershipRole; organization: Omit<ViewerOrganization, "role"> | null }>)
    .filter((row) => row.organization)
    .map((row) => ({ ...(row.organization as Omit<ViewerOrganization, "role">), role: row.role }));
  return { userId, organizations };
}

export const isAdminRole = (role: MembershipRole) => role === "owner" || role === "admin";

/** The first organization of a kind, preferring one where the viewer is an admin. */
export function organizationOfKind(viewer: Viewer | null, kind: OrganizationKind): ViewerOrganization | null {
  if (!viewer) return null;
  const ofKind = viewer.organizations.filter((organization) => organization.kind === kind);
  return ofKind.find((organization) => isAdminRole(organization.role)) ?? ofKind[0] ?? null;
}

export function isMemberOf(viewer: Viewer | null, organizationId: string): ViewerOrganization | null {
  return viewer?.organizations.find((organization) => organization.id === organizationId) ?? null;
}
