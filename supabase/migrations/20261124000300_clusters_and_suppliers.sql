-- Defense innovation clusters, their land, and SME capability profiles.

-- First-level administrative divisions of Korea, used as the region facet.
create domain public.korean_region as text check (value in (
  'seoul', 'busan', 'daegu', 'incheon', 'gwangju', 'daejeon', 'ulsan', 'sejong', 'gyeonggi',
  'gangwon', 'chungbuk', 'chungnam', 'jeonbuk', 'jeonnam', 'gyeongbuk', 'gyeongnam', 'jeju'
));

create type public.cluster_designation as enum ('designated', 'candidate');
create type public.land_parcel_status as enum ('available', 'reserved', 'sold');
create type public.revenue_band as enum ('under_1b_krw', '1b_10b_krw', '10b_50b_krw', '50b_100b_krw', 'over_100b_krw');

-- Every code in the array exists in the given taxonomy. Arrays of codes keep profiles and
-- needs easy to index and filter; this check stands in for the foreign keys arrays cannot have.
create or replace function private.assert_known_codes(codes text[], taxonomy text, field text) returns void
language plpgsql stable set search_path = '' as $$
declare
  unknown text[];
begin
  if codes is null or cardinality(codes) = 0 then
    return;
  end if;
  if taxonomy = 'processes' then
    select array_agg(c) into unknown from unnest(codes) c where not exists (select 1 from public.processes p where p.code = c);
  elsif taxonomy = 'materials' then
    select array_agg(c) into unknown from unnest(codes) c where not exists (select 1 from public.materials m where m.code = c);
  elsif taxonomy = 'certification_types' then
    select array_agg(c) into unknown from unnest(codes) c where not exists (select 1 from public.certification_types t where t.code = c);
  else
    raise exception 'unknown taxonomy %', taxonomy;
  end if;
  if unknown is not null then
    raise exception using errcode = 'foreign_key_violation',
      message = format('%s contains unknown %s codes: %s', field, taxonomy, array_to_string(unknown, ', '));
  end if;
end
$$;
grant execute on function private.assert_known_codes(text[], text, text) to anon, authenticated, service_role;

create or replace function private.valid_geojson_area(boundary jsonb) returns boolean
language sql immutable set search_path = '' as $$
  select boundary is null or (
    jsonb_typeof(boundary) = 'object'
    and boundary ->> 'type' in ('Polygon', 'MultiPolygon')
    and jsonb_typeof(boundary -> 'coordinates') = 'array'
  )
$$;

create or replace function private.all_country_codes(codes text[]) returns boolean
language sql immutable set search_path = '' as $$
  select coalesce(bool_and(c ~ '^[A-Z]{2}$'), true) from unnest(codes) c
$$;

create table public.clusters (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$'),
  name_en text not null check (char_length(btrim(name_en)) between 1 and 200),
  name_ko text not null check (char_length(btrim(name_ko)) between 1 and 200),
  region public.korean_region not null,
  designation public.cluster_designation not null default 'candidate',
  designation_year integer check (designation_year between 2000 and 2100),
  focus_areas_en text[] not null default '{}',
  focus_areas_ko text[] not null default '{}',
  focus_process_codes text[] not null default '{}',
  description_en text check (char_length(description_en) <= 10000),
  description_ko text check (char_length(description_ko) <= 10000),
  boundary jsonb check (private.valid_geojson_area(boundary)),
  center_lat double precision not null check (center_lat between -90 and 90),
  center_lng double precision not null check (center_lng between -180 and 180),
  managing_organization_id uuid references public.organizations (id) on delete set null,
  -- Lists of {kind, title_en, title_ko, description_en, description_ko, ...}; shaped by the app.
  incentives jsonb not null default '[]' check (jsonb_typeof(incentives) = 'array'),
  infrastructure jsonb not null default '[]' check (jsonb_typeof(infrastructure) = 'array'),
  anchor_companies jsonb not null default '[]' check (jsonb_typeof(anchor_companies) = 'array'),
  success_stories jsonb not null default '[]' check (jsonb_typeof(success_stories) = 'array'),
  contact jsonb not null default '{}' check (jsonb_typeof(contact) = 'object'),
  website text check (website is null or website ~* '^https?://'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (designation = 'candidate' or designation_year is not null)
);
create index clusters_managing_organization_id_idx on public.clusters (managing_organization_id);
create index clusters_region_idx on public.clusters (region);
create trigger clusters_set_updated_at before update on public.clusters
  for each row execute function private.set_updated_at();

create table public.land_parcels (
  id uuid primary key default gen_random_uuid(),
  cluster_id uuid not null references public.clusters (id) on delete cascade,
  name_en text not null check (char_length(btrim(name_en)) between 1 and 200),
  name_ko text not null check (char_length(btrim(name_ko)) between 1 and 200),
  address_en text check (char_length(address_en) <= 500),
  address_ko text check (char_length(address_ko) <= 500),
  area_m2 numeric(14, 2) not null check (area_m2 > 0),
  price_per_m2 numeric(14, 2) check (price_per_m2 >= 0),
  currency char(3) not null default 'KRW' check (currency ~ '^[A-Z]{3}$'),
  zoning text not null check (char_length(zoning) between 1 and 100),
  status public.land_parcel_status not null default 'available',
  available_from date,
  lat double precision not null check (lat between -90 and 90),
  lng double precision not null check (lng between -180 and 180),
  description_en text check (char_length(description_en) <= 5000),
  description_ko text check (char_length(description_ko) <= 5000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index land_parcels_cluster_id_idx on public.land_parcels (cluster_id);
create trigger land_parcels_set_updated_at before update on public.land_parcels
  for each row execute function private.set_updated_at();

create table public.sme_profiles (
  organization_id uuid primary key references public.organizations (id) on delete cascade,
  description_en text check (char_length(description_en) <= 10000),
  description_ko text check (char_length(description_ko) <= 10000),
  employees integer check (employees >= 0),
  founded_year integer check (founded_year between 1900 and 2100),
  revenue_band public.revenue_band,
  defense_designated boolean not null default false,
  security_assessment_passed boolean not null default false,
  export_experience boolean not null default false,
  export_countries text[] not null default '{}' check (private.all_country_codes(export_countries)),
  capacity_note text check (char_length(capacity_note) <= 2000),
  contact_email text check (contact_email is null or contact_email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  contact_phone text check (char_length(contact_phone) <= 40),
  brochure_path text check (char_length(brochure_path) <= 500),
  -- Free tags: terms that are not (yet) in the taxonomy, e.g. unknown ones from an import.
  tags text[] not null default '{}',
  cluster_id uuid references public.clusters (id) on delete set null,
  published boolean not null default false,
  published_at timestamptz,
  verification_status public.verification_status not null default 'unverified',
  verified_by uuid references auth.users (id) on delete set null,
  verified_at timestamptz,
  rejection_reason text check (char_length(rejection_reason) <= 2000),
  -- Idempotent bulk import: one row per (importing organization, its external id).
  external_id text check (char_length(external_id) between 1 and 100),
  imported_by_organization_id uuid references public.organizations (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (imported_by_organization_id, external_id),
  check (verification_status <> 'rejected' or rejection_reason is not null),
  check (verification_status not in ('verified', 'rejected') or verified_at is not null),
  check (brochure_path is null or split_part(brochure_path, '/', 1) = organization_id::text)
);
create index sme_profiles_cluster_id_idx on public.sme_profiles (cluster_id);
create index sme_profiles_published_idx on public.sme_profiles (published) where published;
create index sme_profiles_verified_by_idx on public.sme_profiles (verified_by);
create index sme_profiles_imported_by_idx on public.sme_profiles (imported_by_organization_id);
create trigger sme_profiles_set_updated_at before update on public.sme_profiles
  for each row execute function private.set_updated_at();

create table public.sme_capabilities (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.sme_profiles (organization_id) on delete cascade,
  process_code text not null references public.processes (code) on update cascade,
  material_codes text[] not null default '{}',
  envelope_x_mm numeric(10, 1) check (envelope_x_mm > 0),
  envelope_y_mm numeric(10, 1) check (envelope_y_mm > 0),
  envelope_z_mm numeric(10, 1) check (envelope_z_mm > 0),
  tolerance_mm numeric(10, 4) check (tolerance_mm > 0),
  capacity_note text check (char_length(capacity_note) <= 2000),
  description_en text check (char_length(description_en) <= 5000),
  description_ko text check (char_length(description_ko) <= 5000),
  tags text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, process_code)
);
create index sme_capabilities_process_code_idx on public.sme_capabilities (process_code);
create index sme_capabilities_material_codes_idx on public.sme_capabilities using gin (material_codes);
create trigger sme_capabilities_set_updated_at before update on public.sme_capabilities
  for each row execute function private.set_updated_at();

create table public.sme_equipment (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.sme_profiles (organization_id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 200),
  manufacturer text check (char_length(manufacturer) <= 200),
  model text check (char_length(model) <= 200),
  quantity integer not null default 1 check (quantity between 1 and 10000),
  year_installed integer check (year_installed between 1950 and 2100),
  process_code text references public.processes (code) on update cascade,
  specs_en text check (char_length(specs_en) <= 2000),
  specs_ko text check (char_length(specs_ko) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index sme_equipment_organization_id_idx on public.sme_equipment (organization_id);
create index sme_equipment_process_code_idx on public.sme_equipment (process_code);
create trigger sme_equipment_set_updated_at before update on public.sme_equipment
  for each row execute function private.set_updated_at();

create table public.sme_certifications (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.sme_profiles (organization_id) on delete cascade,
  certification_type_code text not null references public.certification_types (code) on update cascade,
  certificate_number text check (char_length(certificate_number) <= 100),
  issuer text check (char_length(issuer) <= 200),
  scope_note text check (char_length(scope_note) <= 2000),
  issued_on date,
  expires_on date,
  -- Object name in the private certificates bucket, always under the SME's own folder.
  document_path text check (char_length(document_path) <= 500),
  verification_status public.verification_status not null default 'unverified',
  verified_by uuid references auth.users (id) on delete set null,
  verified_at timestamptz,
  rejection_reason text check (char_length(rejection_reason) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (expires_on is null or issued_on is null or expires_on >= issued_on),
  check (verification_status <> 'rejected' or rejection_reason is not null),
  check (verification_status not in ('verified', 'rejected') or verified_at is not null),
  check (document_path is null or split_part(document_path, '/', 1) = organization_id::text)
);
create index sme_certifications_organization_id_idx on public.sme_certifications (organization_id);
create index sme_certifications_type_idx on public.sme_certifications (certification_type_code);
create index sme_certifications_expires_on_idx on public.sme_certifications (expires_on);
create index sme_certifications_verified_by_idx on public.sme_certifications (verified_by);
create index sme_certifications_document_path_idx on public.sme_certifications (document_path) where document_path is not null;
create trigger sme_certifications_set_updated_at before update on public.sme_certifications
  for each row execute function private.set_updated_at();

create table public.sme_sites (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.sme_profiles (organization_id) on delete cascade,
  name_en text check (char_length(name_en) <= 200),
  name_ko text check (char_length(name_ko) <= 200),
  address_en text check (char_length(address_en) <= 500),
  address_ko text check (char_length(address_ko) <= 500),
  region public.korean_region,
  lat double precision not null check (lat between -90 and 90),
  lng double precision not null check (lng between -180 and 180),
  cluster_id uuid references public.clusters (id) on delete set null,
  is_primary boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index sme_sites_organization_id_idx on public.sme_sites (organization_id);
create index sme_sites_cluster_id_idx on public.sme_sites (cluster_id);
create unique index sme_sites_one_primary_idx on public.sme_sites (organization_id) where is_primary;
create trigger sme_sites_set_updated_at before update on public.sme_sites
  for each row execute function private.set_updated_at();

create or replace function private.check_capability_codes() returns trigger
language plpgsql set search_path = '' as $$
begin
  perform private.assert_known_codes(new.material_codes, 'materials', 'material_codes');
  return new;
end
$$;
create trigger sme_capabilities_check_codes before insert or update of material_codes on public.sme_capabilities
  for each row execute function private.check_capability_codes();

create or replace function private.check_cluster_codes() returns trigger
language plpgsql set search_path = '' as $$
begin
  perform private.assert_known_codes(new.focus_process_codes, 'processes', 'focus_process_codes');
  return new;
end
$$;
create trigger clusters_check_codes before insert or update of focus_process_codes on public.clusters
  for each row execute function private.check_cluster_codes();

create or replace function private.stamp_sme_published_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.published and (tg_op = 'INSERT' or not old.published) then
    new.published_at := coalesce(new.published_at, now());
  elsif not new.published then
    new.published_at := null;
  end if;
  return new;
end
$$;
create trigger sme_profiles_stamp_published_at before insert or update of published on public.sme_profiles
  for each row execute function private.stamp_sme_published_at();
