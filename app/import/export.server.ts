import type { SupabaseClient } from "@supabase/supabase-js";
import type { InterchangeRecord } from "./serialize.server";

/*
 * Suppliers as interchange records, read through the caller's client: an export contains exactly
 * the profiles the caller may see (published ones, plus drafts of their own cluster or SME).
 */

export const MAX_EXPORT_SUPPLIERS = 5000;
const CHUNK = 200;

type ProfileRow = {
  organization_id: string;
  description_en: string | null;
  description_ko: string | null;
  employees: number | null;
  founded_year: number | null;
  defense_designated: boolean;
  security_assessment_passed: boolean;
  capacity_note: string | null;
  contact_email: string | null;
  tags: string[];
  published: boolean;
  external_id: string | null;
  organizations: { slug: string; name_en: string; name_ko: string | null; website: string | null; is_fictional: boolean };
  clusters: { slug: string } | null;
  sme_capabilities: Array<{ process_code: string; material_codes: string[]; created_at: string; id: string }>;
  sme_certifications: Array<{ certification_type_code: string; certificate_number: string | null; expires_on: string | null; created_at: string; id: string }>;
  sme_sites: Array<{ name_en: string | null; name_ko: string | null; address_en: string | null; address_ko: string | null; lat: number; lng: number; is_primary: boolean; created_at: string; id: string }>;
};

const SELECT = [
  "organization_id, description_en, description_ko, employees, founded_year, defense_designated, security_assessment_passed, capacity_note, contact_email, tags, published, external_id",
  "organizations!sme_profiles_organization_id_fkey!inner(slug, name_en, name_ko, website, is_fictional)",
  "clusters(slug)",
  "sme_capabilities(id, process_code, material_codes, created_at)",
  "sme_certifications(id, certification_type_code, certificate_number, expires_on, created_at)",
  "sme_sites(id, name_en, name_ko, address_en, address_ko, lat, lng, is_primary, created_at)",
].join(", ");

const byCreation = <T extends { created_at: string; id: string }>(a: T, b: T) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);

export function toInterchangeRecord(row: ProfileRow): InterchangeRecord {
  const capabilities = [...row.sme_capabilities].sort(byCreation);
  const sites = [...row.sme_sites].sort((a, b) => Number(b.is_primary) - Number(a.is_primary) || byCreation(a, b));
  return {
    // Profiles created in the editor have no external id; the slug is stable and unique.
    external_id: row.external_id ?? row.organizations.slug,
    name_en: row.organizations.name_en,
    name_ko: row.organizations.name_ko,
    description_en: row.description_en,
    description_ko: row.description_ko,
    website: row.organizations.website,
    contact_email: row.contact_email,
    employees: row.employees,
    founded_year: row.founded_year,
    defense_designated: row.defense_designated,
    security_clearance: row.security_assessment_passed,
    processes: capabilities.map((capability) => capability.process_code),
    materials: [...new Set(capabilities.flatMap((capability) => capability.material_codes))],
    certifications: [...row.sme_certifications].sort(byCreation).map((certification) => ({
      type: certification.certification_type_code,
      number: certification.certificate_number,
      expires_on: certification.expires_on,
    })),
    sites: sites.map((site) => ({ lat: site.lat, lng: site.lng, name: site.name_en ?? site.name_ko, address: site.address_en ?? site.address_ko })),
    cluster: row.clusters?.slug ?? null,
    capacity_note: row.capacity_note,
    tags: row.tags,
    fictional: row.organizations.is_fictional,
    published: row.published,
  };
}

export type ExportSelection =
  | { kind: "cluster"; clusterId: string }
  | { kind: "imported"; organizationId: string }
  | { kind: "organizations"; organizationIds: string[] };

/** The selected suppliers, in a stable order, at most MAX_EXPORT_SUPPLIERS. */
export async function loadInterchangeRecords(supabase: SupabaseClient, selection: ExportSelection): Promise<InterchangeRecord[]> {
  const records: InterchangeRecord[] = [];
  if (selection.kind === "organizations") {
    for (let start = 0; start < selection.organizationIds.length && records.length < MAX_EXPORT_SUPPLIERS; start += CHUNK) {
      const ids = selection.organizationIds.slice(start, start + CHUNK);
      const { data, error } = await supabase.from("sme_profiles").select(SELECT).in("organization_id", ids);
      if (error) throw new Error(`Could not read suppliers for export: ${error.message}`);
      const byId = new Map((data as unknown as ProfileRow[]).map((row) => [row.organization_id, row]));
      // Keep the order the caller chose (a search result's ranking).
      for (const id of ids) {
        const row = byId.get(id);
        if (row) records.push(toInterchangeRecord(row));
      }
    }
    return records.slice(0, MAX_EXPORT_SUPPLIERS);
  }
  for (let from = 0; records.length < MAX_EXPORT_SUPPLIERS; from += CHUNK) {
    let query = supabase.from("sme_profiles").select(SELECT);
    query = selection.kind === "cluster" ? query.eq("cluster_id", selection.clusterId) : query.eq("imported_by_organization_id", selection.organizationId);
    const { data, error } = await query.order("external_id", { nullsFirst: false }).order("organization_id").range(from, from + CHUNK - 1);
    if (error) throw new Error(`Could not read suppliers for export: ${error.message}`);
    const rows = data as unknown as ProfileRow[];
    records.push(...rows.map(toInterchangeRecord));
    if (rows.length < CHUNK) break;
  }
  return records.slice(0, MAX_EXPORT_SUPPLIERS);
}
