/**
 * Search documents, built from database rows. Pure functions: the indexer loads the rows
 * (sources.server.ts), these decide what Meilisearch stores. Only published SME profiles and
 * indexable needs ever become documents; the loaders enforce that and so do the builders.
 */
import { REGIONS, sizeBandOf, type RegionCode, type SizeBand } from "./query";

export type TaxonomyEntry = {
  code: string;
  label_en: string;
  label_ko: string;
  synonyms_en: string[];
  synonyms_ko: string[];
};

export type Taxonomy = {
  processes: Map<string, TaxonomyEntry>;
  materials: Map<string, TaxonomyEntry>;
  certifications: Map<string, TaxonomyEntry>;
};

export type ClusterRef = { id: string; slug: string; name_en: string; name_ko: string; region: string };

export type SupplierSource = {
  id: string;
  org: {
    slug: string;
    name_en: string;
    name_ko: string | null;
    website: string | null;
    is_fictional: boolean;
    verification_status: string;
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
    capacity_note: string | null;
    tags: string[];
    cluster_id: string | null;
    published: boolean;
    verification_status: string;
    updated_at: string;
  };
  capabilities: Array<{
    process_code: string;
    material_codes: string[];
    description_en: string | null;
    description_ko: string | null;
    capacity_note: string | null;
    tags: string[];
  }>;
  certifications: Array<{
    certification_type_code: string;
    certificate_number: string | null;
    expires_on: string | null;
    verification_status: string;
  }>;
  sites: Array<{
    id: string;
    name_en: string | null;
    name_ko: string | null;
    address_en: string | null;
    address_ko: string | null;
    region: string | null;
    lat: number;
    lng: number;
    cluster_id: string | null;
    is_primary: boolean;
  }>;
  equipment: Array<{ name: string; manufacturer: string | null; model: string | null }>;
  /** The profile's cluster and the clusters of its sites. */
  clusters: ClusterRef[];
  completeness: number;
};

/** Expiry "day" of a certificate that does not expire: later than any real date. */
export const NO_EXPIRY_DAY = 9_999_999;

/** Days since 1970-01-01 (UTC) of a YYYY-MM-DD date or a Date. */
export function epochDay(date: string | Date): number {
  const ms = typeof date === "string" ? Date.parse(`${date.slice(0, 10)}T00:00:00Z`) : date.getTime();
  return Math.floor(ms / 86_400_000);
}

const CONTROL_AND_MARKERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\uE000\uE001]/g;

/** Indexed text never contains the highlight markers (U+E000, U+E001), so a marker in a result is always ours. */
export function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = value.replace(CONTROL_AND_MARKERS, " ").trim();
  return cleaned === "" ? null : cleaned;
}

function cleanList(values: Array<string | null | undefined>): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    const cleaned = cleanText(value);
    if (cleaned) seen.add(cleaned);
  }
  return [...seen];
}

function isRegion(value: string | null | undefined): value is RegionCode {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(REGIONS, value);
}

/**
 * One entry per certificate type, as the result card shows it. Labels come from the taxonomy at
 * query time and "expired" is judged on the day of the search, so neither is stored.
 */
export type SupplierCertificationDoc = {
  code: string;
  verified: boolean;
  expires_on: string | null;
};

/**
 * Only what search needs: searchable text, filter and sort values, and what a result card shows.
 * Meilisearch keeps every stored field in memory-mapped pages and indexes every filterable one
 * (issue 10: at 100,000 suppliers the index was 930 MB, all of it resident after an import), so a
 * field nothing searches, filters, sorts or shows does not belong here.
 */
export type SupplierDocument = {
  id: string;
  slug: string;
  name_en: string;
  name_ko: string | null;
  is_fictional: boolean;
  description_en: string | null;
  description_ko: string | null;
  capacity_note: string | null;
  tags: string[];
  capability_text_en: string[];
  capability_text_ko: string[];
  process_codes: string[];
  process_labels_en: string[];
  process_labels_ko: string[];
  material_codes: string[];
  material_labels_en: string[];
  material_labels_ko: string[];
  certifications: SupplierCertificationDoc[];
  /** Every non-rejected certificate's type, expired or not. */
  certification_codes: string[];
  /** Unexpired on the day the document was built; the worker re-indexes when one expires. */
  valid_certification_codes: string[];
  /** Latest expiry day per type (NO_EXPIRY_DAY when none): exact "unexpired" filters at query time. */
  cert_expiry: Record<string, number>;
  /** Certificate synonyms ("AS9100", "EN 9100") are index synonyms, not stored text. */
  certification_labels_en: string[];
  certification_labels_ko: string[];
  certificate_numbers: string[];
  equipment_names: string[];
  equipment_models: string[];
  cluster_id: string | null;
  cluster_slugs: string[];
  cluster_names_en: string[];
  cluster_names_ko: string[];
  region: RegionCode | null;
  regions: RegionCode[];
  region_labels_en: string[];
  region_labels_ko: string[];
  site_addresses: string[];
  /** The primary site: the map marker, radius filters and distances. */
  _geo?: { lat: number; lng: number };
  employees: number | null;
  size_band: SizeBand;
  defense_designated: boolean;
  security_assessment_passed: boolean;
  verified: boolean;
  completeness: number;
  published: true;
};

export class NotIndexableError extends Error {}

/**
 * The shape of supplier documents. Bump it when buildSupplierDocument stores fields differently:
 * `search:setup` (and so every start of the local stack) then rebuilds the supplier index once,
 * so documents written under the old shape do not linger until their supplier is next edited.
 */
export const SUPPLIER_DOCUMENT_FORMAT = "2026-12-07";

function labelsFor(codes: string[], taxonomy: Map<string, TaxonomyEntry>) {
  const entries = codes.map((code) => taxonomy.get(code)).filter((entry): entry is TaxonomyEntry => Boolean(entry));
  return {
    en: cleanList(entries.map((entry) => entry.label_en)),
    ko: cleanList(entries.map((entry) => entry.label_ko)),
  };
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

export function buildSupplierDocument(source: SupplierSource, taxonomy: Taxonomy, now: Date = new Date()): SupplierDocument {
  if (!source.profile.published) throw new NotIndexableError(`SME profile ${source.id} is not published`);
  const today = epochDay(now);

  const processCodes = sortedUnique(source.capabilities.map((capability) => capability.process_code));
  const materialCodes = sortedUnique(source.capabilities.flatMap((capability) => capability.material_codes));
  const processLabels = labelsFor(processCodes, taxonomy.processes);
  const materialLabels = labelsFor(materialCodes, taxonomy.materials);

  // Rejected certificates are claims the cluster authority turned down: not searchable.
  const certificates = source.certifications.filter((certificate) => certificate.verification_status !== "rejected");
  const certExpiry: Record<string, number> = {};
  const byType = new Map<string, { doc: SupplierCertificationDoc; rank: number }>();
  for (const certificate of certificates) {
    const code = certificate.certification_type_code;
    const day = certificate.expires_on ? epochDay(certificate.expires_on) : NO_EXPIRY_DAY;
    const verified = certificate.verification_status === "verified";
    certExpiry[code] = Math.max(certExpiry[code] ?? -1, day);
    const candidate = { code, verified, expires_on: certificate.expires_on ? certificate.expires_on.slice(0, 10) : null };
    // One entry per type: the best certificate of it (valid over expired, verified over not).
    const rank = (day < today ? 0 : 2) + (verified ? 1 : 0);
    const existing = byType.get(code);
    if (!existing || rank > existing.rank) byType.set(code, { doc: candidate, rank });
  }
  const certificationCodes = sortedUnique(Object.keys(certExpiry));
  const certificationEntries = certificationCodes.map((code) => taxonomy.certifications.get(code)).filter((e): e is TaxonomyEntry => Boolean(e));

  const clusterById = new Map(source.clusters.map((cluster) => [cluster.id, cluster]));
  const profileCluster = source.profile.cluster_id ? clusterById.get(source.profile.cluster_id) ?? null : null;

  const sites = [...source.sites].sort((a, b) => Number(b.is_primary) - Number(a.is_primary));
  const primary = sites[0];
  // Where the supplier has sites, as the fallback search counts it (not its cluster's region).
  const regions = sortedUnique(sites.map((site) => site.region).filter(isRegion)) as RegionCode[];
  const primaryRegion = primary && isRegion(primary.region) ? primary.region : null;

  const document: SupplierDocument = {
    id: source.id,
    slug: source.org.slug,
    name_en: cleanText(source.org.name_en) ?? source.org.slug,
    name_ko: cleanText(source.org.name_ko),
    is_fictional: source.org.is_fictional,
    description_en: cleanText(source.profile.description_en),
    description_ko: cleanText(source.profile.description_ko),
    capacity_note: cleanText(source.profile.capacity_note),
    tags: cleanList([...source.profile.tags, ...source.capabilities.flatMap((capability) => capability.tags)]),
    capability_text_en: cleanList(source.capabilities.flatMap((capability) => [capability.description_en, capability.capacity_note])),
    capability_text_ko: cleanList(source.capabilities.map((capability) => capability.description_ko)),
    process_codes: processCodes,
    process_labels_en: processLabels.en,
    process_labels_ko: processLabels.ko,
    material_codes: materialCodes,
    material_labels_en: materialLabels.en,
    material_labels_ko: materialLabels.ko,
    certifications: certificationCodes.map((code) => byType.get(code)!.doc),
    certification_codes: certificationCodes,
    valid_certification_codes: certificationCodes.filter((code) => certExpiry[code]! >= today),
    cert_expiry: certExpiry,
    certification_labels_en: cleanList(certificationEntries.map((entry) => entry.label_en)),
    certification_labels_ko: cleanList(certificationEntries.map((entry) => entry.label_ko)),
    certificate_numbers: cleanList(certificates.map((certificate) => certificate.certificate_number)),
    equipment_names: cleanList(source.equipment.flatMap((item) => [item.name, item.manufacturer])),
    equipment_models: cleanList(source.equipment.map((item) => item.model)),
    cluster_id: profileCluster?.id ?? null,
    cluster_slugs: sortedUnique(source.clusters.map((cluster) => cluster.slug)),
    cluster_names_en: cleanList(source.clusters.map((cluster) => cluster.name_en)),
    cluster_names_ko: cleanList(source.clusters.map((cluster) => cluster.name_ko)),
    region: primaryRegion,
    regions,
    region_labels_en: regions.map((region) => REGIONS[region].en),
    region_labels_ko: regions.map((region) => REGIONS[region].ko),
    site_addresses: cleanList(sites.flatMap((site) => [site.name_en, site.name_ko, site.address_en, site.address_ko])),
    employees: source.profile.employees,
    size_band: sizeBandOf(source.profile.employees),
    defense_designated: source.profile.defense_designated,
    security_assessment_passed: source.profile.security_assessment_passed,
    verified: source.profile.verification_status === "verified",
    completeness: Math.max(0, Math.min(100, Math.round(source.completeness))),
    published: true,
  };
  if (primary) document._geo = { lat: primary.lat, lng: primary.lng };
  return document;
}

// Needs ---------------------------------------------------------------------------------------

export type NeedSource = {
  id: string;
  organization_id: string;
  organization_name_en: string;
  organization_name_ko: string | null;
  kind: string;
  title_en: string | null;
  title_ko: string | null;
  description_en: string | null;
  description_ko: string | null;
  program: string | null;
  platform: string | null;
  required_process_codes: string[];
  preferred_process_codes: string[];
  required_material_codes: string[];
  preferred_material_codes: string[];
  required_certification_codes: string[];
  preferred_certification_codes: string[];
  location_name: string | null;
  location_lat: number | null;
  location_lng: number | null;
  radius_km: number | null;
  response_deadline: string | null;
  estimated_value: number | null;
  currency: string;
  offset_eligible: boolean;
  visibility: "public" | "registered" | "invited";
  export_controlled: boolean;
  status: "draft" | "open" | "closed" | "awarded";
  opened_at: string | null;
  invited_organization_ids: string[];
};

/** Mirrors private.need_is_indexable(): only these may ever be sent to the index. */
export function needIsIndexable(need: Pick<NeedSource, "status" | "visibility" | "export_controlled">): boolean {
  return need.status === "open" && (need.visibility === "public" || need.visibility === "registered") && !need.export_controlled;
}

export type NeedDocument = ReturnType<typeof buildNeedDocument>;

export function buildNeedDocument(source: NeedSource, taxonomy: Taxonomy) {
  if (!needIsIndexable(source)) throw new NotIndexableError(`Need ${source.id} may not be indexed`);
  const processCodes = sortedUnique([...source.required_process_codes, ...source.preferred_process_codes]);
  const materialCodes = sortedUnique([...source.required_material_codes, ...source.preferred_material_codes]);
  const certificationCodes = sortedUnique([...source.required_certification_codes, ...source.preferred_certification_codes]);
  const processLabels = labelsFor(processCodes, taxonomy.processes);
  const materialLabels = labelsFor(materialCodes, taxonomy.materials);
  const certificationLabels = labelsFor(certificationCodes, taxonomy.certifications);
  return {
    id: source.id,
    organization_id: source.organization_id,
    organization_name_en: cleanText(source.organization_name_en),
    organization_name_ko: cleanText(source.organization_name_ko),
    kind: source.kind,
    title_en: cleanText(source.title_en),
    title_ko: cleanText(source.title_ko),
    description_en: cleanText(source.description_en),
    description_ko: cleanText(source.description_ko),
    program: cleanText(source.program),
    platform: cleanText(source.platform),
    required_process_codes: sortedUnique(source.required_process_codes),
    preferred_process_codes: sortedUnique(source.preferred_process_codes),
    process_codes: processCodes,
    process_labels_en: processLabels.en,
    process_labels_ko: processLabels.ko,
    material_codes: materialCodes,
    material_labels_en: materialLabels.en,
    material_labels_ko: materialLabels.ko,
    required_certification_codes: sortedUnique(source.required_certification_codes),
    certification_codes: certificationCodes,
    certification_labels_en: certificationLabels.en,
    certification_labels_ko: certificationLabels.ko,
    location_name: cleanText(source.location_name),
    ...(source.location_lat !== null && source.location_lng !== null ? { _geo: { lat: source.location_lat, lng: source.location_lng } } : {}),
    radius_km: source.radius_km === null ? null : Number(source.radius_km),
    response_deadline: source.response_deadline ? epochDay(source.response_deadline) : null,
    estimated_value: source.estimated_value === null ? null : Number(source.estimated_value),
    currency: source.currency,
    offset_eligible: source.offset_eligible,
    visibility: source.visibility,
    export_controlled: source.export_controlled,
    status: source.status,
    invited_organization_ids: sortedUnique(source.invited_organization_ids),
    opened_at: source.opened_at ? Math.floor(Date.parse(source.opened_at) / 1000) : null,
  };
}

// Clusters ------------------------------------------------------------------------------------

export type ClusterSource = {
  id: string;
  slug: string;
  name_en: string;
  name_ko: string;
  region: string;
  designation: string;
  designation_year: number | null;
  focus_areas_en: string[];
  focus_areas_ko: string[];
  focus_process_codes: string[];
  description_en: string | null;
  description_ko: string | null;
  center_lat: number;
  center_lng: number;
  member_count: number;
  verified_member_count: number;
  available_parcels: number;
  available_land_m2: number;
};

export type ClusterDocument = ReturnType<typeof buildClusterDocument>;

export function buildClusterDocument(source: ClusterSource, taxonomy: Taxonomy) {
  const processLabels = labelsFor(source.focus_process_codes, taxonomy.processes);
  const region = isRegion(source.region) ? source.region : null;
  return {
    id: source.id,
    slug: source.slug,
    name_en: cleanText(source.name_en),
    name_ko: cleanText(source.name_ko),
    region,
    region_label_en: region ? REGIONS[region].en : null,
    region_label_ko: region ? REGIONS[region].ko : null,
    designation: source.designation,
    designation_year: source.designation_year,
    focus_areas_en: cleanList(source.focus_areas_en),
    focus_areas_ko: cleanList(source.focus_areas_ko),
    focus_process_codes: sortedUnique(source.focus_process_codes),
    focus_process_labels_en: processLabels.en,
    focus_process_labels_ko: processLabels.ko,
    description_en: cleanText(source.description_en),
    description_ko: cleanText(source.description_ko),
    _geo: { lat: source.center_lat, lng: source.center_lng },
    member_count: source.member_count,
    verified_member_count: source.verified_member_count,
    available_parcels: source.available_parcels,
    available_land_m2: Number(source.available_land_m2),
  };
}
