import type { SupabaseClient } from "@supabase/supabase-js";
import { parseClusterContent, type ClusterContent } from "~/clusters/content";
import type { ClusterContentInput, LandParcelInput } from "~/clusters/schemas";
import { classifyPostgrestError, fail, ok, type Result } from "./result.server";

/*
 * Defense innovation clusters: the public pages, the authority's edits and its land parcels.
 * Every call runs as the caller's client, so row-level security decides: anyone reads clusters
 * and parcels; the managing authority's admins (and the platform) edit them; the database
 * refuses a cluster's designation, slug or authority changed by anyone but the platform.
 */

export type OrganizationKind = "contractor" | "sme" | "cluster_authority" | "government_reviewer" | "platform";
export type Role = "owner" | "admin" | "member";

export type ViewerMembership = {
  organizationId: string;
  role: Role;
  kind: OrganizationKind;
  nameEn: string;
  nameKo: string | null;
};

export type ManagedCluster = { id: string; slug: string; name_en: string; name_ko: string; canEdit: boolean };

export type Viewer = {
  userId: string;
  memberships: ViewerMembership[];
  isPlatform: boolean;
  /** Clusters managed by an organization the user belongs to; canEdit for its owners and admins. */
  managedClusters: ManagedCluster[];
  /** Contractor organizations where the user may act (owner or admin). */
  contractorAdminOrgs: ViewerMembership[];
  contractorOrgIds: string[];
};

const isAdmin = (role: Role) => role === "owner" || role === "admin";

export async function getViewer(supabase: SupabaseClient, { userId }: { userId: string }): Promise<Viewer> {
  const { data, error } = await supabase
    .from("memberships")
    .select("organization_id, role, organizations!inner(kind, name_en, name_ko)")
    .eq("user_id", userId)
    .order("created_at");
  if (error) throw new Error(`Could not read memberships: ${error.message}`);
  const memberships: ViewerMembership[] = (data ?? []).map((row) => {
    const organization = row.organizations as unknown as { kind: OrganizationKind; name_en: string; name_ko: string | null };
    return {
      organizationId: row.organization_id as string,
      role: row.role as Role,
      kind: organization.kind,
      nameEn: organization.name_en,
      nameKo: organization.name_ko,
    };
  });
  const authorityOrgs = memberships.filter((m) => m.kind === "cluster_authority" || m.kind === "platform");
  let managedClusters: ManagedCluster[] = [];
  const authorityIds = memberships.filter((m) => m.kind === "cluster_authority").map((m) => m.organizationId);
  if (authorityIds.length > 0) {
    const clusters = await supabase
      .from("clusters")
      .select("id, slug, name_en, name_ko, managing_organization_id")
      .in("managing_organization_id", authorityIds)
      .order("name_en");
    if (clusters.error) throw new Error(`Could not read managed clusters: ${clusters.error.message}`);
    managedClusters = (clusters.data ?? []).map((cluster) => ({
      id: cluster.id as string,
      slug: cluster.slug as string,
      name_en: cluster.name_en as string,
      name_ko: cluster.name_ko as string,
      canEdit: memberships.some((m) => m.organizationId === cluster.managing_organization_id && isAdmin(m.role)),
    }));
  }
  const contractorMemberships = memberships.filter((m) => m.kind === "contractor");
  return {
    userId,
    memberships,
    isPlatform: authorityOrgs.some((m) => m.kind === "platform"),
    managedClusters,
    contractorAdminOrgs: contractorMemberships.filter((m) => isAdmin(m.role)),
    contractorOrgIds: contractorMemberships.map((m) => m.organizationId),
  };
}

// Reading ------------------------------------------------------------------------------------

export type ClusterListItem = {
  id: string;
  slug: string;
  name_en: string;
  name_ko: string;
  region: string;
  designation: "designated" | "candidate";
  designation_year: number | null;
  focus_areas_en: string[];
  focus_areas_ko: string[];
  center_lat: number;
  center_lng: number;
  boundary: unknown;
  memberCount: number;
  verifiedMemberCount: number;
  availableParcelCount: number;
  availableAreaM2: number;
};

const LIST_COLUMNS = "id, slug, name_en, name_ko, region, designation, designation_year, focus_areas_en, focus_areas_ko, center_lat, center_lng, boundary";

export async function listClusters(supabase: SupabaseClient): Promise<ClusterListItem[]> {
  const [clusters, overview] = await Promise.all([
    supabase.from("clusters").select(LIST_COLUMNS).order("designation").order("designation_year", { nullsFirst: false }).order("name_en"),
    supabase.rpc("cluster_overview"),
  ]);
  if (clusters.error) throw new Error(`Could not read clusters: ${clusters.error.message}`);
  if (overview.error) throw new Error(`Could not read cluster figures: ${overview.error.message}`);
  const figures = new Map<string, { member_count: number; verified_member_count: number; available_parcel_count: number; available_area_m2: number | string }>(
    ((overview.data ?? []) as Array<{ cluster_id: string; member_count: number; verified_member_count: number; available_parcel_count: number; available_area_m2: number | string }>).map(
      (row) => [row.cluster_id, row],
    ),
  );
  return (clusters.data ?? []).map((row) => {
    const figure = figures.get(row.id as string);
    return {
      ...(row as Omit<ClusterListItem, "memberCount" | "verifiedMemberCount" | "availableParcelCount" | "availableAreaM2">),
      memberCount: figure?.member_count ?? 0,
      verifiedMemberCount: figure?.verified_member_count ?? 0,
      availableParcelCount: figure?.available_parcel_count ?? 0,
      availableAreaM2: Number(figure?.available_area_m2 ?? 0),
    };
  });
}

export type LandParcel = {
  id: string;
  cluster_id: string;
  name_en: string;
  name_ko: string;
  address_en: string | null;
  address_ko: string | null;
  area_m2: number;
  price_per_m2: number | null;
  currency: string;
  zoning: string;
  status: "available" | "reserved" | "sold";
  available_from: string | null;
  lat: number;
  lng: number;
  description_en: string | null;
  description_ko: string | null;
};

const PARCEL_COLUMNS =
  "id, cluster_id, name_en, name_ko, address_en, address_ko, area_m2, price_per_m2, currency, zoning, status, available_from, lat, lng, description_en, description_ko";

function toParcel(row: Record<string, unknown>): LandParcel {
  return {
    ...(row as unknown as LandParcel),
    area_m2: Number(row.area_m2),
    price_per_m2: row.price_per_m2 === null || row.price_per_m2 === undefined ? null : Number(row.price_per_m2),
  };
}

export type ClusterDetail = {
  id: string;
  slug: string;
  name_en: string;
  name_ko: string;
  region: string;
  designation: "designated" | "candidate";
  designation_year: number | null;
  focus_areas_en: string[];
  focus_areas_ko: string[];
  focus_process_codes: string[];
  description_en: string | null;
  description_ko: string | null;
  boundary: unknown;
  center_lat: number;
  center_lng: number;
  website: string | null;
  managing_organization_id: string | null;
  managingOrganization: { id: string; name_en: string; name_ko: string | null; website: string | null; contact_email: string | null } | null;
  content: ClusterContent;
  updated_at: string;
};

const DETAIL_COLUMNS =
  "id, slug, name_en, name_ko, region, designation, designation_year, focus_areas_en, focus_areas_ko, focus_process_codes, description_en, description_ko, boundary, center_lat, center_lng, website, managing_organization_id, incentives, infrastructure, anchor_companies, success_stories, contact, updated_at, organizations(id, name_en, name_ko, website, contact_email)";

export async function getClusterBySlug(supabase: SupabaseClient, { slug }: { slug: string }): Promise<ClusterDetail | null> {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(slug)) return null;
  const { data, error } = await supabase.from("clusters").select(DETAIL_COLUMNS).eq("slug", slug).maybeSingle();
  if (error) throw new Error(`Could not read cluster ${slug}: ${error.message}`);
  if (!data) return null;
  const row = data as Record<string, unknown>;
  const organization = row.organizations as ClusterDetail["managingOrganization"];
  return {
    id: row.id as string,
    slug: row.slug as string,
    name_en: row.name_en as string,
    name_ko: row.name_ko as string,
    region: row.region as string,
    designation: row.designation as ClusterDetail["designation"],
    designation_year: (row.designation_year as number | null) ?? null,
    focus_areas_en: (row.focus_areas_en as string[]) ?? [],
    focus_areas_ko: (row.focus_areas_ko as string[]) ?? [],
    focus_process_codes: (row.focus_process_codes as string[]) ?? [],
    description_en: (row.description_en as string | null) ?? null,
    description_ko: (row.description_ko as string | null) ?? null,
    boundary: row.boundary,
    center_lat: row.center_lat as number,
    center_lng: row.center_lng as number,
    website: (row.website as string | null) ?? null,
    managing_organization_id: (row.managing_organization_id as string | null) ?? null,
    managingOrganization: organization ?? null,
    content: parseClusterContent(row as Parameters<typeof parseClusterContent>[0]),
    updated_at: row.updated_at as string,
  };
}

export async function listParcels(supabase: SupabaseClient, { clusterId }: { clusterId: string }): Promise<LandParcel[]> {
  const { data, error } = await supabase
    .from("land_parcels")
    .select(PARCEL_COLUMNS)
    .eq("cluster_id", clusterId)
    .order("status")
    .order("name_en");
  if (error) throw new Error(`Could not read land parcels: ${error.message}`);
  return (data ?? []).map((row) => toParcel(row as Record<string, unknown>));
}

export async function getParcel(supabase: SupabaseClient, { clusterId, parcelId }: { clusterId: string; parcelId: string }): Promise<LandParcel | null> {
  if (!isUuid(parcelId)) return null;
  const { data, error } = await supabase.from("land_parcels").select(PARCEL_COLUMNS).eq("id", parcelId).eq("cluster_id", clusterId).maybeSingle();
  if (error) throw new Error(`Could not read land parcel: ${error.message}`);
  return data ? toParcel(data as Record<string, unknown>) : null;
}

export type CapabilitySummary = {
  processes: Array<{ code: string; memberCount: number; verifiedMemberCount: number }>;
  certifications: Array<{ code: string; memberCount: number; verifiedMemberCount: number }>;
};

export async function getCapabilitySummary(supabase: SupabaseClient, { clusterId }: { clusterId: string }): Promise<CapabilitySummary> {
  const { data, error } = await supabase.rpc("cluster_capability_summary", { p_cluster_id: clusterId });
  if (error) throw new Error(`Could not read the capability summary: ${error.message}`);
  const rows = (data ?? []) as Array<{ kind: string; code: string; member_count: number; verified_member_count: number }>;
  const pick = (kind: string) =>
    rows
      .filter((row) => row.kind === kind)
      .map((row) => ({ code: row.code, memberCount: row.member_count, verifiedMemberCount: row.verified_member_count }))
      .sort((a, b) => b.memberCount - a.memberCount || a.code.localeCompare(b.code));
  return { processes: pick("process"), certifications: pick("certification") };
}

export type ClusterMember = {
  organization_id: string;
  slug: string;
  name_en: string;
  name_ko: string | null;
  verification_status: string;
  employees: number | null;
  process_codes: string[];
  held_certification_codes: string[];
};

export const MEMBERS_PAGE_SIZE = 40;

export async function listMembers(
  supabase: SupabaseClient,
  { clusterId, page }: { clusterId: string; page: number },
): Promise<{ members: ClusterMember[]; total: number; page: number; pageCount: number }> {
  const safePage = Math.max(1, Math.min(page, 10_000));
  const { data, error } = await supabase.rpc("cluster_members", {
    p_cluster_id: clusterId,
    p_limit: MEMBERS_PAGE_SIZE,
    p_offset: (safePage - 1) * MEMBERS_PAGE_SIZE,
  });
  if (error) throw new Error(`Could not read cluster members: ${error.message}`);
  const rows = (data ?? []) as Array<ClusterMember & { total_count: number }>;
  let total = rows[0]?.total_count !== undefined ? Number(rows[0].total_count) : 0;
  if (rows.length === 0 && safePage > 1) {
    // Past the last page: the window count is not there to tell the total.
    const first = await supabase.rpc("cluster_members", { p_cluster_id: clusterId, p_limit: 1, p_offset: 0 });
    total = Number(((first.data ?? []) as Array<{ total_count: number }>)[0]?.total_count ?? 0);
  }
  return {
    members: rows.map(({ total_count: _total, ...member }) => member),
    total,
    page: safePage,
    pageCount: Math.max(1, Math.ceil(total / MEMBERS_PAGE_SIZE)),
  };
}

export type TaxonomyLabel = { code: string; label_en: string; label_ko: string; category?: string; parent_code?: string | null };

export async function listProcessLabels(supabase: SupabaseClient): Promise<TaxonomyLabel[]> {
  const { data, error } = await supabase.from("processes").select("code, label_en, label_ko, category, parent_code").order("sort_order").order("code");
  if (error) throw new Error(`Could not read processes: ${error.message}`);
  return (data ?? []) as TaxonomyLabel[];
}

export async function listCertificationLabels(supabase: SupabaseClient): Promise<TaxonomyLabel[]> {
  const { data, error } = await supabase.from("certification_types").select("code, label_en, label_ko, category").order("sort_order").order("code");
  if (error) throw new Error(`Could not read certification types: ${error.message}`);
  return (data ?? []) as TaxonomyLabel[];
}

// Writing ------------------------------------------------------------------------------------

/** The jsonb and column values the edit form writes; undefined optional texts are left out. */
export function clusterContentRow(input: ClusterContentInput) {
  const compact = <T extends Record<string, unknown>>(item: T) =>
    Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined && value !== "")) as Partial<T>;
  return {
    name_en: input.name_en,
    name_ko: input.name_ko,
    description_en: input.description_en ?? null,
    description_ko: input.description_ko ?? null,
    focus_areas_en: input.focus_areas_en,
    focus_areas_ko: input.focus_areas_ko,
    focus_process_codes: input.focus_process_codes,
    website: input.website ?? null,
    incentives: input.incentives.map(compact),
    infrastructure: input.infrastructure.map(compact),
    anchor_companies: input.anchors.map(compact),
    success_stories: input.stories.map(compact),
    contact: compact(input.contact),
  };
}

export async function updateClusterContent(
  supabase: SupabaseClient,
  { clusterId, input, designation }: { clusterId: string; input: ClusterContentInput; designation?: { designation: "designated" | "candidate"; designation_year?: number } },
): Promise<Result<null>> {
  const row: Record<string, unknown> = clusterContentRow(input);
  if (designation) {
    row.designation = designation.designation;
    row.designation_year = designation.designation_year ?? null;
  }
  // One statement: the whole page is saved or nothing is.
  const { data, error } = await supabase.from("clusters").update(row).eq("id", clusterId).select("id");
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  if (!data || data.length === 0) return fail("forbidden");
  return ok(null);
}

function parcelRow(input: LandParcelInput) {
  return {
    name_en: input.name_en,
    name_ko: input.name_ko,
    address_en: input.address_en ?? null,
    address_ko: input.address_ko ?? null,
    area_m2: input.area_m2,
    price_per_m2: input.price_per_m2 ?? null,
    currency: input.currency,
    zoning: input.zoning,
    status: input.status,
    available_from: input.available_from ?? null,
    lat: input.lat,
    lng: input.lng,
    description_en: input.description_en ?? null,
    description_ko: input.description_ko ?? null,
  };
}

export async function createParcel(supabase: SupabaseClient, { clusterId, input }: { clusterId: string; input: LandParcelInput }): Promise<Result<string>> {
  const { data, error } = await supabase
    .from("land_parcels")
    .insert({ ...parcelRow(input), cluster_id: clusterId })
    .select("id")
    .single();
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  return ok(data.id as string);
}

export async function updateParcel(
  supabase: SupabaseClient,
  { clusterId, parcelId, input }: { clusterId: string; parcelId: string; input: LandParcelInput },
): Promise<Result<null>> {
  const { data, error } = await supabase.from("land_parcels").update(parcelRow(input)).eq("id", parcelId).eq("cluster_id", clusterId).select("id");
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  if (!data || data.length === 0) return fail("forbidden");
  return ok(null);
}

export async function deleteParcel(supabase: SupabaseClient, { clusterId, parcelId }: { clusterId: string; parcelId: string }): Promise<Result<null>> {
  const { data, error } = await supabase.from("land_parcels").delete().eq("id", parcelId).eq("cluster_id", clusterId).select("id");
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  if (!data || data.length === 0) return fail("forbidden");
  return ok(null);
}

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
