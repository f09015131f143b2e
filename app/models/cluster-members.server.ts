import { createHash } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import { expiryOf, todayInKorea } from "~/suppliers/expiry";
import { classifyPostgrestError, fail, ok, type Result } from "./result.server";
import { isAdminRole, listMemberships, type VerificationStatus } from "./sme.server";

/*
 * The cluster authority's side: the clusters it manages, their member SMEs with what needs
 * attention (pending verification, certificates expiring or expired), and invitations to join.
 */

export type ManagedCluster = {
  id: string;
  slug: string;
  name_en: string;
  name_ko: string;
  managing_organization_id: string;
  /** Whether the user may decide (owner/admin of the authority) rather than only look. */
  canDecide: boolean;
};

export async function listManagedClusters(supabase: SupabaseClient, { userId }: { userId: string }): Promise<ManagedCluster[]> {
  const memberships = (await listMemberships(supabase, { userId })).filter((membership) => membership.kind === "cluster_authority");
  if (memberships.length === 0) return [];
  const { data, error } = await supabase
    .from("clusters")
    .select("id, slug, name_en, name_ko, managing_organization_id")
    .in(
      "managing_organization_id",
      memberships.map((membership) => membership.organization_id),
    )
    .order("name_en");
  if (error) throw new Error(`Could not read clusters: ${error.message}`);
  return (data ?? []).map((cluster) => ({
    ...(cluster as Omit<ManagedCluster, "canDecide">),
    canDecide: memberships.some((membership) => membership.organization_id === cluster.managing_organization_id && isAdminRole(membership.role)),
  }));
}

export type MemberSummary = {
  organization_id: string;
  name_en: string;
  name_ko: string | null;
  is_fictional: boolean;
  cluster_id: string;
  published: boolean;
  verification_status: VerificationStatus;
  verified_at: string | null;
  updated_at: string;
  certification_count: number;
  pending_certifications: number;
  expiring_certifications: number;
  expired_certifications: number;
};

export type CertificateAttention = {
  certification_id: string;
  organization_id: string;
  organization_name_en: string;
  organization_name_ko: string | null;
  certification_type_code: string;
  expires_on: string;
  state: "expiring" | "expired";
  days_left: number;
};

const PAGE = 1000;

/** Every member SME of the given clusters, drafts included (the authority sees them), newest change first. */
export async function listClusterMembers(
  supabase: SupabaseClient,
  { clusterIds, today = todayInKorea() }: { clusterIds: string[]; today?: string },
): Promise<{ members: MemberSummary[]; attention: CertificateAttention[] }> {
  if (clusterIds.length === 0) return { members: [], attention: [] };
  const members: MemberSummary[] = [];
  const attention: CertificateAttention[] = [];
  for (let from = 0; ; from += PAGE) {
    const { data, error } = await supabase
      .from("sme_profiles")
      .select(
        "organization_id, cluster_id, published, verification_status, verified_at, updated_at, organizations!sme_profiles_organization_id_fkey!inner(name_en, name_ko, is_fictional), sme_certifications(id, certification_type_code, expires_on, verification_status)",
      )
      .in("cluster_id", clusterIds)
      .order("updated_at", { ascending: false })
      .order("organization_id")
      .range(from, from + PAGE - 1);
    if (error) throw new Error(`Could not read cluster members: ${error.message}`);
    for (const row of data ?? []) {
      const organization = row.organizations as unknown as { name_en: string; name_ko: string | null; is_fictional: boolean };
      const certifications = (row.sme_certifications ?? []) as Array<{
        id: string;
        certification_type_code: string;
        expires_on: string | null;
        verification_status: VerificationStatus;
      }>;
      let expiring = 0;
      let expired = 0;
      for (const certification of certifications) {
        const expiry = expiryOf(certification.expires_on, today);
        if (expiry.state === "expiring" || expiry.state === "expired") {
          if (expiry.state === "expiring") expiring++;
          else expired++;
          attention.push({
            certification_id: certification.id,
            organization_id: row.organization_id as string,
            organization_name_en: organization.name_en,
            organization_name_ko: organization.name_ko,
            certification_type_code: certification.certification_type_code,
            expires_on: certification.expires_on as string,
            state: expiry.state,
            days_left: expiry.daysLeft ?? 0,
          });
        }
      }
      members.push({
        organization_id: row.organization_id as string,
        name_en: organization.name_en,
        name_ko: organization.name_ko,
        is_fictional: organization.is_fictional,
        cluster_id: row.cluster_id as string,
        published: row.published as boolean,
        verification_status: row.verification_status as VerificationStatus,
        verified_at: row.verified_at as string | null,
        updated_at: row.updated_at as string,
        certification_count: certifications.length,
        pending_certifications: certifications.filter((c) => c.verification_status === "pending" || c.verification_status === "unverified").length,
        expiring_certifications: expiring,
        expired_certifications: expired,
      });
    }
    if (!data || data.length < PAGE) break;
  }
  // Soonest expiry first; expired ones (negative days) lead.
  attention.sort((a, b) => a.days_left - b.days_left);
  return { members, attention };
}

export type OutgoingInvitation = {
  id: string;
  cluster_id: string;
  email: string;
  message: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  declined_at: string | null;
  revoked_at: string | null;
  accepted_organization_id: string | null;
};

export async function listClusterInvitations(supabase: SupabaseClient, { clusterIds }: { clusterIds: string[] }): Promise<OutgoingInvitation[]> {
  if (clusterIds.length === 0) return [];
  const { data, error } = await supabase
    .from("cluster_invitations")
    .select("id, cluster_id, email, message, created_at, expires_at, accepted_at, declined_at, revoked_at, accepted_organization_id")
    .in("cluster_id", clusterIds)
    .order("created_at", { ascending: false })
    .limit(200);
  if (error) throw new Error(`Could not read invitations: ${error.message}`);
  return (data ?? []) as OutgoingInvitation[];
}

/**
 * Invites an e-mail address to the cluster, or renews the open invitation to that address. The
 * caller sends the mail; the invitation is what the SME accepts after signing in with that address.
 */
export async function inviteToCluster(
  supabase: SupabaseClient,
  { clusterId, email, message }: { clusterId: string; email: string; message: string | null },
): Promise<Result<{ id: string; renewed: boolean }>> {
  const normalized = email.trim().toLowerCase();
  const inserted = await supabase.from("cluster_invitations").insert({ cluster_id: clusterId, email: normalized, message }).select("id").single();
  if (!inserted.error) return ok({ id: inserted.data.id as string, renewed: false });
  const problem = classifyPostgrestError(inserted.error);
  if (problem.code !== "conflict") return { ok: false, error: problem };

  const expiresAt = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString();
  const renewed = await supabase
    .from("cluster_invitations")
    .update({ expires_at: expiresAt, message })
    .eq("cluster_id", clusterId)
    .ilike("email", normalized.replace(/[\\%_]/g, (c) => `\\${c}`))
    .is("accepted_at", null)
    .is("declined_at", null)
    .is("revoked_at", null)
    .select("id");
  if (renewed.error) return { ok: false, error: classifyPostgrestError(renewed.error) };
  const id = (renewed.data?.[0] as { id: string } | undefined)?.id;
  return id ? ok({ id, renewed: true }) : fail("conflict");
}

/** Revokes an open invitation; answers the cluster it was for. */
export async function revokeClusterInvitation(supabase: SupabaseClient, { invitationId }: { invitationId: string }): Promise<Result<{ cluster_id: string }>> {
  const { data, error } = await supabase
    .from("cluster_invitations")
    .update({ revoked_at: new Date().toISOString() })
    .eq("id", invitationId)
    .is("accepted_at", null)
    .is("declined_at", null)
    .is("revoked_at", null)
    .select("id, cluster_id");
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  const row = data?.[0] as { cluster_id: string } | undefined;
  return row ? ok({ cluster_id: row.cluster_id }) : fail("not_found");
}

/** Appends to the audit log as the caller; the database stamps who. */
export async function recordAudit(
  supabase: SupabaseClient,
  entry: { organizationId: string; actorOrganizationId?: string | null; action: string; entityType: string; entityId: string; details?: Record<string, unknown> },
): Promise<Result<null>> {
  const { error } = await supabase.from("audit_log").insert({
    organization_id: entry.organizationId,
    actor_organization_id: entry.actorOrganizationId ?? null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    details: entry.details ?? {},
  });
  return error ? { ok: false, error: classifyPostgrestError(error) } : ok(null);
}

/** A stable, non-reversible reference to an e-mail address for audit details. */
export function emailFingerprint(email: string) {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 16);
}
