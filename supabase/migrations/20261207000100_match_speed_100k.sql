-- Matching at 100,000 suppliers, second pass (issue 10: match API p95 ≤ 150 ms; it was 308 ms).
--
-- Profiled with EXPLAIN (ANALYZE, BUFFERS) on the 100,000-supplier corpus with the benchmark's 200
-- match bodies, the request's time was almost all in match_candidates, in two places:
--   * joining the candidates (5,000 to 20,000 per need: every supplier offering a wanted process)
--     to three tables for three facts — "published?" and completeness (a merge join over a
--     97,000-entry index each) and "a site within the radius?" (an index probe per candidate).
--     The process counts (an index-only scan) and the certificates were cheap;
--   * building the 300 rows of the pool: for each, its profile, organization, capabilities,
--     materials, certificates and sites from six tables, about a dozen pages each, mostly not in
--     shared buffers at this size. That was as long as the ranking.
--
-- Two tables answer both, rewritten from their sources when a transaction that changed those
-- commits (triggers queue the SMEs; one rewrite per transaction, however many statements):
--   * supplier_match_facts: one row per process a published SME offers, with the SME's
--     completeness and one site in the primary key's leaf pages. A need's candidates are one
--     index-only range scan per wanted process and an aggregate, with no join. Suppliers with more
--     than one site are flagged: when the stored site is outside the radius their other sites are
--     looked up, so "within the radius" still means any site;
--   * supplier_match_cards: one row per published SME, the candidate exactly as match_candidates
--     returns it, so the pool is 300 primary-key lookups.
-- Completeness comes, as before, from the supplier's search entry.
--
-- match_candidates keeps its arguments, its result and its order: the by-process branch computes
-- the same prescore from the same values, and a need without processes keeps the previous path.
-- Two more things the profile showed: the certificate filter converted now() to Korean time once
-- per certificate (tens of thousands for a common certificate type), and the prescore was summed
-- in numeric for every candidate.

-- One row per published SME: the candidate exactly as match_candidates returns it.
create table public.supplier_match_cards (
  organization_id uuid primary key references public.sme_profiles (organization_id) on delete cascade,
  external_id text,
  name_en text not null,
  name_ko text,
  employees integer,
  capacity_note text,
  completeness smallint not null default 0,
  verification_status public.verification_status not null,
  defense_designated boolean not null,
  security_assessment_passed boolean not null,
  cluster_id uuid,
  process_codes text[] not null,
  material_codes text[] not null,
  certifications jsonb not null,
  sites jsonb not null
);

-- One row per process a published SME offers, with what the prescore needs about the SME. No
-- foreign key: checking one for each row written was about a sixth of a rewrite's time, and the
-- rows go anyway with the profile (its capabilities go, which queues it; it has no card).
create table public.supplier_match_facts (
  process_code text not null,
  organization_id uuid not null,
  completeness smallint not null default 0,
  -- The primary site if there is one; null without sites.
  site_lat double precision,
  site_lng double precision,
  more_sites boolean not null default false,
  primary key (process_code, organization_id) include (completeness, site_lat, site_lng, more_sites)
);
create index supplier_match_facts_organization_idx on public.supplier_match_facts (organization_id);

alter table public.supplier_match_cards enable row level security;
create policy "Match cards are visible for published SME profiles" on public.supplier_match_cards
  for select to anon, authenticated
  using (exists (
    select 1 from public.sme_profiles p
    where p.organization_id = supplier_match_cards.organization_id and p.published));
-- Written only by the triggers below (security definer); no API role writes.
create policy "Match cards are maintained by the database" on public.supplier_match_cards
  for insert to authenticated with check (false);
create policy "Match cards are not edited through the API" on public.supplier_match_cards
  for update to authenticated using (false);
create policy "Match cards are not deleted through the API" on public.supplier_match_cards
  for delete to authenticated using (false);

alter table public.supplier_match_facts enable row level security;
create policy "Match facts are visible for published SME profiles" on public.supplier_match_facts
  for select to anon, authenticated
  using (exists (
    select 1 from public.sme_profiles p
    where p.organization_id = supplier_match_facts.organization_id and p.published));
create policy "Match facts are maintained by the database" on public.supplier_match_facts
  for insert to authenticated with check (false);
create policy "Match facts are not edited through the API" on public.supplier_match_facts
  for update to authenticated using (false);
create policy "Match facts are not deleted through the API" on public.supplier_match_facts
  for delete to authenticated using (false);

-- Rewrites the rows of the given SMEs from the tables they mirror. Only rows that changed are
-- written: ON CONFLICT DO UPDATE would lock (and so write) every existing row, even unchanged.
-- Floats are written into the cards' JSON in their shortest exact form whatever the session
-- asks for, so coordinates read back from it are the very doubles of sme_sites.
create or replace function private.refresh_supplier_match(orgs uuid[]) returns void
language sql security definer set search_path = '' set extra_float_digits = 1 as $$
  delete from public.supplier_match_cards c
  where c.organization_id = any (orgs)
    and not exists (select 1 from public.sme_profiles p where p.organization_id = c.organization_id and p.published);

  -- The aggregates match_candidates built its rows with, one pass per table for all the SMEs.
  with processes as (
    select c.organization_id, array_agg(c.process_code order by c.process_code) as codes
    from public.sme_capabilities c where c.organization_id = any (orgs) group by c.organization_id
  ),
  materials as (
    select c.organization_id, array_agg(distinct m order by m) as codes
    from public.sme_capabilities c, unnest(c.material_codes) m where c.organization_id = any (orgs) group by c.organization_id
  ),
  certifications as (
    select sc.organization_id,
           jsonb_agg(jsonb_build_object('id', sc.id, 'type_code', sc.certification_type_code,
                                        'verification_status', sc.verification_status, 'expires_on', sc.expires_on)
                     order by sc.certification_type_code, sc.id) as list
    from public.sme_certifications sc where sc.organization_id = any (orgs) group by sc.organization_id
  ),
  sites as (
    select s.organization_id,
           jsonb_agg(jsonb_build_object('lat', s.lat, 'lng', s.lng, 'is_primary', s.is_primary) order by s.is_primary desc, s.id) as list
    from public.sme_sites s where s.organization_id = any (orgs) group by s.organization_id
  ),
  fresh as (
    select p.organization_id, p.external_id, o.name_en, o.name_ko, p.employees, p.capacity_note,
           coalesce(e.completeness, 0)::smallint as completeness,
           p.verification_status, p.defense_designated, p.security_assessment_passed, p.cluster_id,
           coalesce(pr.codes, '{}') as process_codes, coalesce(ma.codes, '{}') as material_codes,
           coalesce(ce.list, '[]') as certifications, coalesce(si.list, '[]') as sites
    from public.sme_profiles p
    join public.organizations o on o.id = p.organization_id
    left join public.supplier_search_entries e on e.organization_id = p.organization_id
    left join processes pr on pr.organization_id = p.organization_id
    left join materials ma on ma.organization_id = p.organization_id
    left join certifications ce on ce.organization_id = p.organization_id
    left join sites si on si.organization_id = p.organization_id
    where p.organization_id = any (orgs) and p.published
  ),
  changed as (
    update public.supplier_match_cards c
    set external_id = f.external_id, name_en = f.name_en, name_ko = f.name_ko, employees = f.employees,
        capacity_note = f.capacity_note, completeness = f.completeness, verification_status = f.verification_status,
        defense_designated = f.defense_designated, security_assessment_passed = f.security_assessment_passed,
        cluster_id = f.cluster_id, process_codes = f.process_codes, material_codes = f.material_codes,
        certifications = f.certifications, sites = f.sites
    from fresh f
    where c.organization_id = f.organization_id
      and (c.external_id, c.name_en, c.name_ko, c.employees, c.capacity_note, c.completeness, c.verification_status,
           c.defense_designated, c.security_assessment_passed, c.cluster_id, c.process_codes, c.material_codes,
           c.certifications, c.sites)
        is distinct from (f.external_id, f.name_en, f.name_ko, f.employees, f.capacity_note, f.completeness,
           f.verification_status, f.defense_designated, f.security_assessment_passed, f.cluster_id, f.process_codes,
           f.material_codes, f.certifications, f.sites)
  )
  insert into public.supplier_match_cards as c (
    organization_id, external_id, name_en, name_ko, employees, capacity_note, completeness, verification_status,
    defense_designated, security_assessment_passed, cluster_id, process_codes, material_codes, certifications, sites)
  select f.organization_id, f.external_id, f.name_en, f.name_ko, f.employees, f.capacity_note, f.completeness,
         f.verification_status, f.defense_designated, f.security_assessment_passed, f.cluster_id, f.process_codes,
         f.material_codes, f.certifications, f.sites
  from fresh f
  where not exists (select 1 from public.supplier_match_cards c where c.organization_id = f.organization_id)
  order by f.organization_id
  -- Only when another transaction wrote the same new card meanwhile.
  on conflict (organization_id) do update
    set external_id = excluded.external_id, name_en = excluded.name_en, name_ko = excluded.name_ko,
        employees = excluded.employees, capacity_note = excluded.capacity_note, completeness = excluded.completeness,
        verification_status = excluded.verification_status, defense_designated = excluded.defense_designated,
        security_assessment_passed = excluded.security_assessment_passed, cluster_id = excluded.cluster_id,
        process_codes = excluded.process_codes, material_codes = excluded.material_codes,
        certifications = excluded.certifications, sites = excluded.sites;

  -- Facts from the cards just written: who is published, how complete, which processes, and the
  -- sites (the primary first). Rows that differ are deleted here and written again below.
  delete from public.supplier_match_facts f
  where f.organization_id = any (orgs)
    and not exists (
      select 1 from public.supplier_match_cards c
      where c.organization_id = f.organization_id and f.process_code = any (c.process_codes)
        and (f.completeness, f.site_lat, f.site_lng, f.more_sites)
            is not distinct from (c.completeness, (c.sites -> 0 ->> 'lat')::double precision,
                                  (c.sites -> 0 ->> 'lng')::double precision, jsonb_array_length(c.sites) > 1));

  insert into public.supplier_match_facts as f (process_code, organization_id, completeness, site_lat, site_lng, more_sites)
  select code, c.organization_id, c.completeness, (c.sites -> 0 ->> 'lat')::double precision,
         (c.sites -> 0 ->> 'lng')::double precision, jsonb_array_length(c.sites) > 1
  from public.supplier_match_cards c
  cross join unnest(c.process_codes) code
  where c.organization_id = any (orgs)
    and not exists (select 1 from public.supplier_match_facts f where f.process_code = code and f.organization_id = c.organization_id)
  order by c.organization_id, code
  on conflict (process_code, organization_id) do update
    set completeness = excluded.completeness, site_lat = excluded.site_lat, site_lng = excluded.site_lng,
        more_sites = excluded.more_sites;
$$;

-- SMEs whose match rows are rewritten when the transaction that changed them commits. An import
-- batch changes each of its suppliers in up to a dozen statements (profile, organization,
-- capabilities, certificates and sites, each deleted, updated and inserted); rewriting the rows
-- after every statement made importing new suppliers about a quarter slower and re-importing
-- changed ones nearly twice as slow. Once at commit is enough. Entries live only inside their
-- transaction, so the table is unlogged.
create unlogged table private.supplier_match_queue (
  xid xid8 not null default pg_current_xact_id(),
  -- Null in the one row per transaction that schedules the rewrite.
  organization_id uuid,
  constraint supplier_match_queue_key unique nulls not distinct (xid, organization_id)
);
alter table private.supplier_match_queue enable row level security;

-- Statement triggers on the tables the rows mirror. An update queues only the SMEs whose rows
-- changed in a column the matcher reads.
create or replace function private.on_match_source_change() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' and tg_table_name = 'sme_profiles' then
    insert into private.supplier_match_queue (organization_id)
    select distinct n.organization_id from new_rows n where n.published order by 1 on conflict do nothing;
  elsif tg_op = 'INSERT' then
    insert into private.supplier_match_queue (organization_id)
    select distinct n.organization_id from new_rows n order by 1 on conflict do nothing;
  elsif tg_op = 'DELETE' then
    insert into private.supplier_match_queue (organization_id)
    select distinct o.organization_id from old_rows o order by 1 on conflict do nothing;
  elsif tg_table_name = 'sme_capabilities' then
    insert into private.supplier_match_queue (organization_id)
    select distinct unnest(array[n.organization_id, o.organization_id]) from new_rows n join old_rows o using (id)
    where (n.organization_id, n.process_code, n.material_codes) is distinct from (o.organization_id, o.process_code, o.material_codes)
    order by 1 on conflict do nothing;
  elsif tg_table_name = 'sme_certifications' then
    insert into private.supplier_match_queue (organization_id)
    select distinct unnest(array[n.organization_id, o.organization_id]) from new_rows n join old_rows o using (id)
    where (n.organization_id, n.certification_type_code, n.verification_status, n.expires_on)
      is distinct from (o.organization_id, o.certification_type_code, o.verification_status, o.expires_on)
    order by 1 on conflict do nothing;
  elsif tg_table_name = 'sme_sites' then
    insert into private.supplier_match_queue (organization_id)
    select distinct unnest(array[n.organization_id, o.organization_id]) from new_rows n join old_rows o using (id)
    where (n.organization_id, n.lat, n.lng, n.is_primary) is distinct from (o.organization_id, o.lat, o.lng, o.is_primary)
    order by 1 on conflict do nothing;
  elsif tg_table_name = 'sme_profiles' then
    insert into private.supplier_match_queue (organization_id)
    select n.organization_id from new_rows n join old_rows o using (organization_id)
    where (n.published, n.external_id, n.employees, n.capacity_note, n.verification_status, n.defense_designated,
           n.security_assessment_passed, n.cluster_id)
      is distinct from (o.published, o.external_id, o.employees, o.capacity_note, o.verification_status,
           o.defense_designated, o.security_assessment_passed, o.cluster_id)
    order by 1 on conflict do nothing;
  elsif tg_table_name = 'organizations' then
    insert into private.supplier_match_queue (organization_id)
    select n.id from new_rows n join old_rows o using (id)
    where (n.name_en, n.name_ko) is distinct from (o.name_en, o.name_ko)
    order by 1 on conflict do nothing;
  end if;
  -- The row that schedules the rewrite at commit (the queue takes it once per transaction).
  if found then
    insert into private.supplier_match_queue (organization_id) values (null) on conflict do nothing;
  end if;
  return null;
end
$$;

-- Fires at commit, once per transaction (for the null row).
create or replace function private.refresh_queued_supplier_match() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  orgs uuid[];
begin
  with taken as (
    delete from private.supplier_match_queue q where q.xid = pg_current_xact_id() returning q.organization_id)
  select array_agg(taken.organization_id) filter (where taken.organization_id is not null) into orgs from taken;
  if orgs is not null then
    perform private.refresh_supplier_match(orgs);
  end if;
  return null;
end
$$;
create constraint trigger supplier_match_queue_refresh after insert on private.supplier_match_queue
  deferrable initially deferred for each row when (new.organization_id is null)
  execute function private.refresh_queued_supplier_match();

-- Named to fire after the search outbox's triggers on the same statements (PostgreSQL fires a
-- statement's triggers in name order): a transaction's first rewrite is then scheduled after the
-- search entries of the suppliers changed so far, which are refreshed first at commit, so the
-- rows are written with their completeness rather than rewritten when it arrives.
do $$
declare
  source text;
begin
  foreach source in array array['sme_capabilities', 'sme_certifications', 'sme_sites'] loop
    execute format('create trigger %I after insert on public.%I referencing new table as new_rows
      for each statement execute function private.on_match_source_change()', source || '_queue_match_insert', source);
    execute format('create trigger %I after update on public.%I referencing old table as old_rows new table as new_rows
      for each statement execute function private.on_match_source_change()', source || '_queue_match_update', source);
    execute format('create trigger %I after delete on public.%I referencing old table as old_rows
      for each statement execute function private.on_match_source_change()', source || '_queue_match_delete', source);
  end loop;
end
$$;
-- A deleted profile takes its card with it (foreign key) and its facts with its capabilities; of an
-- organization only its names matter, and a new one has no profile yet.
create trigger sme_profiles_queue_match_insert after insert on public.sme_profiles
  referencing new table as new_rows for each statement execute function private.on_match_source_change();
create trigger sme_profiles_queue_match_update after update on public.sme_profiles
  referencing old table as old_rows new table as new_rows for each statement execute function private.on_match_source_change();
create trigger organizations_queue_match_update after update on public.organizations
  referencing old table as old_rows new table as new_rows for each statement execute function private.on_match_source_change();

-- Completeness is computed where the search entry is refreshed (once per supplier, at commit);
-- the match rows copy every change of it, whichever of the two is refreshed first, so they hold
-- the entry's value as match_candidates read it before (0 without an entry).
create or replace function private.on_match_completeness_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  org uuid := case when tg_op = 'DELETE' then old.organization_id else new.organization_id end;
  value smallint := case when tg_op = 'DELETE' then 0 else new.completeness end;
begin
  update public.supplier_match_cards c set completeness = value
  where c.organization_id = org and c.completeness <> value;
  -- The facts were written with the card's completeness: equal cards mean equal facts.
  if found then
    update public.supplier_match_facts f set completeness = value
    where f.organization_id = org and f.completeness <> value;
  end if;
  return null;
end
$$;
create trigger supplier_search_entries_match_insert after insert on public.supplier_search_entries
  for each row execute function private.on_match_completeness_change();
create trigger supplier_search_entries_match_update after update of completeness on public.supplier_search_entries
  for each row when (old.completeness is distinct from new.completeness) execute function private.on_match_completeness_change();
create trigger supplier_search_entries_match_delete after delete on public.supplier_search_entries
  for each row execute function private.on_match_completeness_change();

revoke execute on function
  private.refresh_supplier_match(uuid[]),
  private.on_match_source_change(),
  private.refresh_queued_supplier_match(),
  private.on_match_completeness_change()
from public;

-- Published profiles from before this migration.
select private.refresh_supplier_match(array(select p.organization_id from public.sme_profiles p where p.published));

create or replace function public.match_candidates(
  p_process_codes text[] default '{}',
  p_required_process_codes text[] default '{}',
  p_material_codes text[] default '{}',
  p_certification_codes text[] default '{}',
  p_required_certification_codes text[] default '{}',
  p_lat double precision default null,
  p_lng double precision default null,
  p_radius_km double precision default null,
  p_exclude uuid[] default '{}',
  p_pool integer default 300)
returns table (
  supplier_id uuid,
  external_id text,
  name_en text,
  name_ko text,
  employees integer,
  capacity_note text,
  completeness smallint,
  verification_status public.verification_status,
  defense_designated boolean,
  security_assessment_passed boolean,
  cluster_id uuid,
  process_codes text[],
  material_codes text[],
  certifications jsonb,
  sites jsonb,
  prescore double precision)
language sql stable security definer set search_path = '' as $$
  -- Published suppliers offering a wanted process, with everything their prescore needs but the
  -- certificates, from supplier_match_facts alone.
  with by_process as materialized (
    select f.organization_id,
           count(*) filter (where f.process_code = any (coalesce(p_required_process_codes, '{}'))) as required_hits,
           count(*) as hits,
           max(f.completeness) as completeness,
           -- The haversine formula written out: private.distance_m is not inlined (it pins
           -- search_path), and a function call per site costs more than the rest of the query.
           -- A scalar subquery rather than EXISTS keeps the lookup per supplier: the planner
           -- would otherwise hash every site in the country to answer it.
           bool_or(p_lat is not null and p_radius_km is not null and case
             when f.site_lat between p_lat - p_radius_km / 111.0 and p_lat + p_radius_km / 111.0
              and f.site_lng between p_lng - p_radius_km / (111.0 * greatest(cos(radians(p_lat)), 0.01))
                                 and p_lng + p_radius_km / (111.0 * greatest(cos(radians(p_lat)), 0.01))
              and 2 * 6371.0088 * asin(sqrt(
                    power(sin(radians(f.site_lat - p_lat) / 2), 2)
                    + cos(radians(p_lat)) * cos(radians(f.site_lat)) * power(sin(radians(f.site_lng - p_lng) / 2), 2))) <= p_radius_km
               then true
             when f.more_sites then coalesce((
               select true from public.sme_sites s
               where s.organization_id = f.organization_id
                 and s.lat between p_lat - p_radius_km / 111.0 and p_lat + p_radius_km / 111.0
                 and s.lng between p_lng - p_radius_km / (111.0 * greatest(cos(radians(p_lat)), 0.01))
                               and p_lng + p_radius_km / (111.0 * greatest(cos(radians(p_lat)), 0.01))
                 and 2 * 6371.0088 * asin(sqrt(
                       power(sin(radians(s.lat - p_lat) / 2), 2)
                       + cos(radians(p_lat)) * cos(radians(s.lat)) * power(sin(radians(s.lng - p_lng) / 2), 2))) <= p_radius_km
               limit 1), false)
             else false
           end) as near
    from public.supplier_match_facts f
    where f.process_code = any (coalesce(p_process_codes, '{}'))
    group by f.organization_id
  ),
  -- Who else is considered, when the need names no process: by certification, else by location,
  -- else the most complete profiles. At most one branch applies.
  seed as materialized (
    select distinct sc.organization_id from public.sme_certifications sc
    where cardinality(coalesce(p_process_codes, '{}')) = 0
      and sc.certification_type_code = any (coalesce(p_certification_codes, '{}'))
    union all
    select distinct s.organization_id from public.sme_sites s
    where cardinality(coalesce(p_process_codes, '{}')) = 0 and cardinality(coalesce(p_certification_codes, '{}')) = 0
      and p_lat is not null and p_radius_km is not null
      and s.lat between p_lat - p_radius_km / 111.0 and p_lat + p_radius_km / 111.0
      and s.lng between p_lng - p_radius_km / (111.0 * greatest(cos(radians(p_lat)), 0.01))
                    and p_lng + p_radius_km / (111.0 * greatest(cos(radians(p_lat)), 0.01))
    union all
    (select e.organization_id from public.supplier_search_entries e
     where cardinality(coalesce(p_process_codes, '{}')) = 0 and cardinality(coalesce(p_certification_codes, '{}')) = 0
       and (p_lat is null or p_radius_km is null)
     order by e.completeness desc, e.organization_id
     limit least(greatest(coalesce(p_pool, 300), 1), 2000))
  ),
  -- Certificates held (not rejected, not expired) of every candidate.
  held as (
    select distinct sc.organization_id, sc.certification_type_code
    from public.sme_certifications sc
    join (select organization_id from by_process union all select organization_id from seed) s on s.organization_id = sc.organization_id
    where sc.certification_type_code = any (coalesce(p_certification_codes, '{}'))
      and sc.verification_status <> 'rejected'
      -- Today in Korea once per query, not once per certificate (the time zone lookup is most of
      -- this filter's cost).
      and (sc.expires_on is null or sc.expires_on >= (select (now() at time zone 'Asia/Seoul')::date))
  ),
  by_cert as (
    select h.organization_id,
           count(*) filter (where h.certification_type_code = any (coalesce(p_required_certification_codes, '{}'))) as required_held,
           count(*) as held
    from held h
    group by h.organization_id
  ),
  -- Sites within the radius, for the seeds of a need without processes.
  near as (
    select distinct s.organization_id
    from public.sme_sites s
    join seed on seed.organization_id = s.organization_id
    where p_lat is not null and p_radius_km is not null
      and s.lat between p_lat - p_radius_km / 111.0 and p_lat + p_radius_km / 111.0
      and s.lng between p_lng - p_radius_km / (111.0 * greatest(cos(radians(p_lat)), 0.01))
                    and p_lng + p_radius_km / (111.0 * greatest(cos(radians(p_lat)), 0.01))
      and 2 * 6371.0088 * asin(sqrt(
            power(sin(radians(s.lat - p_lat) / 2), 2)
            + cos(radians(p_lat)) * cos(radians(s.lat)) * power(sin(radians(s.lng - p_lng) / 2), 2))) <= p_radius_km
  ),
  -- Ranked by the prescore × 10, an integer: the prescore's order without numeric arithmetic for
  -- every candidate (completeness / 10.0 was the one fraction).
  ranked as (
    select bp.organization_id,
           ((case when coalesce(bc.required_held, 0) >= cardinality(coalesce(p_required_certification_codes, '{}')) then 1000 else 0 end)
           + bp.required_hits * 50 + bp.hits * 10
           + coalesce(bc.required_held, 0) * 20 + coalesce(bc.held, 0) * 5
           + case when bp.near then 15 else 0 end) * 10
           + bp.completeness as rank_key
    from by_process bp
    left join by_cert bc on bc.organization_id = bp.organization_id
    where not (bp.organization_id = any (coalesce(p_exclude, '{}')))
    union all
    -- Without processes there are no process hits, and the seeds' other facts come from their
    -- own tables.
    select p.organization_id,
           ((case when coalesce(bc.required_held, 0) >= cardinality(coalesce(p_required_certification_codes, '{}')) then 1000 else 0 end)
           + coalesce(bc.required_held, 0) * 20 + coalesce(bc.held, 0) * 5
           + case when n.organization_id is not null then 15 else 0 end) * 10
           + coalesce(e.completeness, 0) as rank_key
    from seed
    join public.sme_profiles p on p.organization_id = seed.organization_id and p.published
    left join by_cert bc on bc.organization_id = p.organization_id
    left join near n on n.organization_id = p.organization_id
    left join public.supplier_search_entries e on e.organization_id = p.organization_id
    where cardinality(coalesce(p_process_codes, '{}')) = 0
      and not (p.organization_id = any (coalesce(p_exclude, '{}')))
    order by rank_key desc, organization_id
    limit least(greatest(coalesce(p_pool, 300), 1), 2000)
  )
  select c.organization_id, c.external_id, c.name_en, c.name_ko, c.employees, c.capacity_note, c.completeness,
         c.verification_status, c.defense_designated, c.security_assessment_passed, c.cluster_id,
         c.process_codes, c.material_codes, c.certifications, c.sites, r.rank_key / 10.0
  from ranked r
  join public.supplier_match_cards c on c.organization_id = r.organization_id
  order by r.rank_key desc, c.organization_id
$$;
