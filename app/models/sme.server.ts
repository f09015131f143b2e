import { randomUUID } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import { computeCompleteness, type Completeness } from "~/suppliers/completeness";
import { todayInKorea } from "~/suppliers/expiry";
import { checkDocumentUpload, type DocumentKind } from "~/utils/file-type";
import { classifyPostgrestError, fail, ok, type Result } from "./result.server";
import { byCode, loadTaxonomies } from "./taxonomy.server";

/*
 * SME profiles: who may edit which profile, the whole profile as a contractor sees it, and the
 * editor's writes. Every call goes through the caller's own client, so row-level security decides
 * what is visible and writable; these functions turn refusals into results a route can show.
 */

export type OrganizationKind = "contractor" | "sme" | "cluster_authority" | "government_reviewer" | "platform";
export type MembershipRole = "owner" | "admin" | "member";
export type VerificationStatus = "unverified" | "pending" | "verified" | "rejected";

export type Membership = {
  organization_id: string;
  role: MembershipRole;
  kind: OrganizationKind;
  slug: string;
  name_en: string;
  name_ko: string | null;
};

export const isAdminRole = (role: MembershipRole) => role === "owner" || role === "admin";

export async function listMemberships(supabase: SupabaseClient, { userId }: { userId: string }): Promise<Membership[]> {
  const { data, error } = await supabase
    .from("memberships")
    .select("organization_id, role, organizations!inner(kind, slug, name_en, name_ko)")
    .eq("user_id", userId)
    .order("created_at");
  if (error) throw new Error(`Could not read memberships: ${error.message}`);
  return (data ?? []).map((row) => {
    const organization = row.organizations as unknown as { kind: OrganizationKind; slug: string; name_en: string; name_ko: string | null };
    return {
      organization_id: row.organization_id as string,
      role: row.role as MembershipRole,
      kind: organization.kind,
      slug: organization.slug,
      name_en: organization.name_en,
      name_ko: organization.name_ko,
    };
  });
}

/** The SME the user belongs to (the first, when several), with whether they may edit it. */
export async function getSmeMembership(supabase: SupabaseClient, { userId }: { userId: string }) {
  const memberships = await listMemberships(supabase, { userId });
  const membership = memberships.find((item) => item.kind === "sme") ?? null;
  return membership ? { ...membership, canEdit: isAdminRole(membership.role) } : null;
}

// Reading a profile ------------------------------------------------------------------------------

export type Capability = {
  id: string;
  process_code: string;
  material_codes: string[];
  envelope_x_mm: number | null;
  envelope_y_mm: number | null;
  envelope_z_mm: number | null;
  tolerance_mm: number | null;
  capacity_note: string | null;
  description_en: string | null;
  description_ko: string | null;
  tags: string[];
};

export type Equipment = {
  id: string;
  name: string;
  manufacturer: string | null;
  model: string | null;
  quantity: number;
  year_installed: number | null;
  process_code: string | null;
  specs_en: string | null;
  specs_ko: string | null;
};

export type Certification = {
  id: string;
  certification_type_code: string;
  certificate_number: string | null;
  issuer: string | null;
  scope_note: string | null;
  issued_on: string | null;
  expires_on: string | null;
  document_path: string | null;
  verification_status: VerificationStatus;
  verified_by: string | null;
  verified_at: string | null;
  rejection_reason: string | null;
};

export type Site = {
  id: string;
  name_en: string | null;
  name_ko: string | null;
  address_en: string | null;
  address_ko: string | null;
  region: string | null;
  lat: number;
  lng: number;
  is_primary: boolean;
};

export type Bilingual = { en: string; ko: string };

export type Verifier = { display_name: string; organization_name_en: string; organization_name_ko: string | null };

export type SupplierProfile = {
  organization: {
    id: string;
    slug: string;
    name_en: string;
    name_ko: string | null;
    website: string | null;
    country: string;
    is_fictional: boolean;
  };
  profile: {
    description_en: string | null;
    description_ko: string | null;
    employees: number | null;
    founded_year: number | null;
    revenue_band: string | null;
    defense_designated: boolean;
    security_assessment_passed: boolean;
    export_experience: boolean;
    export_countries: string[];
    capacity_note: string | null;
    contact_email: string | null;
    contact_phone: string | null;
    brochure_path: string | null;
    tags: string[];
    cluster_id: string | null;
    published: boolean;
    published_at: string | null;
    verification_status: VerificationStatus;
    verified_by: string | null;
    verified_at: string | null;
    rejection_reason: string | null;
    external_id: string | null;
    imported_by_organization_id: string | null;
    updated_at: string;
  };
  cluster: { id: string; slug: string; name_en: string; name_ko: string; managing_organization_id: string | null } | null;
  capabilities: Capability[];
  equipment: Equipment[];
  certifications: Certification[];
  sites: Site[];
  /** Labels of every code the profile uses, so the page needs no taxonomy of its own. */
  labels: { processes: Record<string, Bilingual>; materials: Record<string, Bilingual>; certificationTypes: Record<string, Bilingual> };
  verifiers: Record<string, Verifier>;
  brochureUrl: string | null;
  /** Materials over all capabilities, in first-seen order. */
  materialCodes: string[];
};

const PROFILE_COLUMNS =
  "organization_id, description_en, description_ko, employees, founded_year, revenue_band, defense_designated, security_assessment_passed, export_experience, export_countries, capacity_note, contact_email, contact_phone, brochure_path, tags, cluster_id, published, published_at, verification_status, verified_by, verified_at, rejection_reason, external_id, imported_by_organization_id, updated_at";

function must<T>(result: { data: T | null; error: { message: string; code?: string } | null }, what: string): T {
  if (result.error) throw new Error(`Could not read ${what}: ${result.error.message}`);
  return result.data as T;
}

/**
 * The whole profile of one SME as the caller may see it, or null when it does not exist or is
 * not visible to them (a draft of someone else's).
 */
export async function getSupplierProfile(supabase: SupabaseClient, { organizationId }: { organizationId: string }): Promise<SupplierProfile | null> {
  if (!isUuid(organizationId)) return null;
  const [profileResult, organizationResult] = await Promise.all([
    supabase.from("sme_profiles").select(PROFILE_COLUMNS).eq("organization_id", organizationId).maybeSingle(),
    supabase.from("organizations").select("id, slug, name_en, name_ko, website, country, is_fictional").eq("id", organizationId).maybeSingle(),
  ]);
  const profile = must(profileResult, "the profile") as SupplierProfile["profile"] | null;
  const organization = must(organizationResult, "the organization") as SupplierProfile["organization"] | null;
  if (!profile || !organization) return null;

  const [capabilities, equipment, certifications, sites, cluster, taxonomies] = await Promise.all([
    supabase
      .from("sme_capabilities")
      .select("id, process_code, material_codes, envelope_x_mm, envelope_y_mm, envelope_z_mm, tolerance_mm, capacity_note, description_en, description_ko, tags, created_at")
      .eq("organization_id", organizationId)
      .order("created_at")
      .order("id"),
    supabase
      .from("sme_equipment")
      .select("id, name, manufacturer, model, quantity, year_installed, process_code, specs_en, specs_ko, created_at")
      .eq("organization_id", organizationId)
      .order("created_at")
      .order("id"),
    supabase
      .from("sme_certifications")
      .select("id, certification_type_code, certificate_number, issuer, scope_note, issued_on, expires_on, document_path, verification_status, verified_by, verified_at, rejection_reason, created_at")
      .eq("organization_id", organizationId)
      .order("created_at")
      .order("id"),
    supabase
      .from("sme_sites")
      .select("id, name_en, name_ko, address_en, address_ko, region, lat, lng, is_primary, created_at")
      .eq("organization_id", organizationId)
      .order("is_primary", { ascending: false })
      .order("created_at")
      .order("id"),
    profile.cluster_id
      ? supabase.from("clusters").select("id, slug, name_en, name_ko, managing_organization_id").eq("id", profile.cluster_id).maybeSingle()
      : Promise.resolve({ data: null, error: null }),
    loadTaxonomies(supabase),
  ]);

  const capabilityRows = must(capabilities, "capabilities") as Capability[];
  const certificationRows = must(certifications, "certifications") as Certification[];
  const processes = byCode(taxonomies.processes);
  const materials = byCode(taxonomies.materials);
  const certificationTypes = byCode(taxonomies.certificationTypes);
  const materialCodes = [...new Set(capabilityRows.flatMap((capability) => capability.material_codes))];
  const label = (entry: { label_en: string; label_ko: string } | undefined, code: string): Bilingual =>
    entry ? { en: entry.label_en, ko: entry.label_ko } : { en: code, ko: code };
  const equipmentRows = must(equipment, "equipment") as Equipment[];

  const verifierIds = [
    ...new Set([profile.verified_by, ...certificationRows.map((certification) => certification.verified_by)].filter((id): id is string => Boolean(id))),
  ];
  const verifiers: Record<string, Verifier> = {};
  if (verifierIds.length > 0) {
    const { data, error } = await supabase.rpc("verifier_details", { user_ids: verifierIds });
    if (error) throw new Error(`Could not read verifier details: ${error.message}`);
    for (const row of (data ?? []) as Array<{ user_id: string } & Verifier>) {
      verifiers[row.user_id] = { display_name: row.display_name, organization_name_en: row.organization_name_en, organization_name_ko: row.organization_name_ko };
    }
  }

  return {
    organization,
    profile,
    cluster: (must(cluster, "the cluster") as SupplierProfile["cluster"]) ?? null,
    capabilities: capabilityRows.map(stripCreatedAt),
    equipment: equipmentRows.map(stripCreatedAt),
    certifications: certificationRows.map(stripCreatedAt),
    sites: (must(sites, "sites") as Site[]).map(stripCreatedAt),
    labels: {
      processes: Object.fromEntries(
        [...capabilityRows.map((c) => c.process_code), ...equipmentRows.map((e) => e.process_code).filter((c): c is string => Boolean(c))].map((code) => [
          code,
          label(processes.get(code), code),
        ]),
      ),
      materials: Object.fromEntries(materialCodes.map((code) => [code, label(materials.get(code), code)])),
      certificationTypes: Object.fromEntries(certificationRows.map((c) => [c.certification_type_code, label(certificationTypes.get(c.certification_type_code), c.certification_type_code)])),
    },
    verifiers,
    brochureUrl: profile.brochure_path ? supabase.storage.from("brochures").getPublicUrl(profile.brochure_path).data.publicUrl : null,
    materialCodes,
  };
}

function stripCreatedAt<T extends object>(row: T): Omit<T, "created_at"> {
  const { created_at: _createdAt, ...rest } = row as T & { created_at?: unknown };
  return rest;
}

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export function completenessOf(supplier: SupplierProfile, today = todayInKorea()): Completeness {
  return computeCompleteness(
    {
      name_ko: supplier.organization.name_ko,
      description_en: supplier.profile.description_en,
      description_ko: supplier.profile.description_ko,
      employees: supplier.profile.employees,
      founded_year: supplier.profile.founded_year,
      website: supplier.organization.website,
      contact_email: supplier.profile.contact_email,
      capability_count: supplier.capabilities.length,
      material_count: supplier.materialCodes.length,
      certifications: supplier.certifications,
      site_count: supplier.sites.length,
      equipment_count: supplier.equipment.length,
      brochure_path: supplier.profile.brochure_path,
    },
    today,
  );
}

// Writing a profile ------------------------------------------------------------------------------

export type SmeDetails = {
  name_en: string;
  name_ko: string | null;
  website: string | null;
  description_en: string | null;
  description_ko: string | null;
  employees: number | null;
  founded_year: number | null;
  revenue_band: string | null;
  defense_designated: boolean;
  security_assessment_passed: boolean;
  export_experience: boolean;
  export_countries: string[];
  capacity_note: string | null;
  contact_email: string | null;
  contact_phone: string | null;
};

/** Organization and profile fields together, in one transaction. */
export async function saveSmeDetails(supabase: SupabaseClient, { organizationId, details }: { organizationId: string; details: SmeDetails }): Promise<Result<null>> {
  const { error } = await supabase.rpc("save_sme_details", { p_organization_id: organizationId, p_details: details });
  return error ? { ok: false, error: classifyPostgrestError(error) } : ok(null);
}

/** Applies an update that must hit exactly the caller's own row; zero rows means not allowed. */
async function updateOwn(
  query: PromiseLike<{ data: unknown[] | null; error: { code: string; message: string } | null }>,
): Promise<Result<null>> {
  const { data, error } = await query;
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  return data && data.length > 0 ? ok(null) : fail("not_found");
}

export async function setPublished(supabase: SupabaseClient, { organizationId, published }: { organizationId: string; published: boolean }) {
  return updateOwn(supabase.from("sme_profiles").update({ published }).eq("organization_id", organizationId).select("organization_id"));
}

export async function setTags(supabase: SupabaseClient, { organizationId, tags }: { organizationId: string; tags: string[] }) {
  return updateOwn(supabase.from("sme_profiles").update({ tags }).eq("organization_id", organizationId).select("organization_id"));
}

export async function leaveCluster(supabase: SupabaseClient, { organizationId }: { organizationId: string }) {
  return updateOwn(supabase.from("sme_profiles").update({ cluster_id: null }).eq("organization_id", organizationId).select("organization_id"));
}

export type CapabilityInput = {
  material_codes: string[];
  envelope_x_mm: number | null;
  envelope_y_mm: number | null;
  envelope_z_mm: number | null;
  tolerance_mm: number | null;
  capacity_note: string | null;
  description_en: string | null;
  description_ko: string | null;
};

export async function addCapability(supabase: SupabaseClient, { organizationId, processCode }: { organizationId: string; processCode: string }): Promise<Result<string>> {
  const { data, error } = await supabase
    .from("sme_capabilities")
    .insert({ organization_id: organizationId, process_code: processCode })
    .select("id")
    .single();
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  return ok(data.id as string);
}

export async function updateCapability(
  supabase: SupabaseClient,
  { organizationId, capabilityId, input }: { organizationId: string; capabilityId: string; input: CapabilityInput },
) {
  return updateOwn(supabase.from("sme_capabilities").update(input).eq("id", capabilityId).eq("organization_id", organizationId).select("id"));
}

export async function removeCapability(supabase: SupabaseClient, { organizationId, capabilityId }: { organizationId: string; capabilityId: string }) {
  return updateOwn(supabase.from("sme_capabilities").delete().eq("id", capabilityId).eq("organization_id", organizationId).select("id"));
}

/** Adds or removes one material on every capability (the supplier-wide material list), atomically. */
export async function setMaterialOnCapabilities(
  supabase: SupabaseClient,
  { organizationId, materialCode, present }: { organizationId: string; materialCode: string; present: boolean },
): Promise<Result<number>> {
  const { data, error } = await supabase.rpc("set_capability_material", {
    p_organization_id: organizationId,
    p_material_code: materialCode,
    p_present: present,
  });
  return error ? { ok: false, error: classifyPostgrestError(error) } : ok(Number(data));
}

export type EquipmentInput = Omit<Equipment, "id">;

export async function addEquipment(supabase: SupabaseClient, { organizationId, input }: { organizationId: string; input: EquipmentInput }): Promise<Result<string>> {
  const { data, error } = await supabase.from("sme_equipment").insert({ ...input, organization_id: organizationId }).select("id").single();
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  return ok(data.id as string);
}

export async function updateEquipment(
  supabase: SupabaseClient,
  { organizationId, equipmentId, input }: { organizationId: string; equipmentId: string; input: EquipmentInput },
) {
  return updateOwn(supabase.from("sme_equipment").update(input).eq("id", equipmentId).eq("organization_id", organizationId).select("id"));
}

export async function removeEquipment(supabase: SupabaseClient, { organizationId, equipmentId }: { organizationId: string; equipmentId: string }) {
  return updateOwn(supabase.from("sme_equipment").delete().eq("id", equipmentId).eq("organization_id", organizationId).select("id"));
}

export type SiteInput = Omit<Site, "id" | "is_primary">;

export async function addSite(supabase: SupabaseClient, { organizationId, input }: { organizationId: string; input: SiteInput }): Promise<Result<string>> {
  // The first site becomes the primary one, so a profile with sites always has a pin for the map.
  const existing = await supabase.from("sme_sites").select("id", { count: "exact", head: true }).eq("organization_id", organizationId);
  if (existing.error) return { ok: false, error: classifyPostgrestError(existing.error) };
  const { data, error } = await supabase
    .from("sme_sites")
    .insert({ ...input, organization_id: organizationId, is_primary: (existing.count ?? 0) === 0 })
    .select("id")
    .single();
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  return ok(data.id as string);
}

export async function updateSite(supabase: SupabaseClient, { organizationId, siteId, input }: { organizationId: string; siteId: string; input: SiteInput }) {
  return updateOwn(supabase.from("sme_sites").update(input).eq("id", siteId).eq("organization_id", organizationId).select("id"));
}

export async function removeSite(supabase: SupabaseClient, { organizationId, siteId }: { organizationId: string; siteId: string }): Promise<Result<null>> {
  const removed = await supabase.from("sme_sites").delete().eq("id", siteId).eq("organization_id", organizationId).select("id, is_primary");
  if (removed.error) return { ok: false, error: classifyPostgrestError(removed.error) };
  if (!removed.data || removed.data.length === 0) return fail("not_found");
  if ((removed.data[0] as { is_primary: boolean }).is_primary) {
    const next = await supabase.from("sme_sites").select("id").eq("organization_id", organizationId).order("created_at").limit(1);
    const nextId = (next.data?.[0] as { id: string } | undefined)?.id;
    if (nextId) return setPrimarySite(supabase, { siteId: nextId });
  }
  return ok(null);
}

export async function setPrimarySite(supabase: SupabaseClient, { siteId }: { siteId: string }): Promise<Result<null>> {
  const { error } = await supabase.rpc("set_primary_site", { p_site_id: siteId });
  return error ? { ok: false, error: classifyPostgrestError(error) } : ok(null);
}

// Brochure ---------------------------------------------------------------------------------------

export const BROCHURE_KINDS: readonly DocumentKind[] = ["pdf", "png", "jpeg"];

export type UploadRefusal = "empty" | "too_large" | "type_not_allowed";

/**
 * Stores a new brochure in the public bucket under the SME's folder and points the profile at it;
 * the previous file is removed only after the profile points at the new one.
 */
export async function replaceBrochure(
  supabase: SupabaseClient,
  { organizationId, bytes }: { organizationId: string; bytes: Uint8Array },
): Promise<Result<string> | { ok: false; refusal: UploadRefusal }> {
  const check = checkDocumentUpload(bytes, { allowed: BROCHURE_KINDS });
  if (!check.ok) return { ok: false, refusal: check.reason };
  const current = await supabase.from("sme_profiles").select("brochure_path").eq("organization_id", organizationId).maybeSingle();
  if (current.error) return { ok: false, error: classifyPostgrestError(current.error) };
  if (!current.data) return fail("not_found");

  const path = `${organizationId}/brochure-${randomUUID()}.${check.type.extension}`;
  const upload = await supabase.storage.from("brochures").upload(path, bytes, { contentType: check.type.mime, upsert: false });
  if (upload.error) return fail(storageErrorCode(upload.error), upload.error.message);

  const saved = await updateOwn(supabase.from("sme_profiles").update({ brochure_path: path }).eq("organization_id", organizationId).select("organization_id"));
  if (!saved.ok) {
    await supabase.storage.from("brochures").remove([path]);
    return saved;
  }
  const previous = (current.data as { brochure_path: string | null }).brochure_path;
  if (previous) await supabase.storage.from("brochures").remove([previous]);
  return ok(path);
}

export async function removeBrochure(supabase: SupabaseClient, { organizationId }: { organizationId: string }): Promise<Result<null>> {
  const current = await supabase.from("sme_profiles").select("brochure_path").eq("organization_id", organizationId).maybeSingle();
  if (current.error) return { ok: false, error: classifyPostgrestError(current.error) };
  const previous = (current.data as { brochure_path: string | null } | null)?.brochure_path;
  if (!previous) return ok(null);
  const saved = await updateOwn(supabase.from("sme_profiles").update({ brochure_path: null }).eq("organization_id", organizationId).select("organization_id"));
  if (!saved.ok) return saved;
  await supabase.storage.from("brochures").remove([previous]);
  return ok(null);
}

/** Storage errors carry an HTTP status; turn it into what the user can do about it. */
export function storageErrorCode(error: unknown): "forbidden" | "invalid" | "unavailable" | "conflict" {
  const status = Number((error as { statusCode?: string | number; status?: number }).statusCode ?? (error as { status?: number }).status);
  if (status === 403 || status === 401) return "forbidden";
  if (status === 409) return "conflict";
  if (status >= 400 && status < 500) return "invalid";
  return "unavailable";
}

// Profile verification (cluster authority) -------------------------------------------------------

export type VerificationDecision = "verified" | "rejected";

/** The authority's decision on a member's profile; the database stamps who and when and audits it. */
export async function decideProfileVerification(
  supabase: SupabaseClient,
  { organizationId, decision, reason }: { organizationId: string; decision: VerificationDecision; reason: string | null },
): Promise<Result<null>> {
  return updateOwn(
    supabase
      .from("sme_profiles")
      .update({ verification_status: decision, rejection_reason: decision === "rejected" ? reason : null })
      .eq("organization_id", organizationId)
      .select("organization_id"),
  );
}

/** An SME asks its authority to look at the profile again (after changes or a rejection). */
export async function requestProfileVerification(supabase: SupabaseClient, { organizationId }: { organizationId: string }) {
  return updateOwn(supabase.from("sme_profiles").update({ verification_status: "pending" }).eq("organization_id", organizationId).select("organization_id"));
}

// Cluster invitations (the SME's side) -----------------------------------------------------------

export type IncomingInvitation = {
  id: string;
  cluster: { id: string; slug: string; name_en: string; name_ko: string };
  message: string | null;
  created_at: string;
  expires_at: string;
};

/** Open invitations addressed to the signed-in user's e-mail address. */
export async function listIncomingClusterInvitations(supabase: SupabaseClient, { email }: { email: string }): Promise<IncomingInvitation[]> {
  const { data, error } = await supabase
    .from("cluster_invitations")
    .select("id, message, created_at, expires_at, clusters!inner(id, slug, name_en, name_ko)")
    .ilike("email", escapeLike(email))
    .is("accepted_at", null)
    .is("declined_at", null)
    .is("revoked_at", null)
    .gt("expires_at", new Date().toISOString())
    .order("created_at", { ascending: false });
  if (error) throw new Error(`Could not read cluster invitations: ${error.message}`);
  return (data ?? []).map((row) => ({
    id: row.id as string,
    message: row.message as string | null,
    created_at: row.created_at as string,
    expires_at: row.expires_at as string,
    cluster: row.clusters as unknown as IncomingInvitation["cluster"],
  }));
}

function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export async function acceptClusterInvitation(
  supabase: SupabaseClient,
  { invitationId, organizationId }: { invitationId: string; organizationId: string },
): Promise<Result<string>> {
  const { data, error } = await supabase.rpc("accept_cluster_invitation", { invitation_id: invitationId, sme_organization_id: organizationId });
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  return ok(data as string);
}

export async function declineClusterInvitation(supabase: SupabaseClient, { invitationId }: { invitationId: string }): Promise<Result<null>> {
  const { error } = await supabase.rpc("decline_cluster_invitation", { invitation_id: invitationId });
  return error ? { ok: false, error: classifyPostgrestError(error) } : ok(null);
}
