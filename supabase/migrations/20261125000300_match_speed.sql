-- Matching at 100,000 suppliers (issue 10: match API p95 ≤ 150 ms).
--
-- Profiled with EXPLAIN (ANALYZE, BUFFERS) on a 100,000-supplier corpus, the prefilter spent its
-- time outside the taxonomy lookups, which already had their indexes:
--   * "published?" for every candidate (often 10,000+ of them for a common process) was a
--     sequential scan of sme_profiles, a wide table (descriptions, notes): most of the query;
--   * completeness came from supplier_search_entries, wider still (search text and vector);
--   * the bounding box and radius came through a one-row CTE, so the planner could not see them
--     and expected a few hundred sites where a 200 km radius holds most of Korea; it hashed every
--     site in the box instead of looking up the candidates' own sites.
-- Narrow covering indexes answer the first two from the index alone; the bounds are now written
-- inline, so the planner sees them; and the certificates and sites are read from the candidate
-- side or the index side, whichever is smaller, instead of a fixed join order. The result, the
-- prescore and its order are unchanged (same expressions, same tie-break).

create index if not exists sme_profiles_published_org_idx on public.sme_profiles (organization_id) where published;
create index if not exists supplier_search_entries_completeness_idx on public.supplier_search_entries (organization_id) include (completeness);
create index if not exists sme_sites_org_lat_lng_idx on public.sme_sites (organization_id) include (lat, lng);

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
  with by_process as materialized (
    select c.organization_id,
           count(*) filter (where c.process_code = any (coalesce(p_required_process_codes, '{}'))) as required_hits,
           count(*) as hits
    from public.sme_capabilities c
    where c.process_code = any (coalesce(p_process_codes, '{}'))
    group by c.organization_id
  ),
  -- Who is considered at all: by process when the need names processes (the usual case), else
  -- by certification, else by location, else the most complete profiles.
  seed as materialized (
    select organization_id from by_process
    union
    select sc.organization_id from public.sme_certifications sc
    where cardinality(coalesce(p_process_codes, '{}')) = 0
      and sc.certification_type_code = any (coalesce(p_certification_codes, '{}'))
    union
    select s.organization_id from public.sme_sites s
    where cardinality(coalesce(p_process_codes, '{}')) = 0 and cardinality(coalesce(p_certification_codes, '{}')) = 0
      and p_lat is not null and p_radius_km is not null
      and s.lat between p_lat - p_radius_km / 111.0 and p_lat + p_radius_km / 111.0
      and s.lng between p_lng - p_radius_km / (111.0 * greatest(cos(radians(p_lat)), 0.01))
                    and p_lng + p_radius_km / (111.0 * greatest(cos(radians(p_lat)), 0.01))
    union
    (select e.organization_id from public.supplier_search_entries e
     where cardinality(coalesce(p_process_codes, '{}')) = 0 and cardinality(coalesce(p_certification_codes, '{}')) = 0
       and (p_lat is null or p_radius_km is null)
     order by e.completeness desc, e.organization_id
     limit least(greatest(coalesce(p_pool, 300), 1), 2000))
  ),
  held as (
    select distinct sc.organization_id, sc.certification_type_code
    from public.sme_certifications sc
    join seed on seed.organization_id = sc.organization_id
    where sc.certification_type_code = any (coalesce(p_certification_codes, '{}'))
      and sc.verification_status <> 'rejected'
      and (sc.expires_on is null or sc.expires_on >= (now() at time zone 'Asia/Seoul')::date)
  ),
  by_cert as (
    select h.organization_id,
           count(*) filter (where h.certification_type_code = any (coalesce(p_required_certification_codes, '{}'))) as required_held,
           count(*) as held
    from held h
    group by h.organization_id
  ),
  -- The haversine formula written out: private.distance_m is not inlined (it pins search_path),
  -- and a function call per site costs more than the whole rest of the query.
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
  ranked as (
    select p.organization_id,
           (case when coalesce(bc.required_held, 0) >= cardinality(coalesce(p_required_certification_codes, '{}')) then 1000 else 0 end)
           + coalesce(bp.required_hits, 0) * 50 + coalesce(bp.hits, 0) * 10
           + coalesce(bc.required_held, 0) * 20 + coalesce(bc.held, 0) * 5
           + case when n.organization_id is not null then 15 else 0 end
           + coalesce(e.completeness, 0) / 10.0 as prescore
    from seed
    join public.sme_profiles p on p.organization_id = seed.organization_id and p.published
    left join by_process bp on bp.organization_id = p.organization_id
    left join by_cert bc on bc.organization_id = p.organization_id
    left join near n on n.organization_id = p.organization_id
    left join public.supplier_search_entries e on e.organization_id = p.organization_id
    where not (p.organization_id = any (coalesce(p_exclude, '{}')))
    order by prescore desc, p.organization_id
    limit least(greatest(coalesce(p_pool, 300), 1), 2000)
  )
  select p.organization_id, p.external_id, o.name_en, o.name_ko, p.employees, p.capacity_note,
         coalesce(e.completeness, 0)::smallint, p.verification_status, p.defense_designated,
         p.security_assessment_passed, p.cluster_id,
         coalesce((select array_agg(c.process_code order by c.process_code) from public.sme_capabilities c
                   where c.organization_id = p.organization_id), '{}'),
         coalesce((select array_agg(distinct m order by m) from public.sme_capabilities c, unnest(c.material_codes) m
                   where c.organization_id = p.organization_id), '{}'),
         coalesce((select jsonb_agg(jsonb_build_object('id', sc.id, 'type_code', sc.certification_type_code,
                                                       'verification_status', sc.verification_status, 'expires_on', sc.expires_on)
                                    order by sc.certification_type_code, sc.id)
                   from public.sme_certifications sc where sc.organization_id = p.organization_id), '[]'),
         coalesce((select jsonb_agg(jsonb_build_object('lat', s.lat, 'lng', s.lng, 'is_primary', s.is_primary)
                                    order by s.is_primary desc, s.id)
                   from public.sme_sites s where s.organization_id = p.organization_id), '[]'),
         r.prescore
  from ranked r
  join public.sme_profiles p on p.organization_id = r.organization_id
  join public.organizations o on o.id = p.organization_id
  left join public.supplier_search_entries e on e.organization_id = p.organization_id
  order by r.prescore desc, p.organization_id
$$;
