-- Search support around the outbox that 20261124000500 defines:
--   * wake-ups for the sync worker (NOTIFY) and for settings changes (synonyms);
--   * taxonomy label changes re-index the documents that show those labels;
--   * a curated bilingual glossary that joins the taxonomy as synonym groups;
--   * profile completeness, defined once here and read by the indexer and the fallback;
--   * supplier_search_entries: the text the PostgreSQL fallback searches, kept current by the
--     same outbox rows that drive Meilisearch, so both follow exactly the same changes;
--   * public.search_suppliers_fallback(): the degraded-mode search, security invoker so RLS
--     applies to whoever calls it.

-- Wake-ups ------------------------------------------------------------------------------------

-- Delivered on commit and collapsed within a transaction, so a bulk statement costs one wake-up.
-- The worker polls as well: a lost notification costs latency, never a change.
create or replace function private.notify_search_outbox() returns trigger
language plpgsql set search_path = '' as $$
begin
  perform pg_notify('search_outbox', '');
  return null;
end
$$;
create trigger search_outbox_notify after insert on public.search_outbox
  for each statement execute function private.notify_search_outbox();

create or replace function private.notify_search_settings() returns trigger
language plpgsql set search_path = '' as $$
begin
  perform pg_notify('search_settings', tg_table_name);
  return null;
end
$$;

-- Curated glossary --------------------------------------------------------------------------

-- Everyday words that the taxonomy labels contain but do not name on their own ("5축" inside
-- "5축 가공"). Each row is one group of interchangeable terms; together with every taxonomy
-- entry's labels and synonyms they become Meilisearch synonyms in all directions and the query
-- expansion of the PostgreSQL fallback.
create table public.search_synonyms (
  id uuid primary key default gen_random_uuid(),
  terms text[] not null check (cardinality(terms) between 2 and 20),
  note text check (char_length(note) <= 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger search_synonyms_set_updated_at before update on public.search_synonyms
  for each row execute function private.set_updated_at();
create trigger search_synonyms_notify_settings after insert or update or delete on public.search_synonyms
  for each statement execute function private.notify_search_settings();

alter table public.search_synonyms enable row level security;
create policy "Everyone reads the search glossary" on public.search_synonyms
  for select to anon, authenticated using (true);
create policy "The platform adds glossary entries" on public.search_synonyms
  for insert to authenticated with check ((select private.is_platform_admin()));
create policy "The platform edits glossary entries" on public.search_synonyms
  for update to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
create policy "The platform deletes glossary entries" on public.search_synonyms
  for delete to authenticated using ((select private.is_platform_admin()));

insert into public.search_synonyms (terms, note) values
  ('{5-axis,five-axis,5축}', 'machine axes'),
  ('{3-axis,three-axis,3축}', 'machine axes'),
  ('{machining,가공,기계가공}', null),
  ('{milling,밀링}', null),
  ('{turning,lathe,선삭,선반}', null),
  ('{grinding,연삭}', null),
  ('{titanium,티타늄}', null),
  ('{aluminium,aluminum,알루미늄}', null),
  ('{stainless,stainless steel,스테인리스,스테인레스}', null),
  ('{steel,철강,강재}', null),
  ('{inconel,인코넬}', null),
  ('{nickel,니켈}', null),
  ('{magnesium,마그네슘}', null),
  ('{tungsten,텅스텐}', null),
  ('{copper,구리}', null),
  ('{composite,composites,복합재,복합소재}', null),
  ('{carbon fiber,carbon fibre,탄소섬유}', null),
  ('{ceramic,ceramics,세라믹}', null),
  ('{rubber,고무}', null),
  ('{welding,용접}', null),
  ('{casting,주조}', null),
  ('{forging,단조}', null),
  ('{coating,코팅}', null),
  ('{painting,도장}', null),
  ('{plating,도금}', null),
  ('{inspection,검사}', null),
  ('{testing,시험}', null),
  ('{repair,수리}', null),
  ('{maintenance,정비}', null),
  ('{overhaul,창정비,오버홀}', null),
  ('{assembly,조립}', null),
  ('{harness,하네스}', null),
  ('{cable,케이블}', null),
  ('{radar,레이더}', null),
  ('{antenna,안테나}', null),
  ('{sensor,센서}', null),
  ('{optics,optical,광학}', null),
  ('{drone,드론,무인기}', null),
  ('{submarine,잠수함}', null),
  ('{warship,naval vessel,함정}', null),
  ('{shipbuilding,조선}', null),
  ('{aircraft,항공기}', null),
  ('{helicopter,헬기,헬리콥터}', null),
  ('{missile,미사일,유도무기}', null),
  ('{armored vehicle,armoured vehicle,장갑차}', null),
  ('{tank,전차}', null),
  ('{engine,엔진}', null),
  ('{gear,기어}', null),
  ('{hydraulic,hydraulics,유압}', null),
  ('{battery,배터리,전지}', null),
  ('{precision,정밀}', null),
  ('{parts,components,부품}', null),
  ('{aerospace,항공우주}', null),
  ('{defense,defence,방산,국방}', null),
  ('{quality,품질}', null),
  ('{prototype,시제품}', null),
  ('{semiconductor,반도체}', null),
  ('{software,소프트웨어}', null);

-- Every group of interchangeable terms: one per taxonomy entry plus the glossary.
create or replace function private.search_synonym_groups() returns table (terms text[])
language sql stable security definer set search_path = '' as $$
  select array[p.label_en, p.label_ko] || p.synonyms_en || p.synonyms_ko from public.processes p
  union all
  select array[m.label_en, m.label_ko] || m.synonyms_en || m.synonyms_ko from public.materials m
  union all
  select array[c.label_en, c.label_ko] || c.synonyms_en || c.synonyms_ko from public.certification_types c
  union all
  select s.terms from public.search_synonyms s
$$;

-- Lower-cased alternatives for a word or phrase: itself plus every member of every group that
-- contains it; null when no group contains it.
create or replace function private.search_alternatives(phrase text) returns text[]
language sql stable security definer set search_path = '' as $$
  select array_agg(distinct lower(member))
  from private.search_synonym_groups() g, unnest(g.terms) member
  where exists (select 1 from unnest(g.terms) t where lower(t) = lower(phrase))
$$;

-- Taxonomy label changes ----------------------------------------------------------------------

-- A renamed process, material or certification type changes every document that shows it, and
-- the synonyms; codes themselves change through ON UPDATE CASCADE, which the child tables'
-- own outbox triggers already follow.
create or replace function private.enqueue_taxonomy_changes() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  with changed as (
    select n.code from new_rows n join old_rows o on o.code = n.code
    where (n.label_en, n.label_ko, n.synonyms_en, n.synonyms_ko)
      is distinct from (o.label_en, o.label_ko, o.synonyms_en, o.synonyms_ko)
  ), suppliers as (
    select c.organization_id from public.sme_capabilities c
    where tg_table_name = 'processes' and c.process_code in (select code from changed)
    union
    select c.organization_id from public.sme_capabilities c
    where tg_table_name = 'materials' and c.material_codes && array(select code from changed)
    union
    select c.organization_id from public.sme_certifications c
    where tg_table_name = 'certification_types' and c.certification_type_code in (select code from changed)
  ), docs as (
    select 'suppliers' as index_name, p.organization_id::text as document_id
    from public.sme_profiles p where p.published and p.organization_id in (select organization_id from suppliers)
    union all
    select 'needs', nd.id::text from public.needs nd
    where private.need_is_indexable(nd.status, nd.visibility, nd.export_controlled)
      and (nd.required_process_codes || nd.preferred_process_codes || nd.required_material_codes
           || nd.preferred_material_codes || nd.required_certification_codes
           || nd.preferred_certification_codes) && array(select code from changed)
    union all
    select 'clusters', cl.id::text from public.clusters cl
    where tg_table_name = 'processes' and cl.focus_process_codes && array(select code from changed)
  )
  insert into public.search_outbox (index_name, document_id, op)
  select index_name, document_id, 'upsert' from docs order by index_name, document_id;
  return null;
end
$$;

do $$
declare
  taxonomy text;
begin
  foreach taxonomy in array array['processes', 'materials', 'certification_types'] loop
    execute format('create trigger %I after update on public.%I referencing old table as old_rows new table as new_rows
      for each statement execute function private.enqueue_taxonomy_changes()', taxonomy || '_outbox_update', taxonomy);
    execute format('create trigger %I after insert or update or delete on public.%I
      for each statement execute function private.notify_search_settings()', taxonomy || '_notify_search_settings', taxonomy);
  end loop;
end
$$;

-- Cluster documents count their published and verified member SMEs.
create or replace function private.enqueue_cluster_member_changes() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'UPDATE' then
    insert into public.search_outbox (index_name, document_id, op)
    select 'clusters', c.id::text, 'upsert' from public.clusters c
    where c.id in (
      select unnest(array[n.cluster_id, o.cluster_id])
      from new_rows n join old_rows o on o.organization_id = n.organization_id
      where (n.published, n.cluster_id, n.verification_status) is distinct from (o.published, o.cluster_id, o.verification_status))
    order by c.id;
  elsif tg_op = 'INSERT' then
    insert into public.search_outbox (index_name, document_id, op)
    select 'clusters', c.id::text, 'upsert' from public.clusters c
    where c.id in (select n.cluster_id from new_rows n where n.published) order by c.id;
  else
    insert into public.search_outbox (index_name, document_id, op)
    select 'clusters', c.id::text, 'upsert' from public.clusters c
    where c.id in (select o.cluster_id from old_rows o where o.published) order by c.id;
  end if;
  return null;
end
$$;
create trigger sme_profiles_outbox_cluster_insert after insert on public.sme_profiles
  referencing new table as new_rows for each statement execute function private.enqueue_cluster_member_changes();
create trigger sme_profiles_outbox_cluster_update after update on public.sme_profiles
  referencing old table as old_rows new table as new_rows for each statement execute function private.enqueue_cluster_member_changes();
create trigger sme_profiles_outbox_cluster_delete after delete on public.sme_profiles
  referencing old table as old_rows for each statement execute function private.enqueue_cluster_member_changes();

-- Completeness and size -----------------------------------------------------------------------

-- How complete a profile is, 0–100. Weighted toward what contractors filter and decide on:
-- capabilities, both-language descriptions, certifications and a located site.
create or replace function private.sme_completeness(org uuid) returns smallint
language sql stable security definer set search_path = '' as $$
  select (
      case when char_length(btrim(coalesce(p.description_en, ''))) >= 40 then 15 else 0 end
    + case when char_length(btrim(coalesce(p.description_ko, ''))) >= 20 then 15 else 0 end
    + case when exists (select 1 from public.sme_capabilities c where c.organization_id = org) then 15 else 0 end
    + case when exists (select 1 from public.sme_certifications c where c.organization_id = org) then 10 else 0 end
    + case when exists (select 1 from public.sme_sites s where s.organization_id = org and s.is_primary) then 10 else 0 end
    + case when exists (select 1 from public.sme_equipment e where e.organization_id = org) then 5 else 0 end
    + case when o.name_ko is not null then 5 else 0 end
    + case when p.employees is not null then 5 else 0 end
    + case when p.founded_year is not null then 5 else 0 end
    + case when coalesce(p.contact_email, o.contact_email) is not null then 5 else 0 end
    + case when o.website is not null then 5 else 0 end
    + case when p.cluster_id is not null then 5 else 0 end
  )::smallint
  from public.sme_profiles p
  join public.organizations o on o.id = p.organization_id
  where p.organization_id = org
$$;

-- Company size bands, as the search facet shows them. app/search/documents.ts mirrors this.
create or replace function private.company_size_band(employees integer) returns text
language sql immutable set search_path = '' as $$
  select case
    when employees is null then 'unknown'
    when employees < 10 then 'micro'
    when employees < 50 then 'small'
    when employees < 300 then 'medium'
    else 'large'
  end
$$;

-- Fallback search text ------------------------------------------------------------------------

create or replace function private.supplier_search_text(org uuid) returns text
language sql stable security definer set search_path = '' as $$
  select lower(concat_ws(' ',
    o.name_en, o.name_ko, o.slug, p.description_en, p.description_ko, p.capacity_note,
    array_to_string(p.tags, ' '),
    (select string_agg(concat_ws(' ', pr.label_en, pr.label_ko, c.description_en, c.description_ko,
                                 c.capacity_note, array_to_string(c.tags, ' ')), ' ')
     from public.sme_capabilities c join public.processes pr on pr.code = c.process_code
     where c.organization_id = org),
    (select string_agg(concat_ws(' ', m.label_en, m.label_ko), ' ')
     from public.materials m
     where m.code in (select unnest(c.material_codes) from public.sme_capabilities c where c.organization_id = org)),
    (select string_agg(concat_ws(' ', t.label_en, t.label_ko, sc.certificate_number), ' ')
     from public.sme_certifications sc join public.certification_types t on t.code = sc.certification_type_code
     where sc.organization_id = org and sc.verification_status <> 'rejected'),
    (select string_agg(concat_ws(' ', e.name, e.manufacturer, e.model, e.specs_en, e.specs_ko), ' ')
     from public.sme_equipment e where e.organization_id = org),
    (select string_agg(concat_ws(' ', s.name_en, s.name_ko, s.address_en, s.address_ko, s.region), ' ')
     from public.sme_sites s where s.organization_id = org),
    (select concat_ws(' ', cl.name_en, cl.name_ko) from public.clusters cl where cl.id = p.cluster_id)
  ))
  from public.sme_profiles p
  join public.organizations o on o.id = p.organization_id
  where p.organization_id = org
$$;

-- One row per published SME, refreshed when the transaction that enqueues its search document
-- commits, so the fallback never lags behind the database.
create table public.supplier_search_entries (
  organization_id uuid primary key references public.sme_profiles (organization_id) on delete cascade,
  search_text text not null,
  search_vector tsvector generated always as (to_tsvector('simple', search_text)) stored,
  completeness smallint not null default 0 check (completeness between 0 and 100),
  -- The transaction that last refreshed the row: later outbox rows of that transaction skip it.
  refreshed_xact xid8,
  updated_at timestamptz not null default now()
);
create index supplier_search_entries_vector_idx on public.supplier_search_entries using gin (search_vector);
create index supplier_search_entries_text_trgm_idx on public.supplier_search_entries using gin (search_text gin_trgm_ops);

alter table public.supplier_search_entries enable row level security;
create policy "Search entries are visible for published SME profiles" on public.supplier_search_entries
  for select to anon, authenticated
  using (exists (
    select 1 from public.sme_profiles p
    where p.organization_id = supplier_search_entries.organization_id and p.published));
-- Written only by the outbox trigger below (security definer); no API role writes.
create policy "Search entries are maintained by the database" on public.supplier_search_entries
  for insert to authenticated with check (false);
create policy "Search entries are not edited through the API" on public.supplier_search_entries
  for update to authenticated using (false);
create policy "Search entries are not deleted through the API" on public.supplier_search_entries
  for delete to authenticated using (false);

-- Deferred to commit and once per supplier per transaction: an import writes a profile and its
-- capabilities, certificates and sites in one transaction, each statement enqueuing the same
-- document; the text is built once, from the final state.
create or replace function private.refresh_supplier_search_entry() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  org uuid := private.try_uuid(new.document_id);
begin
  if org is null or exists (
    select 1 from public.supplier_search_entries e
    where e.organization_id = org and e.refreshed_xact = pg_current_xact_id()) then
    return null;
  end if;
  if exists (select 1 from public.sme_profiles p where p.organization_id = org and p.published) then
    insert into public.supplier_search_entries (organization_id, search_text, completeness, refreshed_xact)
    values (org, coalesce(private.supplier_search_text(org), ''), coalesce(private.sme_completeness(org), 0), pg_current_xact_id())
    on conflict (organization_id) do update
      set search_text = excluded.search_text, completeness = excluded.completeness,
          refreshed_xact = excluded.refreshed_xact, updated_at = now();
  else
    delete from public.supplier_search_entries e where e.organization_id = org;
  end if;
  return null;
end
$$;
create constraint trigger search_outbox_refresh_supplier_entry after insert on public.search_outbox
  deferrable initially deferred for each row when (new.index_name = 'suppliers')
  execute function private.refresh_supplier_search_entry();

-- Profiles published before this migration.
insert into public.supplier_search_entries (organization_id, search_text, completeness)
select p.organization_id, coalesce(private.supplier_search_text(p.organization_id), ''),
       coalesce(private.sme_completeness(p.organization_id), 0)
from public.sme_profiles p where p.published
on conflict (organization_id) do nothing;

-- Sync state ----------------------------------------------------------------------------------

-- Small key/value state of the sync worker (the last day whose certificate expiries were swept).
create table private.search_sync_state (
  key text primary key,
  value text not null,
  updated_at timestamptz not null default now()
);

-- The fallback search -------------------------------------------------------------------------

create or replace function private.text_array(value jsonb) returns text[]
language sql immutable set search_path = '' as $$
  select case when jsonb_typeof(value) = 'array'
    then array(select jsonb_array_elements_text(value)) else '{}'::text[] end
$$;

-- Great-circle distance in metres (haversine), as Meilisearch computes _geoDistance.
create or replace function private.distance_m(lat1 double precision, lng1 double precision, lat2 double precision, lng2 double precision)
returns double precision language sql immutable set search_path = '' as $$
  select 2 * 6371008.8 * asin(sqrt(
    power(sin(radians(lat2 - lat1) / 2), 2)
    + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lng2 - lng1) / 2), 2)))
$$;

-- Splits a query into groups of alternatives: the longest run of words (up to four) that a
-- synonym group contains becomes one group with all its members; other words stand alone.
-- A supplier matches when its text contains at least one alternative of every group.
create or replace function private.search_query_groups(q text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  words text[];
  result jsonb := '[]'::jsonb;
  i integer := 1;
  len integer;
  phrase text;
  alternatives text[];
begin
  words := array(
    select w from unnest(regexp_split_to_array(lower(btrim(coalesce(q, ''))), '[\s,;:!?()"“”]+')) w
    where w <> '' limit 16);
  while i <= coalesce(array_length(words, 1), 0) loop
    alternatives := null;
    len := least(4, array_length(words, 1) - i + 1);
    while len >= 1 loop
      phrase := array_to_string(words[i:i + len - 1], ' ');
      alternatives := private.search_alternatives(phrase);
      exit when alternatives is not null;
      len := len - 1;
    end loop;
    if alternatives is null then
      alternatives := array[words[i]];
      len := 1;
    elsif not (words[i] = any (alternatives)) and len = 1 then
      alternatives := alternatives || words[i];
    end if;
    result := result || jsonb_build_array(to_jsonb(alternatives));
    i := i + len;
  end loop;
  return result;
end
$$;

/*
 * Degraded-mode supplier search: used when Meilisearch cannot be reached. Same filters as the
 * index (filters: processes, materials, certifications, include_expired, clusters, regions,
 * sizes, designated, verified, geo {lat, lng, radius_km} or bbox {south, west, north, east},
 * origin {lat, lng} for distances), fewer features: substring matching with taxonomy synonyms
 * and trigram typo tolerance on company names instead of Meilisearch's ranking. Security invoker: RLS decides
 * what the caller sees, and only published profiles are searched in any case.
 * Returns {total, page, per_page, hits: [...], facets: {attribute: {value: count}}}.
 */
create or replace function public.search_suppliers_fallback(
  q text default '',
  filters jsonb default '{}'::jsonb,
  sort text default 'relevance',
  page_number integer default 1,
  page_size integer default 20
) returns jsonb
-- pg_trgm lives in public locally and may live in extensions on a hosted project; the function
-- runs as the caller (security invoker), so a search path gives no one extra rights.
language plpgsql stable security invoker set search_path = public, extensions, pg_temp as $$
declare
  groups jsonb := private.search_query_groups(q);
  f_processes text[] := private.text_array(filters -> 'processes');
  f_materials text[] := private.text_array(filters -> 'materials');
  f_certifications text[] := private.text_array(filters -> 'certifications');
  f_clusters text[] := private.text_array(filters -> 'clusters');
  f_regions text[] := private.text_array(filters -> 'regions');
  f_sizes text[] := private.text_array(filters -> 'sizes');
  include_expired boolean := coalesce((filters ->> 'include_expired')::boolean, false);
  only_designated boolean := coalesce((filters ->> 'designated')::boolean, false);
  only_verified boolean := coalesce((filters ->> 'verified')::boolean, false);
  geo_lat double precision := (filters -> 'geo' ->> 'lat')::double precision;
  geo_lng double precision := (filters -> 'geo' ->> 'lng')::double precision;
  geo_radius_m double precision := (filters -> 'geo' ->> 'radius_km')::double precision * 1000;
  bbox_south double precision := (filters -> 'bbox' ->> 'south')::double precision;
  bbox_west double precision := (filters -> 'bbox' ->> 'west')::double precision;
  bbox_north double precision := (filters -> 'bbox' ->> 'north')::double precision;
  bbox_east double precision := (filters -> 'bbox' ->> 'east')::double precision;
  origin_lat double precision := coalesce((filters -> 'origin' ->> 'lat')::double precision, geo_lat);
  origin_lng double precision := coalesce((filters -> 'origin' ->> 'lng')::double precision, geo_lng);
  size integer := least(greatest(coalesce(page_size, 20), 1), 100);
  page integer := least(greatest(coalesce(page_number, 1), 1), 1000);
  plain_query text := lower(btrim(coalesce(q, '')));
  result jsonb;
begin
  if char_length(plain_query) > 500 then
    raise exception using errcode = '22023', message = 'query too long';
  end if;

  with base as (
    select p.organization_id as id, p.cluster_id, p.employees, p.defense_designated,
           p.security_assessment_passed, p.verification_status = 'verified' as verified,
           p.description_en, p.description_ko, o.slug, o.name_en, o.name_ko, o.is_fictional,
           e.search_text, e.completeness, private.company_size_band(p.employees) as size_band,
           ps.lat, ps.lng, ps.region
    from public.sme_profiles p
    join public.organizations o on o.id = p.organization_id
    join public.supplier_search_entries e on e.organization_id = p.organization_id
    left join lateral (
      select s.lat, s.lng, s.region from public.sme_sites s
      where s.organization_id = p.organization_id
      order by s.is_primary desc, s.created_at, s.id limit 1
    ) ps on true
    where p.published
  ), matched as (
    select b.*,
           case when origin_lat is not null and b.lat is not null
                then private.distance_m(origin_lat, origin_lng, b.lat, b.lng) end as distance,
           (select count(*) from jsonb_array_elements(groups) g
            where exists (select 1 from jsonb_array_elements_text(g) alt
                          where strpos(lower(concat_ws(' ', b.name_en, b.name_ko)), alt) > 0))
             + word_similarity(plain_query, lower(concat_ws(' ', b.name_en, b.name_ko))) as name_score
    from base b
    where
      not exists (
        select 1 from jsonb_array_elements(groups) g
        where not exists (
          select 1 from jsonb_array_elements_text(g) alt
          where strpos(b.search_text, alt) > 0
             -- Typo tolerance on company names only: trigram similarity over whole profiles
             -- costs a scan of every text per word.
             or (char_length(alt) >= 5 and alt ~ '^[a-z0-9 -]+$'
                 and word_similarity(alt, lower(b.name_en)) >= 0.6)))
      and (cardinality(f_processes) = 0 or exists (
        select 1 from public.sme_capabilities c where c.organization_id = b.id and c.process_code = any (f_processes)))
      and (cardinality(f_materials) = 0 or exists (
        select 1 from public.sme_capabilities c where c.organization_id = b.id and c.material_codes && f_materials))
      and (cardinality(f_certifications) = 0 or exists (
        select 1 from public.sme_certifications c
        where c.organization_id = b.id and c.certification_type_code = any (f_certifications)
          and c.verification_status <> 'rejected'
          and (include_expired or c.expires_on is null or c.expires_on >= current_date)))
      and (cardinality(f_clusters) = 0 or exists (
        select 1 from public.clusters cl
        where cl.slug = any (f_clusters)
          and (cl.id = b.cluster_id or exists (
            select 1 from public.sme_sites s where s.organization_id = b.id and s.cluster_id = cl.id))))
      and (cardinality(f_regions) = 0 or exists (
        select 1 from public.sme_sites s where s.organization_id = b.id and s.region = any (f_regions)))
      and (cardinality(f_sizes) = 0 or b.size_band = any (f_sizes))
      and (not only_designated or b.defense_designated)
      and (not only_verified or b.verified)
      and (geo_radius_m is null or (b.lat is not null
        and private.distance_m(geo_lat, geo_lng, b.lat, b.lng) <= geo_radius_m))
      and (bbox_south is null or (b.lat between bbox_south and bbox_north and (
        case when bbox_west <= bbox_east then b.lng between bbox_west and bbox_east
             else b.lng >= bbox_west or b.lng <= bbox_east end)))
  ), page_rows as (
    select * from (
      select m.*, row_number() over (order by
        case when sort = 'distance' then m.distance end asc nulls last,
        case when sort = 'completeness' then m.completeness end desc,
        case when sort = 'relevance' then m.name_score end desc,
        m.completeness desc, m.name_en, m.id) as ord
      from matched m
    ) ranked
    where ranked.ord > (page - 1) * size and ranked.ord <= page * size
  )
  select jsonb_build_object(
    'total', (select count(*) from matched),
    'page', page,
    'per_page', size,
    'hits', coalesce((select jsonb_agg(jsonb_build_object(
        'id', r.id, 'slug', r.slug, 'name_en', r.name_en, 'name_ko', r.name_ko,
        'description_en', left(r.description_en, 400), 'description_ko', left(r.description_ko, 400),
        'employees', r.employees, 'size_band', r.size_band, 'defense_designated', r.defense_designated,
        'security_assessment_passed', r.security_assessment_passed, 'verified', r.verified,
        'is_fictional', r.is_fictional, 'completeness', r.completeness, 'region', r.region,
        'cluster_id', r.cluster_id,
        'geo', case when r.lat is not null then jsonb_build_object('lat', r.lat, 'lng', r.lng) end,
        'distance_m', r.distance,
        'process_codes', (select coalesce(jsonb_agg(c.process_code order by c.process_code), '[]')
                          from public.sme_capabilities c where c.organization_id = r.id),
        'certifications', (select coalesce(jsonb_agg(jsonb_build_object(
                              'code', c.certification_type_code,
                              'verified', c.verification_status = 'verified',
                              'expires_on', c.expires_on,
                              'expired', c.expires_on is not null and c.expires_on < current_date)
                              order by c.certification_type_code), '[]')
                           from public.sme_certifications c
                           where c.organization_id = r.id and c.verification_status <> 'rejected')
      ) order by r.ord) from page_rows r), '[]'::jsonb),
    'facets', jsonb_build_object(
      'process_codes', (select coalesce(jsonb_object_agg(code, n), '{}') from (
          select c.process_code as code, count(distinct c.organization_id) as n
          from public.sme_capabilities c where c.organization_id in (select id from matched) group by 1) x),
      'material_codes', (select coalesce(jsonb_object_agg(code, n), '{}') from (
          select mc as code, count(distinct c.organization_id) as n
          from public.sme_capabilities c, unnest(c.material_codes) mc
          where c.organization_id in (select id from matched) group by 1) x),
      'certification_codes', (select coalesce(jsonb_object_agg(code, n), '{}') from (
          select c.certification_type_code as code, count(distinct c.organization_id) as n
          from public.sme_certifications c
          where c.organization_id in (select id from matched) and c.verification_status <> 'rejected'
            and (include_expired or c.expires_on is null or c.expires_on >= current_date)
          group by 1) x),
      'cluster_slugs', (select coalesce(jsonb_object_agg(slug, n), '{}') from (
          select cl.slug, count(distinct m.id) as n
          from matched m join public.clusters cl on cl.id = m.cluster_id
            or exists (select 1 from public.sme_sites s where s.organization_id = m.id and s.cluster_id = cl.id)
          group by 1) x),
      'regions', (select coalesce(jsonb_object_agg(region, n), '{}') from (
          select s.region, count(distinct s.organization_id) as n
          from public.sme_sites s where s.organization_id in (select id from matched) and s.region is not null
          group by 1) x),
      'size_band', (select coalesce(jsonb_object_agg(size_band, n), '{}') from (
          select m.size_band, count(*) as n from matched m group by 1) x),
      'defense_designated', (select coalesce(jsonb_object_agg(v, n), '{}') from (
          select m.defense_designated::text as v, count(*) as n from matched m group by 1) x),
      'verified', (select coalesce(jsonb_object_agg(v, n), '{}') from (
          select m.verified::text as v, count(*) as n from matched m group by 1) x)
    )
  ) into result;
  return result;
end
$$;

revoke execute on function
  private.notify_search_outbox(), private.notify_search_settings(), private.search_synonym_groups(),
  private.search_alternatives(text), private.enqueue_taxonomy_changes(), private.enqueue_cluster_member_changes(),
  private.sme_completeness(uuid),
  private.company_size_band(integer), private.supplier_search_text(uuid),
  private.refresh_supplier_search_entry(), private.text_array(jsonb),
  private.distance_m(double precision, double precision, double precision, double precision),
  private.search_query_groups(text)
from public;
-- What the fallback (running as the caller) needs.
grant execute on function
  private.search_query_groups(text), private.search_alternatives(text), private.search_synonym_groups(),
  private.text_array(jsonb), private.company_size_band(integer),
  private.distance_m(double precision, double precision, double precision, double precision)
to anon, authenticated, service_role;
grant execute on function public.search_suppliers_fallback(text, jsonb, text, integer, integer)
  to anon, authenticated, service_role;
revoke all on private.search_sync_state from anon, authenticated;
