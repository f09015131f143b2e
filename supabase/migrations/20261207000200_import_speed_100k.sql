-- Import speed at 100,000 suppliers (issue 10). A profile of 200-row batches at 100,000 suppliers
-- showed costs that grow with the database, or per row where one statement would do:
--   * new certificates were checked against existing ones with a hash of the whole
--     sme_certifications table (a sequential scan of 300,000+ rows per batch);
--   * new rows got random ids, so every index keyed by organization (about a dozen, from
--     organizations_pkey to supplier_search_entries) and the primary keys of capabilities,
--     certificates and sites took each insert on a random page, most of them no longer in shared
--     buffers once the tables outgrow them;
--   * supplier_search_entries were refreshed one supplier at a time at commit, each refresh
--     restarting the search-text and completeness functions and an insert of its own, and the
--     trigram index on them merged its pending list every 500 suppliers or so.
-- Outcomes, written data, outbox rows and search entries stay what they were; only the generated
-- ids of new rows now grow with time.

-- Ids that grow with time (UUID version 7: 48 bits of Unix milliseconds, then the random bits
-- of gen_random_uuid()), so rows created together sit together in every index on the id. They
-- reveal when the row was made, as created_at already does. PostgreSQL 18 has uuidv7(); this
-- works on older versions too.
create or replace function private.time_ordered_uuid() returns uuid
language sql volatile parallel safe set search_path = '' as $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
      placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
      from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
$$;

-- As in 20261125000200, with two changes: new organizations, capabilities, certificates and sites
-- get time-ordered ids, and new certificates are looked up only for suppliers that existed before.
create or replace function private.upsert_imported_suppliers(importing_org uuid, batch jsonb, actor uuid)
returns table (row_id bigint, outcome text, organization_id uuid, issues jsonb)
language plpgsql security definer set search_path = '' as $$
#variable_conflict use_column
declare
  importer_kind public.organization_kind := private.org_kind(importing_org);
  work private.import_item[];
  skipped uuid[];
  changed uuid[] := '{}';
  part uuid[];
begin
  if importer_kind is null or importer_kind not in ('cluster_authority', 'platform') then
    perform private.refuse('Only cluster authorities and the platform import suppliers');
  end if;
  if exists (
    select 1 from jsonb_array_elements(batch) r
    where r -> 'payload' ->> 'external_id' is null
       or char_length(r -> 'payload' ->> 'external_id') not between 1 and 100
       or jsonb_typeof(coalesce(r -> 'payload' -> 'sites', '[]')) <> 'array'
       or jsonb_array_length(coalesce(r -> 'payload' -> 'sites', '[]')) = 0
       or (r -> 'payload' ->> 'cluster_slug' is not null and not exists (
             select 1 from public.clusters c
             where c.slug = r -> 'payload' ->> 'cluster_slug'
               and (importer_kind = 'platform' or c.managing_organization_id = importing_org))))
  or (select count(distinct r -> 'payload' ->> 'external_id') <> count(*) from jsonb_array_elements(batch) r) then
    raise exception using errcode = 'check_violation', message = 'The batch needs the row-by-row path';
  end if;

  -- The same locks as the row-by-row path, taken in one order so two batches cannot deadlock.
  perform pg_advisory_xact_lock(k.key)
  from (select hashtextextended(importing_org::text || '/' || (r -> 'payload' ->> 'external_id'), 0) as key
        from jsonb_array_elements(batch) r order by 1) k;

  select array_agg(row(
      (r ->> 'id')::bigint, (r ->> 'row_number')::integer, r -> 'payload' ->> 'external_id',
      coalesce(p.organization_id, private.time_ordered_uuid()), p.organization_id is null, c.id,
      coalesce(array(select jsonb_array_elements_text(coalesce(r -> 'payload' -> 'process_codes', '[]'))), '{}'),
      coalesce(array(select jsonb_array_elements_text(coalesce(r -> 'payload' -> 'material_codes', '[]'))), '{}'),
      coalesce(array(select jsonb_array_elements_text(coalesce(r -> 'payload' -> 'tags', '[]'))), '{}'),
      r -> 'payload')::private.import_item order by (r ->> 'row_number')::integer)
  into work
  from jsonb_array_elements(batch) r
  left join public.sme_profiles p
    on p.imported_by_organization_id = importing_org and p.external_id = r -> 'payload' ->> 'external_id'
  left join public.clusters c on c.slug = r -> 'payload' ->> 'cluster_slug';

  -- Profiles that people of the SME itself manage are theirs: the import leaves them alone.
  select coalesce(array_agg(w.organization_id), '{}') into skipped
  from unnest(work) w
  where not w.is_new and exists (select 1 from public.memberships m where m.organization_id = w.organization_id);
  work := array(select w from unnest(work) w where not (w.organization_id = any (skipped)) order by w.row_number);

  insert into public.organizations (id, slug, kind, name_en, name_ko, country, website, is_fictional, created_by)
  select w.organization_id,
         coalesce(private.slugify(w.supplier ->> 'name_en'), 'supplier') || '-' || substr(md5(importing_org::text || '/' || w.external_id), 1, 8),
         'sme', w.supplier ->> 'name_en', w.supplier ->> 'name_ko', 'KR', w.supplier ->> 'website',
         coalesce((w.supplier ->> 'fictional')::boolean, false), actor
  from unnest(work) w where w.is_new order by w.row_number;
  insert into public.sme_profiles (
    organization_id, description_en, description_ko, employees, founded_year, defense_designated,
    security_assessment_passed, capacity_note, contact_email, tags, cluster_id, published,
    external_id, imported_by_organization_id)
  select w.organization_id, w.supplier ->> 'description_en', w.supplier ->> 'description_ko', (w.supplier ->> 'employees')::integer,
         (w.supplier ->> 'founded_year')::integer, coalesce((w.supplier ->> 'defense_designated')::boolean, false),
         coalesce((w.supplier ->> 'security_clearance')::boolean, false), w.supplier ->> 'capacity_note',
         w.supplier ->> 'contact_email', w.tags, w.cluster_id, coalesce((w.supplier ->> 'published')::boolean, true),
         w.external_id, importing_org
  from unnest(work) w where w.is_new order by w.row_number;

  with updated as (
    update public.organizations o
    set name_en = w.supplier ->> 'name_en', name_ko = w.supplier ->> 'name_ko', website = w.supplier ->> 'website',
        is_fictional = coalesce((w.supplier ->> 'fictional')::boolean, false)
    from unnest(work) w
    where not w.is_new and o.id = w.organization_id
      and (o.name_en, o.name_ko, o.website, o.is_fictional)
          is distinct from (w.supplier ->> 'name_en', w.supplier ->> 'name_ko', w.supplier ->> 'website',
                            coalesce((w.supplier ->> 'fictional')::boolean, false))
    returning o.id)
  select coalesce(array_agg(id), '{}') into part from updated;
  changed := changed || part;

  with updated as (
    update public.sme_profiles p
    set description_en = w.supplier ->> 'description_en', description_ko = w.supplier ->> 'description_ko',
        employees = (w.supplier ->> 'employees')::integer, founded_year = (w.supplier ->> 'founded_year')::integer,
        defense_designated = coalesce((w.supplier ->> 'defense_designated')::boolean, false),
        security_assessment_passed = coalesce((w.supplier ->> 'security_clearance')::boolean, false),
        capacity_note = w.supplier ->> 'capacity_note', contact_email = w.supplier ->> 'contact_email',
        tags = w.tags, cluster_id = w.cluster_id, published = coalesce((w.supplier ->> 'published')::boolean, true)
    from unnest(work) w
    where not w.is_new and p.organization_id = w.organization_id
      and (p.description_en, p.description_ko, p.employees, p.founded_year, p.defense_designated,
           p.security_assessment_passed, p.capacity_note, p.contact_email, p.tags, p.cluster_id, p.published)
        is distinct from (
           w.supplier ->> 'description_en', w.supplier ->> 'description_ko', (w.supplier ->> 'employees')::integer,
           (w.supplier ->> 'founded_year')::integer, coalesce((w.supplier ->> 'defense_designated')::boolean, false),
           coalesce((w.supplier ->> 'security_clearance')::boolean, false), w.supplier ->> 'capacity_note',
           w.supplier ->> 'contact_email', w.tags, w.cluster_id, coalesce((w.supplier ->> 'published')::boolean, true))
    returning p.organization_id)
  select coalesce(array_agg(updated.organization_id), '{}') into part from updated;
  changed := changed || part;

  -- Capabilities: one per process, each with the supplier's materials.
  with deleted as (
    delete from public.sme_capabilities c using unnest(work) w
    where not w.is_new and c.organization_id = w.organization_id and c.process_code <> all (w.process_codes)
    returning c.organization_id)
  select coalesce(array_agg(deleted.organization_id), '{}') into part from deleted;
  changed := changed || part;
  with updated as (
    update public.sme_capabilities c set material_codes = w.material_codes
    from unnest(work) w
    where not w.is_new and c.organization_id = w.organization_id and c.material_codes is distinct from w.material_codes
    returning c.organization_id)
  select coalesce(array_agg(updated.organization_id), '{}') into part from updated;
  changed := changed || part;
  with inserted as (
    insert into public.sme_capabilities (id, organization_id, process_code, material_codes)
    select private.time_ordered_uuid(), w.organization_id, code, w.material_codes from unnest(work) w, unnest(w.process_codes) code
    order by w.row_number
    on conflict on constraint sme_capabilities_organization_id_process_code_key do nothing
    returning sme_capabilities.organization_id)
  select coalesce(array_agg(inserted.organization_id), '{}') into part from inserted;
  changed := changed || part;

  -- Certifications, identified by type and number.
  with deleted as (
    delete from public.sme_certifications c using unnest(work) w
    where not w.is_new and c.organization_id = w.organization_id
      and not exists (
        select 1 from jsonb_array_elements(coalesce(w.supplier -> 'certifications', '[]')) d
        where d ->> 'type_code' = c.certification_type_code and (d ->> 'number') is not distinct from c.certificate_number)
    returning c.organization_id)
  select coalesce(array_agg(deleted.organization_id), '{}') into part from deleted;
  changed := changed || part;
  with updated as (
    update public.sme_certifications c
    set expires_on = (d ->> 'expires_on')::date,
        verification_status = case when c.verification_status in ('verified', 'rejected') then 'unverified' else c.verification_status end,
        verified_by = null, verified_at = null, rejection_reason = null
    from unnest(work) w, jsonb_array_elements(coalesce(w.supplier -> 'certifications', '[]')) d
    where not w.is_new and c.organization_id = w.organization_id
      and d ->> 'type_code' = c.certification_type_code and (d ->> 'number') is not distinct from c.certificate_number
      and c.expires_on is distinct from (d ->> 'expires_on')::date
    returning c.organization_id)
  select coalesce(array_agg(updated.organization_id), '{}') into part from updated;
  changed := changed || part;
  with inserted as (
    insert into public.sme_certifications (id, organization_id, certification_type_code, certificate_number, expires_on)
    select private.time_ordered_uuid(), w.organization_id, d ->> 'type_code', d ->> 'number', (d ->> 'expires_on')::date
    from unnest(work) w, jsonb_array_elements(coalesce(w.supplier -> 'certifications', '[]')) with ordinality as e(d, position)
    -- A new supplier has no certificates yet; asking only for the others keeps this a lookup per
    -- existing supplier instead of a hash of the whole table.
    where w.is_new or not exists (
      select 1 from public.sme_certifications c
      where c.organization_id = w.organization_id and c.certification_type_code = d ->> 'type_code'
        and c.certificate_number is not distinct from (d ->> 'number'))
    order by w.row_number, e.position
    returning sme_certifications.organization_id)
  select coalesce(array_agg(inserted.organization_id), '{}') into part from inserted;
  changed := changed || part;

  -- Sites are replaced as a whole, and only when they differ (compared as the row-by-row path does).
  select coalesce(array_agg(w.organization_id), '{}') into part
  from unnest(work) w
  where coalesce((
       select jsonb_agg(jsonb_build_array(s.is_primary, s.lat, s.lng, s.name_en, s.name_ko, s.address_en, s.address_ko, s.region)
                        order by s.is_primary desc, s.lat, s.lng, s.name_en, s.name_ko, s.address_en, s.address_ko)
       from public.sme_sites s where s.organization_id = w.organization_id), '[]'::jsonb)
     is distinct from coalesce((
       select jsonb_agg(jsonb_build_array(d.position = 1, d.lat, d.lng, d.name_en, d.name_ko, d.address_en, d.address_ko, d.region)
                        order by d.position = 1 desc, d.lat, d.lng, d.name_en, d.name_ko, d.address_en, d.address_ko)
       from (
         select e.position, (e.site ->> 'lat')::double precision as lat, (e.site ->> 'lng')::double precision as lng,
                e.site ->> 'name_en' as name_en, e.site ->> 'name_ko' as name_ko,
                e.site ->> 'address_en' as address_en, e.site ->> 'address_ko' as address_ko, e.site ->> 'region' as region
         from jsonb_array_elements(w.supplier -> 'sites') with ordinality as e(site, position)) d), '[]'::jsonb);
  if cardinality(part) > 0 then
    delete from public.sme_sites s where s.organization_id = any (part);
    insert into public.sme_sites (id, organization_id, name_en, name_ko, address_en, address_ko, region, lat, lng, is_primary)
    select private.time_ordered_uuid(), w.organization_id, e.site ->> 'name_en', e.site ->> 'name_ko', e.site ->> 'address_en', e.site ->> 'address_ko',
           (e.site ->> 'region')::public.korean_region, (e.site ->> 'lat')::double precision, (e.site ->> 'lng')::double precision,
           e.position = 1
    from unnest(work) w, jsonb_array_elements(w.supplier -> 'sites') with ordinality as e(site, position)
    where w.organization_id = any (part)
    order by w.row_number, e.position;
    changed := changed || part;
  end if;

  return query
    select (r ->> 'id')::bigint, 'skipped'::text, p.organization_id,
           jsonb_build_array(jsonb_build_object('field', '', 'severity', 'warning', 'code', 'import.warning.claimed', 'params', '{}'::jsonb))
    from jsonb_array_elements(batch) r
    join public.sme_profiles p
      on p.imported_by_organization_id = importing_org and p.external_id = r -> 'payload' ->> 'external_id'
    where p.organization_id = any (skipped)
    union all
    select w.row_id, case when w.is_new then 'created' when w.organization_id = any (changed) then 'updated' else 'unchanged' end,
           w.organization_id, '[]'::jsonb
    from unnest(work) w;
end
$$;

-- Completeness of many profiles at once: the one definition (20261124001000), which
-- private.sme_completeness(org) now asks for one profile. A call per profile restarts the query
-- each time; this costs about a fifth of that per profile.
create or replace function private.sme_completeness_of(orgs uuid[]) returns table (organization_id uuid, completeness smallint)
language sql stable security definer set search_path = '' as $$
  select p.organization_id, (
      case when char_length(btrim(coalesce(p.description_en, ''))) >= 40 then 15 else 0 end
    + case when char_length(btrim(coalesce(p.description_ko, ''))) >= 20 then 15 else 0 end
    + case when exists (select 1 from public.sme_capabilities c where c.organization_id = p.organization_id) then 15 else 0 end
    + case when exists (select 1 from public.sme_certifications c where c.organization_id = p.organization_id) then 10 else 0 end
    + case when exists (select 1 from public.sme_sites s where s.organization_id = p.organization_id and s.is_primary) then 10 else 0 end
    + case when exists (select 1 from public.sme_equipment e where e.organization_id = p.organization_id) then 5 else 0 end
    + case when o.name_ko is not null then 5 else 0 end
    + case when p.employees is not null then 5 else 0 end
    + case when p.founded_year is not null then 5 else 0 end
    + case when coalesce(p.contact_email, o.contact_email) is not null then 5 else 0 end
    + case when o.website is not null then 5 else 0 end
    + case when p.cluster_id is not null then 5 else 0 end
  )::smallint
  from public.sme_profiles p
  join public.organizations o on o.id = p.organization_id
  where p.organization_id = any (orgs)
$$;

create or replace function private.sme_completeness(org uuid) returns smallint
language sql stable security definer set search_path = '' as $$
  select c.completeness from private.sme_completeness_of(array[org]) c
$$;

-- Still one refresh per supplier per transaction, from the state at commit; what changes is that
-- the first refresh at commit does all of them in one statement. Deferred events fire in the order
-- their rows were enqueued, and outbox ids grow with every row (search_outbox_id_seq caches no
-- values), so the first event has the transaction's smallest outbox id: the statement refreshes
-- the suppliers of every outbox row from there on, and records the last id it covered in a
-- transaction-local setting, which the remaining events compare with instead of querying. Rows
-- of other transactions that committed meanwhile may be among them; refreshing those again is
-- harmless (the text is rebuilt from the data). Document ids are checked for the canonical uuid
-- form with translate(), which costs far less than a regular expression or an exception block.
create or replace function private.refresh_supplier_search_entry() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  org uuid;
  through bigint;
begin
  if new.id <= coalesce(nullif(current_setting('clustermatch.search_entries_refreshed_through', true), '')::bigint, 0) then
    return null;
  end if;
  org := case when char_length(new.document_id) = 36 and translate(new.document_id, '0123456789abcdef', '') = '----'
                   and substr(new.document_id, 9, 1) || substr(new.document_id, 14, 1) || substr(new.document_id, 19, 1) || substr(new.document_id, 24, 1) = '----'
              then new.document_id::uuid else private.try_uuid(new.document_id) end;
  if org is null or exists (
    select 1 from public.supplier_search_entries e
    where e.organization_id = org and e.refreshed_xact = pg_current_xact_id()) then
    return null;
  end if;
  if not exists (select 1 from public.sme_profiles p where p.organization_id = org and p.published) then
    delete from public.supplier_search_entries e where e.organization_id = org;
    return null;
  end if;
  with outbox as (
    select o.id, o.document_id from public.search_outbox o
    where o.id >= new.id and o.index_name = 'suppliers'
  ), docs as (
    select distinct case when char_length(o.document_id) = 36 and translate(o.document_id, '0123456789abcdef', '') = '----'
                              and substr(o.document_id, 9, 1) || substr(o.document_id, 14, 1) || substr(o.document_id, 19, 1) || substr(o.document_id, 24, 1) = '----'
                         then o.document_id::uuid else private.try_uuid(o.document_id) end as id
    from outbox o
  ), state as (
    select d.id, exists (select 1 from public.sme_profiles p where p.organization_id = d.id and p.published) as published
    from docs d where d.id is not null
  ), scores as (
    select c.organization_id, c.completeness
    from private.sme_completeness_of(array(select s.id from state s where s.published)) c
  ), refreshed as (
    insert into public.supplier_search_entries (organization_id, search_text, completeness, refreshed_xact)
    select s.id, coalesce(private.supplier_search_text(s.id), ''), coalesce(c.completeness, 0), pg_current_xact_id()
    from state s left join scores c on c.organization_id = s.id
    where s.published
    order by s.id
    on conflict (organization_id) do update
      set search_text = excluded.search_text, completeness = excluded.completeness,
          refreshed_xact = excluded.refreshed_xact, updated_at = now()
    returning 1
  ), removed as (
    delete from public.supplier_search_entries e
    using state s where e.organization_id = s.id and not s.published
    returning 1
  )
  select max(o.id) into through from outbox o;
  perform set_config('clustermatch.search_entries_refreshed_through', coalesce(through, new.id)::text, true);
  return null;
end
$$;

-- The trigram index takes about 290 entries per supplier. Its pending list is merged into the
-- index when it outgrows this limit; at the default 4 MB (about 500 suppliers) the merge cost
-- about twice as much per supplier as at 8 MB, and a search through the index reads the
-- pending list whole, which at 8 MB takes about 25-30 ms.
alter index public.supplier_search_entries_text_trgm_idx set (gin_pending_list_limit = 8192);

revoke execute on function private.time_ordered_uuid(), private.sme_completeness_of(uuid[]) from public;
