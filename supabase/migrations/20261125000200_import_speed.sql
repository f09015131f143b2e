-- Import speed (issue 10). Profiling a commit run showed that almost all of its time was spent
-- per row in PostgreSQL, not in the statements' real work: every supplier ran about fifteen
-- statements, each firing its statement-level triggers (outbox, import counters, NOTIFY) for
-- that one supplier, and every row's status update re-counted the run. A batch is now written
-- with one statement per kind of change for all its suppliers, so each trigger fires once per
-- batch with all of its rows. The outcome of every row is exactly the one the row-by-row path
-- (private.upsert_imported_supplier, unchanged) gives: when anything in the set-based write
-- fails, the whole batch is rolled back and written row by row, each row in its own
-- subtransaction, so a refused row still fails alone with its own message and writes nothing.

create type private.import_item as (
  row_id bigint,
  row_number integer,
  external_id text,
  organization_id uuid,
  is_new boolean,
  cluster_id uuid,
  process_codes text[],
  material_codes text[],
  tags text[],
  supplier jsonb
);

-- The set-based twin of private.upsert_imported_supplier for suppliers of one importer: one
-- result per item (row_id, outcome, organization_id, issues). Raises instead of deciding when a
-- row is not plainly writable (bad external id, no site, a cluster the importer may not use,
-- an external id twice in the batch); the caller then falls back to the row-by-row path, which
-- reports that row's failure on its own.
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
      coalesce(p.organization_id, gen_random_uuid()), p.organization_id is null, c.id,
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
    insert into public.sme_capabilities (organization_id, process_code, material_codes)
    select w.organization_id, code, w.material_codes from unnest(work) w, unnest(w.process_codes) code
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
    insert into public.sme_certifications (organization_id, certification_type_code, certificate_number, expires_on)
    select w.organization_id, d ->> 'type_code', d ->> 'number', (d ->> 'expires_on')::date
    from unnest(work) w, jsonb_array_elements(coalesce(w.supplier -> 'certifications', '[]')) with ordinality as e(d, position)
    where not exists (
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
    insert into public.sme_sites (organization_id, name_en, name_ko, address_en, address_ko, region, lat, lng, is_primary)
    select w.organization_id, e.site ->> 'name_en', e.site ->> 'name_ko', e.site ->> 'address_en', e.site ->> 'address_ko',
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

-- Unchanged interface and checks. The batch's rows are written set-based (above) or, when that
-- fails, row by row as before; either way every row's status is recorded in one statement, so
-- the run's counters are updated once per batch instead of once per row.
create or replace function public.process_import_rows(p_run_id uuid, p_limit integer default 25) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  run public.import_runs%rowtype;
  batch jsonb;
  item jsonb;
  outcome jsonb;
  outcomes jsonb := '[]'::jsonb;
  processed integer := 0;
  remaining integer;
  final_status public.import_run_status;
  set_based boolean := true;
begin
  select * into run from public.import_runs r where r.id = p_run_id;
  if not found then
    raise exception using errcode = 'P0002', message = 'Import run not found';
  end if;
  if not (coalesce(auth.role(), '') = 'service_role' or run.organization_id = any (private.admin_org_ids())) then
    perform private.refuse('Only admins of the importing organization can run its import');
  end if;
  if run.mode <> 'commit' then
    raise exception using errcode = 'invalid_parameter_value', message = 'A dry run writes nothing';
  end if;
  if run.status <> 'running' then
    return jsonb_build_object('processed', 0, 'remaining', run.pending_rows, 'status', run.status);
  end if;

  select coalesce(jsonb_agg(jsonb_build_object('id', x.id, 'row_number', x.row_number, 'payload', x.payload) order by x.row_number), '[]'::jsonb)
  into batch
  from (
    select r.id, r.row_number, r.payload from public.import_rows r
    where r.run_id = p_run_id and r.status = 'pending'
    order by r.row_number
    limit greatest(1, least(coalesce(p_limit, 25), 500))
    for update skip locked) x;
  processed := jsonb_array_length(batch);

  if processed > 0 then
    begin
      select coalesce(jsonb_agg(jsonb_build_object('id', u.row_id, 'outcome', u.outcome, 'organization_id', u.organization_id, 'issues', u.issues)), '[]'::jsonb)
      into outcomes
      from private.upsert_imported_suppliers(run.organization_id, batch, run.created_by) u;
    exception when others then
      -- Nothing of the set-based attempt stays; each row is written (or refused) on its own.
      set_based := false;
      outcomes := '[]'::jsonb;
    end;
    if not set_based then
      for item in select value from jsonb_array_elements(batch) loop
        begin
          outcome := private.upsert_imported_supplier(run.organization_id, item -> 'payload', run.created_by);
          outcomes := outcomes || jsonb_build_array(outcome || jsonb_build_object('id', item -> 'id'));
        exception when others then
          -- Everything this row wrote is rolled back with the subtransaction; only its failure stays.
          outcomes := outcomes || jsonb_build_array(jsonb_build_object(
            'id', item -> 'id', 'outcome', 'failed', 'organization_id', null,
            'issues', jsonb_build_array(jsonb_build_object(
              'field', '', 'severity', 'error', 'code', 'import.error.database',
              'params', jsonb_build_object('detail', left(sqlerrm, 300))))));
        end;
      end loop;
    end if;

    update public.import_rows r
    set status = (o ->> 'outcome')::public.import_row_status,
        supplier_organization_id = (o ->> 'organization_id')::uuid,
        issues = r.issues || (
          select coalesce(jsonb_agg(i || jsonb_build_object('row', r.row_number)), '[]'::jsonb)
          from jsonb_array_elements(o -> 'issues') i),
        has_warnings = r.has_warnings or (o ->> 'outcome' <> 'failed' and jsonb_array_length(o -> 'issues') > 0),
        processed_at = now()
    from jsonb_array_elements(outcomes) o
    where r.id = (o ->> 'id')::bigint;
  end if;

  select count(*) into remaining from public.import_rows r where r.run_id = p_run_id and r.status = 'pending';
  update public.import_runs r set heartbeat_at = now() where r.id = p_run_id;
  if remaining = 0 then
    update public.import_runs r set status = 'completed', finished_at = now()
    where r.id = p_run_id and r.status = 'running'
    returning * into run;
    if found then
      insert into public.audit_log (actor_user_id, actor_organization_id, organization_id, action, entity_type, entity_id, details)
      values (coalesce(auth.uid(), run.created_by), run.organization_id, run.organization_id, 'import.completed', 'import_runs', run.id::text,
        jsonb_build_object('file_name', run.file_name, 'total', run.total_rows, 'created', run.created_rows, 'updated', run.updated_rows,
          'unchanged', run.unchanged_rows, 'invalid', run.invalid_rows, 'skipped', run.skipped_rows, 'failed', run.failed_rows));
    end if;
  end if;
  select r.status into final_status from public.import_runs r where r.id = p_run_id;
  return jsonb_build_object('processed', processed, 'remaining', remaining, 'status', final_status);
end
$$;

revoke execute on function private.upsert_imported_suppliers(uuid, jsonb, uuid) from public;
