/**
 * Reads what the search documents are built from, straight from PostgreSQL (the indexer runs as
 * a server job with DATABASE_URL). Each loader returns only rows that may be indexed: published
 * SME profiles, needs that private.need_is_indexable() allows, clusters.
 */
import type { ClusterSource, NeedSource, SupplierSource, Taxonomy, TaxonomyEntry } from "./documents.server";

export type Queryable = { query: <R extends object = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<{ rows: R[] }> };

export type IndexName = "suppliers" | "clusters" | "needs";
export const INDEX_NAMES: readonly IndexName[] = ["suppliers", "clusters", "needs"];

export async function loadTaxonomy(db: Queryable): Promise<Taxonomy> {
  const load = async (table: "processes" | "materials" | "certification_types") => {
    const { rows } = await db.query<TaxonomyEntry>(
      `select code, label_en, label_ko, synonyms_en, synonyms_ko from public.${table} order by sort_order, code`
    );
    return new Map(rows.map((row) => [row.code, row]));
  };
  // One after another: the caller may pass a single connection.
  const processes = await load("processes");
  const materials = await load("materials");
  const certifications = await load("certification_types");
  return { processes, materials, certifications };
}

/** Taxonomy entries and glossary rows, each a group of interchangeable terms. */
export async function loadSynonymGroups(db: Queryable): Promise<string[][]> {
  const { rows } = await db.query<{ terms: string[] }>("select terms from private.search_synonym_groups()");
  return rows.map((row) => row.terms.filter((term): term is string => typeof term === "string"));
}

/*
 * One pass per child table for the whole batch (grouped by supplier) instead of correlated
 * subqueries per supplier, and completeness for the batch at once: about a quarter of the CPU for
 * a batch of a few thousand, with the same rows (each list keeps its order by).
 */
const SUPPLIER_SOURCE_SQL = `
  with ids as (
    select p.organization_id as id from public.sme_profiles p
    where p.organization_id = any ($1::uuid[]) and p.published
  ), capabilities as (
    select c.organization_id, json_agg(json_build_object('process_code', c.process_code, 'material_codes', c.material_codes,
        'description_en', c.description_en, 'description_ko', c.description_ko, 'capacity_note', c.capacity_note,
        'tags', c.tags) order by c.process_code) as list
    from public.sme_capabilities c where c.organization_id in (select id from ids) group by c.organization_id
  ), certifications as (
    select c.organization_id, json_agg(json_build_object('certification_type_code', c.certification_type_code,
        'certificate_number', c.certificate_number, 'expires_on', c.expires_on::text,
        'verification_status', c.verification_status) order by c.certification_type_code, c.id) as list
    from public.sme_certifications c where c.organization_id in (select id from ids) group by c.organization_id
  ), sites as (
    select s.organization_id, json_agg(json_build_object('id', s.id, 'name_en', s.name_en, 'name_ko', s.name_ko,
        'address_en', s.address_en, 'address_ko', s.address_ko, 'region', s.region, 'lat', s.lat, 'lng', s.lng,
        'cluster_id', s.cluster_id, 'is_primary', s.is_primary) order by s.is_primary desc, s.created_at, s.id) as list,
      array_agg(distinct s.cluster_id) filter (where s.cluster_id is not null) as cluster_ids
    from public.sme_sites s where s.organization_id in (select id from ids) group by s.organization_id
  ), equipment as (
    select e.organization_id, json_agg(json_build_object('name', e.name, 'manufacturer', e.manufacturer, 'model', e.model)
        order by e.created_at, e.id) as list
    from public.sme_equipment e where e.organization_id in (select id from ids) group by e.organization_id
  )
  select p.organization_id::text as id,
    json_build_object('slug', o.slug, 'name_en', o.name_en, 'name_ko', o.name_ko, 'website', o.website,
      'is_fictional', o.is_fictional, 'verification_status', o.verification_status) as org,
    json_build_object('description_en', p.description_en, 'description_ko', p.description_ko,
      'employees', p.employees, 'founded_year', p.founded_year, 'revenue_band', p.revenue_band,
      'defense_designated', p.defense_designated, 'security_assessment_passed', p.security_assessment_passed,
      'export_experience', p.export_experience, 'capacity_note', p.capacity_note, 'tags', p.tags,
      'cluster_id', p.cluster_id, 'published', p.published, 'verification_status', p.verification_status,
      'updated_at', p.updated_at) as profile,
    coalesce(cap.list, '[]') as capabilities,
    coalesce(cert.list, '[]') as certifications,
    coalesce(site.list, '[]') as sites,
    coalesce(eq.list, '[]') as equipment,
    coalesce((select json_agg(json_build_object('id', cl.id, 'slug', cl.slug, 'name_en', cl.name_en,
        'name_ko', cl.name_ko, 'region', cl.region) order by cl.slug)
      from public.clusters cl
      where cl.id = p.cluster_id or cl.id = any (site.cluster_ids)), '[]') as clusters,
    score.completeness
  from public.sme_profiles p
  join public.organizations o on o.id = p.organization_id
  left join capabilities cap on cap.organization_id = p.organization_id
  left join certifications cert on cert.organization_id = p.organization_id
  left join sites site on site.organization_id = p.organization_id
  left join equipment eq on eq.organization_id = p.organization_id
  left join private.sme_completeness_of(array(select id from ids)) score on score.organization_id = p.organization_id
  where p.organization_id = any ($1::uuid[]) and p.published`;

export async function loadSupplierSources(db: Queryable, ids: string[]): Promise<SupplierSource[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<SupplierSource>(SUPPLIER_SOURCE_SQL, [ids]);
  return rows;
}

const NEED_SOURCE_SQL = `
  select n.id::text, n.organization_id::text, o.name_en as organization_name_en, o.name_ko as organization_name_ko,
    n.kind::text, n.title_en, n.title_ko, n.description_en, n.description_ko, n.program, n.platform,
    n.required_process_codes, n.preferred_process_codes, n.required_material_codes, n.preferred_material_codes,
    n.required_certification_codes, n.preferred_certification_codes, n.location_name, n.location_lat,
    n.location_lng, n.radius_km::float8 as radius_km, n.response_deadline::text,
    n.estimated_value::float8 as estimated_value, n.currency::text, n.offset_eligible,
    n.visibility::text, n.export_controlled, n.status::text, (to_json(n.opened_at) #>> '{}') as opened_at,
    coalesce((select array_agg(i.sme_organization_id::text order by i.sme_organization_id)
      from public.need_invitations i where i.need_id = n.id), '{}') as invited_organization_ids
  from public.needs n
  join public.organizations o on o.id = n.organization_id
  where n.id = any ($1::uuid[]) and private.need_is_indexable(n.status, n.visibility, n.export_controlled)`;

export async function loadNeedSources(db: Queryable, ids: string[]): Promise<NeedSource[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<NeedSource>(NEED_SOURCE_SQL, [ids]);
  return rows;
}

/* Member and land counts in one grouped pass over the batch's clusters, not two scans per cluster. */
const CLUSTER_SOURCE_SQL = `
  with members as (
    select p.cluster_id, count(*)::int as member_count,
      (count(*) filter (where p.verification_status = 'verified'))::int as verified_member_count
    from public.sme_profiles p
    where p.cluster_id = any ($1::uuid[]) and p.published
    group by p.cluster_id
  ), land as (
    select l.cluster_id, count(*)::int as available_parcels, sum(l.area_m2) as available_land_m2
    from public.land_parcels l
    where l.cluster_id = any ($1::uuid[]) and l.status = 'available'
    group by l.cluster_id
  )
  select c.id::text, c.slug, c.name_en, c.name_ko, c.region::text, c.designation::text, c.designation_year,
    c.focus_areas_en, c.focus_areas_ko, c.focus_process_codes, c.description_en, c.description_ko,
    c.center_lat, c.center_lng,
    coalesce(m.member_count, 0) as member_count,
    coalesce(m.verified_member_count, 0) as verified_member_count,
    coalesce(l.available_parcels, 0) as available_parcels,
    coalesce(l.available_land_m2, 0)::float8 as available_land_m2
  from public.clusters c
  left join members m on m.cluster_id = c.id
  left join land l on l.cluster_id = c.id
  where c.id = any ($1::uuid[])`;

export async function loadClusterSources(db: Queryable, ids: string[]): Promise<ClusterSource[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ClusterSource>(CLUSTER_SOURCE_SQL, [ids]);
  return rows;
}

const ID_LISTS: Record<IndexName, string> = {
  suppliers:
    "select organization_id::text as id from public.sme_profiles where published and organization_id > $1::uuid order by organization_id limit $2",
  needs:
    "select id::text from public.needs where private.need_is_indexable(status, visibility, export_controlled) and id > $1::uuid order by id limit $2",
  clusters: "select id::text from public.clusters where id > $1::uuid order by id limit $2",
};

/** Every indexable id of an index, in pages (keyset pagination, stable under concurrent writes). */
export async function* indexableIds(db: Queryable, index: IndexName, pageSize = 1000): AsyncGenerator<string[]> {
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const { rows } = await db.query<{ id: string }>(ID_LISTS[index], [after, pageSize]);
    if (rows.length === 0) return;
    yield rows.map((row) => row.id);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

export async function countIndexable(db: Queryable, index: IndexName): Promise<number> {
  const sql: Record<IndexName, string> = {
    suppliers: "select count(*)::int as n from public.sme_profiles where published",
    needs: "select count(*)::int as n from public.needs where private.need_is_indexable(status, visibility, export_controlled)",
    clusters: "select count(*)::int as n from public.clusters",
  };
  const { rows } = await db.query<{ n: number }>(sql[index]);
  return rows[0]?.n ?? 0;
}
