-- Clusters for local governments: the cluster page's content rules, hosting a contractor's
-- division (inquiries, the clusters they go to, offers), supplier density around a cluster, and
-- the analytics a cluster authority (its cluster) and the platform (all clusters) see.
--
-- Scoping of the analytics (docs/analytics.md says the same for readers of the app):
--   * Every analytics function is SECURITY INVOKER and starts with private.assert_analytics_scope:
--     a cluster authority's members may ask about the clusters their organization manages, the
--     platform about any cluster or all of them (cluster id null); everyone else gets 42501.
--   * Numbers come from data the caller could already read row by row (row-level security still
--     applies), filtered explicitly so that they do not depend on who asks:
--       demand      = open needs that are listed (visibility public or registered, not export-
--                     controlled). Drafts, invited-only and export-controlled needs never count,
--                     so not even their existence or processes leak through an aggregate;
--       supply      = published SME profiles verified by their cluster authority or the platform;
--       members     = SME profiles whose cluster is the cluster in scope (published or not: the
--                     authority sees and verifies its members' drafts anyway).
--   * The EOI funnel is the one aggregate over rows the authority cannot read (EOIs are private
--     to the SME and the need's owner). private.eoi_funnel_counts is SECURITY DEFINER, checks the
--     scope itself and returns only monthly counts, over EOIs on listed needs.

-- Reference values --------------------------------------------------------------------------

create or replace function private.korea_today() returns date
language sql stable set search_path = '' as $$
  select (now() at time zone 'Asia/Seoul')::date
$$;

-- Kinds of support a cluster offers and a contractor may ask for.
create or replace function private.valid_incentive_kinds(kinds text[]) returns boolean
language sql immutable set search_path = '' as $$
  select coalesce(bool_and(k in ('tax', 'subsidy', 'land', 'hiring', 'programme', 'infrastructure', 'other')), true)
  from unnest(kinds) k
$$;

-- Lists on the cluster page are shaped by the app (app/clusters/content.ts); the database keeps
-- their outline honest for writers that bypass the app.
create or replace function private.valid_cluster_items(items jsonb, kinds text[], max_items integer) returns boolean
language sql immutable set search_path = '' as $$
  select jsonb_typeof(items) = 'array'
    and jsonb_array_length(items) <= max_items
    and coalesce((
      select bool_and(jsonb_typeof(item) = 'object'
        and (kinds is null or (item ->> 'kind') = any (kinds))
        and char_length(item::text) <= 12000)
      from jsonb_array_elements(items) item), true)
$$;

create or replace function private.check_cluster_content() returns trigger
language plpgsql set search_path = '' as $$
begin
  if not private.valid_cluster_items(new.incentives, array['tax', 'subsidy', 'land', 'hiring', 'programme', 'other'], 30)
     or not private.valid_cluster_items(new.infrastructure, array['test', 'certification', 'support_centre', 'laboratory', 'other'], 30)
     or not private.valid_cluster_items(new.anchor_companies, null, 30)
     or not private.valid_cluster_items(new.success_stories, null, 30)
     or char_length(new.contact::text) > 4000
     or cardinality(new.focus_areas_en) > 12 or cardinality(new.focus_areas_ko) > 12 then
    raise exception using errcode = 'check_violation',
      message = 'Cluster content does not have the expected shape (kinds, object items, sizes)';
  end if;
  return new;
end
$$;
create trigger clusters_check_content before insert or update of incentives, infrastructure, anchor_companies,
  success_stories, contact, focus_areas_en, focus_areas_ko on public.clusters
  for each row execute function private.check_cluster_content();

-- Supplier density looks for sites in a box around a cluster before measuring exact distances;
-- the needs workflow migration already creates this index for matching.
create index if not exists sme_sites_lat_lng_idx on public.sme_sites (lat, lng);

-- Hosting inquiries ---------------------------------------------------------------------------

create type public.hosting_inquiry_status as enum ('open', 'closed');
create type public.hosting_recipient_status as enum ('pending', 'offered', 'declined');

create table public.hosting_inquiries (
  id uuid primary key default gen_random_uuid(),
  contractor_organization_id uuid not null references public.organizations (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  description text check (char_length(description) <= 5000),
  land_area_m2 numeric(14, 2) not null check (land_area_m2 > 0 and land_area_m2 <= 100000000),
  workforce integer not null check (workforce between 1 and 100000),
  start_by date not null,
  timeline_note text check (char_length(timeline_note) <= 2000),
  -- Processes the division needs from suppliers nearby; codes of public.processes.
  process_codes text[] not null default '{}' check (cardinality(process_codes) <= 30),
  incentives_sought text[] not null default '{}'
    check (cardinality(incentives_sought) <= 7 and private.valid_incentive_kinds(incentives_sought)),
  -- Whom the clusters answer: the contractor chooses what to share with them.
  contact_name text not null check (char_length(btrim(contact_name)) between 1 and 100),
  contact_email text not null check (contact_email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$' and char_length(contact_email) <= 320),
  contact_phone text check (char_length(contact_phone) <= 40),
  status public.hosting_inquiry_status not null default 'open',
  closed_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'closed') = (closed_at is not null))
);
create index hosting_inquiries_contractor_idx on public.hosting_inquiries (contractor_organization_id, created_at desc);
create index hosting_inquiries_created_by_idx on public.hosting_inquiries (created_by);
create trigger hosting_inquiries_set_updated_at before update on public.hosting_inquiries
  for each row execute function private.set_updated_at();
create trigger hosting_inquiries_stamp_created_by before insert on public.hosting_inquiries
  for each row execute function private.stamp_actor('created_by');

-- One row per cluster an inquiry went to, with that cluster's answer.
create table public.hosting_inquiry_clusters (
  inquiry_id uuid not null references public.hosting_inquiries (id) on delete cascade,
  cluster_id uuid not null references public.clusters (id) on delete cascade,
  status public.hosting_recipient_status not null default 'pending',
  decline_reason text check (char_length(btrim(decline_reason)) between 1 and 2000),
  responded_at timestamptz,
  responded_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (inquiry_id, cluster_id),
  check ((status = 'declined') = (decline_reason is not null)),
  check ((status = 'pending') = (responded_at is null))
);
create index hosting_inquiry_clusters_cluster_idx on public.hosting_inquiry_clusters (cluster_id, created_at desc);
create index hosting_inquiry_clusters_responded_by_idx on public.hosting_inquiry_clusters (responded_by);

create table public.hosting_offers (
  id uuid primary key default gen_random_uuid(),
  inquiry_id uuid not null,
  cluster_id uuid not null,
  -- Land parcels of the offering cluster (checked by trigger: arrays cannot carry foreign keys).
  parcel_ids uuid[] not null default '{}' check (cardinality(parcel_ids) <= 20),
  -- [{kind, description}], kind as in private.valid_incentive_kinds.
  incentives jsonb not null default '[]',
  land_price_per_m2 numeric(14, 2) check (land_price_per_m2 >= 0),
  subsidy_amount numeric(18, 2) check (subsidy_amount >= 0),
  currency char(3) not null default 'KRW' check (currency ~ '^[A-Z]{3}$'),
  site_ready_by date,
  timeline_note text check (char_length(timeline_note) <= 2000),
  message text check (char_length(message) <= 5000),
  contact_name text not null check (char_length(btrim(contact_name)) between 1 and 100),
  contact_email text not null check (contact_email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$' and char_length(contact_email) <= 320),
  contact_phone text check (char_length(contact_phone) <= 40),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (inquiry_id, cluster_id),
  foreign key (inquiry_id, cluster_id) references public.hosting_inquiry_clusters (inquiry_id, cluster_id) on delete cascade
);
create index hosting_offers_cluster_idx on public.hosting_offers (cluster_id);
create index hosting_offers_created_by_idx on public.hosting_offers (created_by);
create trigger hosting_offers_set_updated_at before update on public.hosting_offers
  for each row execute function private.set_updated_at();
create trigger hosting_offers_stamp_created_by before insert on public.hosting_offers
  for each row execute function private.stamp_actor('created_by');

-- Policy helpers (security definer, so that the three tables' policies never recurse into each
-- other's).

create or replace function private.member_hosting_inquiry_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(i.id), '{}')
  from public.hosting_inquiries i
  join public.memberships m on m.organization_id = i.contractor_organization_id
  where m.user_id = auth.uid()
$$;

create or replace function private.admin_hosting_inquiry_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(i.id), '{}')
  from public.hosting_inquiries i
  join public.memberships m on m.organization_id = i.contractor_organization_id
  where m.user_id = auth.uid() and m.role in ('owner', 'admin')
$$;

-- Inquiries sent to a cluster the caller's organization manages.
create or replace function private.received_hosting_inquiry_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(distinct r.inquiry_id), '{}')
  from public.hosting_inquiry_clusters r
  where r.cluster_id = any (private.authority_cluster_ids())
$$;

-- Guards and checks ---------------------------------------------------------------------------

create or replace function private.check_hosting_inquiry() returns trigger
language plpgsql set search_path = '' as $$
begin
  perform private.assert_known_codes(new.process_codes, 'processes', 'process_codes');
  if tg_op = 'INSERT' then
    if private.is_api_caller() then
      new.status := 'open';
      new.closed_at := null;
    end if;
    return new;
  end if;
  -- What the clusters answered stays what they were asked: once sent, an inquiry is only closed
  -- or reopened.
  if private.is_api_caller() and private.changes_outside(to_jsonb(old), to_jsonb(new), array['status', 'closed_at']) then
    perform private.refuse('A sent hosting inquiry can only be closed or reopened');
  end if;
  if new.status = 'closed' and old.status <> 'closed' then
    new.closed_at := now();
  elsif new.status = 'open' then
    new.closed_at := null;
  end if;
  return new;
end
$$;
create trigger hosting_inquiries_check before insert or update on public.hosting_inquiries
  for each row execute function private.check_hosting_inquiry();

create or replace function private.inquiry_is_open(inquiry uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.hosting_inquiries i where i.id = inquiry and i.status = 'open')
$$;

create or replace function private.guard_hosting_recipient() returns trigger
language plpgsql set search_path = '' as $$
begin
  if not private.is_api_caller() then
    return new;
  end if;
  if tg_op = 'INSERT' then
    if not private.inquiry_is_open(new.inquiry_id) then
      perform private.refuse('This hosting inquiry is closed');
    end if;
    new.status := 'pending';
    new.decline_reason := null;
    new.responded_at := null;
    new.responded_by := null;
    new.created_at := now();
    return new;
  end if;
  if new.inquiry_id <> old.inquiry_id or new.cluster_id <> old.cluster_id or new.created_at <> old.created_at then
    perform private.refuse('An inquiry''s recipient cannot change');
  end if;
  if new.status is distinct from old.status or new.decline_reason is distinct from old.decline_reason then
    if not private.inquiry_is_open(new.inquiry_id) then
      perform private.refuse('This hosting inquiry is closed');
    end if;
    -- "Offered" follows from an offer (see private.after_hosting_offer); an authority that made
    -- an offer revises it rather than declining.
    if new.status = 'offered' or old.status = 'offered' then
      perform private.refuse('Answer with an offer, or revise the offer you made');
    end if;
  end if;
  if new.status = 'declined' then
    new.responded_at := now();
    new.responded_by := auth.uid();
  elsif new.status = 'pending' then
    new.decline_reason := null;
    new.responded_at := null;
    new.responded_by := null;
  else
    new.responded_at := old.responded_at;
    new.responded_by := old.responded_by;
  end if;
  return new;
end
$$;
create trigger hosting_inquiry_clusters_guard before insert or update on public.hosting_inquiry_clusters
  for each row execute function private.guard_hosting_recipient();

create or replace function private.valid_offer_incentives(items jsonb) returns boolean
language sql immutable set search_path = '' as $$
  select jsonb_typeof(items) = 'array'
    and jsonb_array_length(items) <= 10
    and coalesce((
      select bool_and(jsonb_typeof(item) = 'object'
        and private.valid_incentive_kinds(array[item ->> 'kind'])
        and item ->> 'kind' is not null
        and char_length(btrim(coalesce(item ->> 'description', ''))) between 1 and 2000)
      from jsonb_array_elements(items) item), true)
$$;

create or replace function private.check_hosting_offer() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'UPDATE' and (new.inquiry_id <> old.inquiry_id or new.cluster_id <> old.cluster_id
       or new.created_by is distinct from old.created_by) then
    perform private.refuse('An offer cannot move to another inquiry or cluster');
  end if;
  if private.is_api_caller() and not private.inquiry_is_open(new.inquiry_id) then
    perform private.refuse('This hosting inquiry is closed');
  end if;
  if not private.valid_offer_incentives(new.incentives) then
    raise exception using errcode = 'check_violation',
      message = 'Offer incentives are a list of {kind, description} with known kinds';
  end if;
  new.parcel_ids := array(select distinct p from unnest(new.parcel_ids) p order by p);
  if exists (
    select 1 from unnest(new.parcel_ids) p
    where not exists (select 1 from public.land_parcels l where l.id = p and l.cluster_id = new.cluster_id)) then
    raise exception using errcode = 'foreign_key_violation',
      message = 'Offered parcels must be land parcels of the offering cluster';
  end if;
  return new;
end
$$;
create trigger hosting_offers_check before insert or update on public.hosting_offers
  for each row execute function private.check_hosting_offer();

-- Notifications ------------------------------------------------------------------------------
-- Written by triggers in the same transaction as the change (private.notify_members, from the
-- needs workflow: every member except the actor), so nobody is told about an inquiry or offer
-- that was then rolled back. One e-mail per event goes to the address each side designated: the
-- app mails the cluster's published contact address about an inquiry and the inquiry's contact
-- address about offers and refusals. Members' notifications queue mail only when there is no
-- such address (a cluster page without a contact e-mail), so nobody gets the same news twice.
-- Payload keys follow app/notifications/render.ts: need_title_* is the inquiry's title,
-- sender_name_* who acted, message the reason of a refusal.

create or replace function private.after_hosting_recipient_insert() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  inquiry public.hosting_inquiries%rowtype;
  cluster public.clusters%rowtype;
  contractor public.organizations%rowtype;
begin
  select * into inquiry from public.hosting_inquiries where id = new.inquiry_id;
  select * into cluster from public.clusters where id = new.cluster_id;
  select * into contractor from public.organizations where id = inquiry.contractor_organization_id;
  if cluster.managing_organization_id is not null then
    perform private.notify_members(cluster.managing_organization_id, 'hosting.inquiry_received',
      jsonb_build_object('inquiry_id', inquiry.id, 'cluster_id', cluster.id, 'cluster_slug', cluster.slug,
        'need_title_en', inquiry.title, 'need_title_ko', inquiry.title,
        'sender_name_en', contractor.name_en, 'sender_name_ko', coalesce(contractor.name_ko, contractor.name_en)),
      '/hosting/inbox/' || inquiry.id,
      coalesce(cluster.contact ->> 'email', '') !~ '@');
  end if;
  return null;
end
$$;
create trigger hosting_inquiry_clusters_notify after insert on public.hosting_inquiry_clusters
  for each row execute function private.after_hosting_recipient_insert();

create or replace function private.after_hosting_recipient_declined() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  inquiry public.hosting_inquiries%rowtype;
  cluster public.clusters%rowtype;
begin
  select * into inquiry from public.hosting_inquiries where id = new.inquiry_id;
  select * into cluster from public.clusters where id = new.cluster_id;
  perform private.notify_members(inquiry.contractor_organization_id, 'hosting.inquiry_declined',
    jsonb_build_object('inquiry_id', inquiry.id, 'cluster_id', cluster.id,
      'need_title_en', inquiry.title, 'need_title_ko', inquiry.title,
      'sender_name_en', cluster.name_en, 'sender_name_ko', cluster.name_ko, 'message', new.decline_reason),
    '/hosting/' || inquiry.id || '/compare', false);
  return null;
end
$$;
create trigger hosting_inquiry_clusters_notify_declined after update of status on public.hosting_inquiry_clusters
  for each row when (new.status = 'declined' and old.status is distinct from new.status)
  execute function private.after_hosting_recipient_declined();

create or replace function private.after_hosting_offer() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  inquiry public.hosting_inquiries%rowtype;
  cluster public.clusters%rowtype;
begin
  select * into inquiry from public.hosting_inquiries where id = new.inquiry_id;
  select * into cluster from public.clusters where id = new.cluster_id;
  update public.hosting_inquiry_clusters r
  set status = 'offered', decline_reason = null, responded_at = now(), responded_by = coalesce(auth.uid(), new.created_by)
  where r.inquiry_id = new.inquiry_id and r.cluster_id = new.cluster_id;
  perform private.notify_members(inquiry.contractor_organization_id,
    case when tg_op = 'INSERT' then 'hosting.offer_received' else 'hosting.offer_updated' end,
    jsonb_build_object('inquiry_id', inquiry.id, 'cluster_id', cluster.id, 'offer_id', new.id,
      'need_title_en', inquiry.title, 'need_title_ko', inquiry.title,
      'sender_name_en', cluster.name_en, 'sender_name_ko', cluster.name_ko),
    '/hosting/' || inquiry.id || '/compare', false);
  return null;
end
$$;
create trigger hosting_offers_after_write after insert or update on public.hosting_offers
  for each row execute function private.after_hosting_offer();

-- Row-level security ---------------------------------------------------------------------------

alter table public.hosting_inquiries enable row level security;
alter table public.hosting_inquiry_clusters enable row level security;
alter table public.hosting_offers enable row level security;

create policy "Inquiries are visible to their contractor and the clusters sent" on public.hosting_inquiries
  for select to authenticated
  using (
    contractor_organization_id = any ((select private.member_org_ids())::uuid[])
    or id = any ((select private.received_hosting_inquiry_ids())::uuid[])
  );
create policy "Contractor admins send hosting inquiries for their organization" on public.hosting_inquiries
  for insert to authenticated
  with check (
    contractor_organization_id = any ((select private.admin_org_ids())::uuid[])
    and (select private.org_kind(contractor_organization_id)) = 'contractor'
  );
create policy "Contractor admins close or reopen their hosting inquiries" on public.hosting_inquiries
  for update to authenticated
  using (contractor_organization_id = any ((select private.admin_org_ids())::uuid[]))
  with check (contractor_organization_id = any ((select private.admin_org_ids())::uuid[]));
create policy "Hosting inquiries are closed, not deleted" on public.hosting_inquiries
  for delete to authenticated using (false);

-- An authority sees only its own cluster's row: not which other clusters compete for the division.
create policy "Contractors see all recipients; an authority sees its own row" on public.hosting_inquiry_clusters
  for select to authenticated
  using (
    inquiry_id = any ((select private.member_hosting_inquiry_ids())::uuid[])
    or cluster_id = any ((select private.authority_cluster_ids())::uuid[])
  );
create policy "Contractor admins send their open inquiries to clusters" on public.hosting_inquiry_clusters
  for insert to authenticated
  with check (inquiry_id = any ((select private.admin_hosting_inquiry_ids())::uuid[]));
create policy "Cluster authority admins answer inquiries sent to their cluster" on public.hosting_inquiry_clusters
  for update to authenticated
  using (cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[]))
  with check (cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[]));
create policy "Inquiry recipients are kept as history" on public.hosting_inquiry_clusters
  for delete to authenticated using (false);

create policy "Offers are visible to the contractor and the offering authority" on public.hosting_offers
  for select to authenticated
  using (
    inquiry_id = any ((select private.member_hosting_inquiry_ids())::uuid[])
    or cluster_id = any ((select private.authority_cluster_ids())::uuid[])
  );
create policy "Cluster authority admins make offers for their cluster" on public.hosting_offers
  for insert to authenticated
  with check (cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[]));
create policy "Cluster authority admins revise their cluster's offers" on public.hosting_offers
  for update to authenticated
  using (cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[]))
  with check (cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[]));
create policy "Offers are revised, not deleted" on public.hosting_offers
  for delete to authenticated using (false);

-- Writes that must happen together -----------------------------------------------------------

-- An inquiry and the clusters it goes to, in one transaction: never an inquiry sent nowhere.
-- Security invoker: the policies above decide, exactly as for single-row writes.
create or replace function public.send_hosting_inquiry(p_organization_id uuid, p_inquiry jsonb, p_cluster_ids uuid[])
returns uuid
language plpgsql security invoker set search_path = '' as $$
declare
  new_id uuid;
  recipients uuid[] := array(select distinct c from unnest(coalesce(p_cluster_ids, '{}')) c where c is not null);
begin
  if cardinality(recipients) = 0 then
    raise exception using errcode = 'invalid_parameter_value', message = 'Choose at least one cluster';
  end if;
  if cardinality(recipients) > 10 then
    raise exception using errcode = 'invalid_parameter_value', message = 'Send an inquiry to at most 10 clusters';
  end if;
  insert into public.hosting_inquiries (
    contractor_organization_id, title, description, land_area_m2, workforce, start_by, timeline_note,
    process_codes, incentives_sought, contact_name, contact_email, contact_phone)
  values (
    p_organization_id,
    p_inquiry ->> 'title',
    nullif(p_inquiry ->> 'description', ''),
    (p_inquiry ->> 'land_area_m2')::numeric,
    (p_inquiry ->> 'workforce')::integer,
    (p_inquiry ->> 'start_by')::date,
    nullif(p_inquiry ->> 'timeline_note', ''),
    coalesce(private.text_array(p_inquiry -> 'process_codes'), '{}'),
    coalesce(private.text_array(p_inquiry -> 'incentives_sought'), '{}'),
    p_inquiry ->> 'contact_name',
    p_inquiry ->> 'contact_email',
    nullif(p_inquiry ->> 'contact_phone', ''))
  returning id into new_id;
  insert into public.hosting_inquiry_clusters (inquiry_id, cluster_id)
  select new_id, c from unnest(recipients) c;
  return new_id;
end
$$;

-- Supplier density ---------------------------------------------------------------------------

-- For each cluster and needed process: how many published, verified SMEs have a site within the
-- radius of the cluster's centre and cover the process (themselves, or through a sub-process:
-- "welding" is covered by "welding-tig-mig"). A latitude/longitude box (index sme_sites_lat_lng_idx)
-- narrows the sites before the exact great-circle distance decides.
create or replace function public.hosting_supplier_density(p_cluster_ids uuid[], p_process_codes text[], p_radius_km double precision)
returns table (cluster_id uuid, process_code text, supplier_count integer)
language plpgsql stable security invoker set search_path = '' as $$
#variable_conflict use_column
begin
  if p_radius_km is null or p_radius_km < 1 or p_radius_km > 500 then
    raise exception using errcode = 'invalid_parameter_value', message = 'The distance must be between 1 and 500 km';
  end if;
  return query
  with c as (
    select cl.id, cl.center_lat, cl.center_lng,
           p_radius_km / 111.0 as dlat,
           p_radius_km / (111.0 * greatest(cos(radians(cl.center_lat)), 0.01)) as dlng
    from public.clusters cl
    where cl.id = any (p_cluster_ids)
  ),
  wanted as (
    select distinct w as code from unnest(coalesce(p_process_codes, '{}')) w where w is not null
  ),
  nearby as (
    select distinct c.id as cluster_id, s.organization_id
    from c
    join public.sme_sites s
      on s.lat between c.center_lat - c.dlat and c.center_lat + c.dlat
     and s.lng between c.center_lng - c.dlng and c.center_lng + c.dlng
    join public.sme_profiles p on p.organization_id = s.organization_id
    where p.published and p.verification_status = 'verified'
      and private.distance_m(c.center_lat, c.center_lng, s.lat, s.lng) <= p_radius_km * 1000
  ),
  covered as (
    select distinct n.cluster_id, n.organization_id, x.code
    from nearby n
    join public.sme_capabilities cap on cap.organization_id = n.organization_id
    join public.processes pr on pr.code = cap.process_code
    cross join lateral (values (cap.process_code), (pr.parent_code)) x(code)
    where x.code is not null
  )
  select c.id, w.code, count(cv.organization_id)::integer
  from c
  cross join wanted w
  left join covered cv on cv.cluster_id = c.id and cv.code = w.code
  group by c.id, w.code
  order by c.id, w.code;
end
$$;

-- Cluster pages ------------------------------------------------------------------------------

-- The cluster list's figures: published members, verified published members, and the parcels
-- (and their area) still available.
create or replace function public.cluster_overview()
returns table (cluster_id uuid, member_count integer, verified_member_count integer, available_parcel_count integer, available_area_m2 numeric)
language sql stable security invoker set search_path = '' as $$
  select c.id,
         (select count(*) from public.sme_profiles p where p.cluster_id = c.id and p.published)::integer,
         (select count(*) from public.sme_profiles p
           where p.cluster_id = c.id and p.published and p.verification_status = 'verified')::integer,
         (select count(*) from public.land_parcels l where l.cluster_id = c.id and l.status = 'available')::integer,
         coalesce((select sum(l.area_m2) from public.land_parcels l where l.cluster_id = c.id and l.status = 'available'), 0)
  from public.clusters c
$$;

-- Processes covered and certifications held by a cluster's published member SMEs: how many
-- members, and how many verified members. Certifications count when verified and unexpired.
create or replace function public.cluster_capability_summary(p_cluster_id uuid)
returns table (kind text, code text, member_count integer, verified_member_count integer)
language sql stable security invoker set search_path = '' as $$
  with members as (
    select p.organization_id, p.verification_status = 'verified' as verified
    from public.sme_profiles p
    where p.cluster_id = p_cluster_id and p.published
  )
  select 'process', cap.process_code, count(distinct m.organization_id)::integer,
         (count(distinct m.organization_id) filter (where m.verified))::integer
  from members m join public.sme_capabilities cap on cap.organization_id = m.organization_id
  group by cap.process_code
  union all
  select 'certification', sc.certification_type_code, count(distinct m.organization_id)::integer,
         (count(distinct m.organization_id) filter (where m.verified))::integer
  from members m join public.sme_certifications sc on sc.organization_id = m.organization_id
  where sc.verification_status = 'verified' and (sc.expires_on is null or sc.expires_on >= private.korea_today())
  group by sc.certification_type_code
$$;

-- A page of a cluster's published member SMEs, verified first, with the processes they cover
-- and the certifications they hold (verified and unexpired).
create or replace function public.cluster_members(p_cluster_id uuid, p_limit integer default 50, p_offset integer default 0)
returns table (
  organization_id uuid, slug text, name_en text, name_ko text, verification_status text, employees integer,
  process_codes text[], held_certification_codes text[], total_count bigint)
language sql stable security invoker set search_path = '' as $$
  select p.organization_id, o.slug, o.name_en, o.name_ko, p.verification_status::text, p.employees,
         coalesce((select array_agg(cap.process_code order by cap.process_code) from public.sme_capabilities cap
                   where cap.organization_id = p.organization_id), '{}'),
         coalesce((select array_agg(distinct sc.certification_type_code) from public.sme_certifications sc
                   where sc.organization_id = p.organization_id and sc.verification_status = 'verified'
                     and (sc.expires_on is null or sc.expires_on >= private.korea_today())), '{}'),
         count(*) over ()
  from public.sme_profiles p
  join public.organizations o on o.id = p.organization_id
  where p.cluster_id = p_cluster_id and p.published
  order by (p.verification_status = 'verified') desc, o.name_en, p.organization_id
  limit least(greatest(coalesce(p_limit, 50), 1), 200) offset greatest(coalesce(p_offset, 0), 0)
$$;

-- Analytics ------------------------------------------------------------------------------------

create or replace function private.assert_analytics_scope(p_cluster_id uuid) returns void
language plpgsql security definer set search_path = '' as $$
begin
  if auth.uid() is null then
    perform private.refuse('Sign in to see analytics');
  end if;
  if private.is_platform_admin() then
    if p_cluster_id is not null and not exists (select 1 from public.clusters c where c.id = p_cluster_id) then
      raise exception using errcode = 'no_data_found', message = 'No such cluster';
    end if;
    return;
  end if;
  if p_cluster_id is null or not (p_cluster_id = any (private.authority_cluster_ids())) then
    perform private.refuse('Analytics cover the clusters your organization manages; the platform sees all');
  end if;
end
$$;

-- Processes that listed open needs require, ranked by how few verified suppliers cover them in
-- scope (the cluster; with no cluster, SMEs of any cluster), then by demand. "in_korea" counts
-- every published verified SME in Korea. shortfall = fewer than p_few verified suppliers in scope.
create or replace function public.analytics_localization_gap(p_cluster_id uuid default null, p_few integer default 3)
returns table (
  rank integer, process_code text, label_en text, label_ko text, open_need_count integer,
  suppliers_in_scope integer, suppliers_in_korea integer, shortfall boolean)
language plpgsql stable security invoker set search_path = '' as $$
#variable_conflict use_column
begin
  perform private.assert_analytics_scope(p_cluster_id);
  return query
  with demand as (
    select code, count(distinct n.id)::integer as needs
    from public.needs n
    cross join lateral unnest(n.required_process_codes) code
    where n.status = 'open' and n.visibility in ('public', 'registered') and not n.export_controlled
    group by code
  ),
  covered as (
    select distinct p.organization_id, p.cluster_id, x.code
    from public.sme_profiles p
    join public.organizations o on o.id = p.organization_id and o.country = 'KR'
    join public.sme_capabilities cap on cap.organization_id = p.organization_id
    join public.processes pr on pr.code = cap.process_code
    cross join lateral (values (cap.process_code), (pr.parent_code)) x(code)
    where p.published and p.verification_status = 'verified' and x.code is not null
  ),
  counted as (
    select d.code, d.needs,
           (select count(distinct cv.organization_id) from covered cv
             where cv.code = d.code
               and (case when p_cluster_id is null then cv.cluster_id is not null else cv.cluster_id = p_cluster_id end))::integer as in_scope,
           (select count(distinct cv.organization_id) from covered cv where cv.code = d.code)::integer as in_korea
    from demand d
  )
  select (row_number() over (order by k.in_scope, k.needs desc, k.in_korea, k.code))::integer,
         k.code, pr.label_en, pr.label_ko, k.needs, k.in_scope, k.in_korea,
         k.in_scope < greatest(coalesce(p_few, 3), 1)
  from counted k
  join public.processes pr on pr.code = k.code
  order by 1;
end
$$;

-- EOIs by the month (Korea time) they were submitted: how many were submitted, how many reached
-- the shortlist (shortlisted or awarded now, or a shortlisting in the audit log), how many were
-- awarded. Scope: EOIs of the cluster's current member SMEs, or of all SMEs. Only EOIs on listed
-- needs (public or registered, not export-controlled) count.
create or replace function private.eoi_funnel_counts(p_cluster_id uuid, p_months integer)
returns table (month date, submitted integer, shortlisted integer, awarded integer)
language plpgsql stable security definer set search_path = '' as $$
#variable_conflict use_column
begin
  perform private.assert_analytics_scope(p_cluster_id);
  return query
  with months as (
    select (date_trunc('month', now() at time zone 'Asia/Seoul') - make_interval(months => g))::date as month
    from generate_series(0, p_months - 1) g
  ),
  scoped as (
    select e.id, e.status,
           date_trunc('month', e.submitted_at at time zone 'Asia/Seoul')::date as month,
           exists (select 1 from public.audit_log a
                   where a.entity_type = 'eois' and a.entity_id = e.id::text and a.action = 'eoi.shortlisted') as was_shortlisted
    from public.eois e
    join public.needs n on n.id = e.need_id
    where e.status <> 'draft' and e.submitted_at is not null
      and n.status <> 'draft' and n.visibility in ('public', 'registered') and not n.export_controlled
      and (p_cluster_id is null or exists (
            select 1 from public.sme_profiles p where p.organization_id = e.sme_organization_id and p.cluster_id = p_cluster_id))
  )
  select m.month,
         count(s.id)::integer,
         (count(s.id) filter (where s.status in ('shortlisted', 'awarded') or s.was_shortlisted))::integer,
         (count(s.id) filter (where s.status = 'awarded'))::integer
  from months m
  left join scoped s on s.month = m.month
  group by m.month
  order by m.month;
end
$$;

create or replace function public.analytics_eoi_funnel(p_cluster_id uuid default null, p_months integer default 12)
returns table (month date, submitted integer, shortlisted integer, awarded integer)
language sql stable security invoker set search_path = '' as $$
  select * from private.eoi_funnel_counts(p_cluster_id, least(greatest(coalesce(p_months, 12), 1), 36))
$$;

-- Verification of the SME profiles in scope (the cluster's members, or every SME) and of their
-- certifications. A certification past its expiry date counts as "expired" whatever its status.
create or replace function public.analytics_verification(p_cluster_id uuid default null)
returns table (subject text, status text, item_count integer)
language plpgsql stable security invoker set search_path = '' as $$
#variable_conflict use_column
begin
  perform private.assert_analytics_scope(p_cluster_id);
  return query
  with profiles as (
    select p.organization_id, p.verification_status::text as status
    from public.sme_profiles p
    where p_cluster_id is null or p.cluster_id = p_cluster_id
  ),
  certs as (
    select case when sc.expires_on < private.korea_today() then 'expired' else sc.verification_status::text end as status
    from public.sme_certifications sc
    join profiles p on p.organization_id = sc.organization_id
  ),
  outline(subject, status, position) as (
    values ('profiles', 'verified', 1), ('profiles', 'pending', 2), ('profiles', 'unverified', 3), ('profiles', 'rejected', 4),
           ('certifications', 'verified', 1), ('certifications', 'pending', 2), ('certifications', 'unverified', 3),
           ('certifications', 'rejected', 4), ('certifications', 'expired', 5)
  )
  select o.subject, o.status,
         (case when o.subject = 'profiles' then (select count(*) from profiles p where p.status = o.status)
               else (select count(*) from certs c where c.status = o.status) end)::integer
  from outline o
  order by o.subject desc, o.position;
end
$$;

-- Certificates of SMEs in scope that expire from today through today + p_days (Korea dates),
-- soonest first; rejected certificates are left out (they are not held anyway).
create or replace function public.analytics_expiring_certifications(p_cluster_id uuid default null, p_days integer default 90)
returns table (
  certification_id uuid, organization_id uuid, name_en text, name_ko text, certification_type_code text,
  label_en text, label_ko text, certificate_number text, expires_on date, days_left integer, verification_status text)
language plpgsql stable security invoker set search_path = '' as $$
#variable_conflict use_column
declare
  today date := private.korea_today();
  horizon integer := least(greatest(coalesce(p_days, 90), 0), 366);
begin
  perform private.assert_analytics_scope(p_cluster_id);
  return query
  select sc.id, sc.organization_id, o.name_en, o.name_ko, sc.certification_type_code, t.label_en, t.label_ko,
         sc.certificate_number, sc.expires_on, (sc.expires_on - today)::integer, sc.verification_status::text
  from public.sme_certifications sc
  join public.sme_profiles p on p.organization_id = sc.organization_id
  join public.organizations o on o.id = sc.organization_id
  join public.certification_types t on t.code = sc.certification_type_code
  where sc.expires_on between today and today + horizon
    and sc.verification_status <> 'rejected'
    and (p_cluster_id is null or p.cluster_id = p_cluster_id)
  order by sc.expires_on, o.name_en, sc.id;
end
$$;

-- Demand and supply on the map: listed open needs with a location (demand), and the main sites
-- of published verified SMEs in scope (supply), at most p_limit sites.
create or replace function public.analytics_map_items(p_cluster_id uuid default null, p_limit integer default 5000)
returns table (
  kind text, id uuid, label_en text, label_ko text, lat double precision, lng double precision,
  radius_km numeric, process_codes text[])
language plpgsql stable security invoker set search_path = '' as $$
#variable_conflict use_column
begin
  perform private.assert_analytics_scope(p_cluster_id);
  return query
  (select 'need'::text, n.id, coalesce(n.title_en, n.title_ko), coalesce(n.title_ko, n.title_en),
          n.location_lat, n.location_lng, n.radius_km, n.required_process_codes
   from public.needs n
   where n.status = 'open' and n.visibility in ('public', 'registered') and not n.export_controlled
     and n.location_lat is not null
   order by n.opened_at desc nulls last, n.id)
  union all
  (select 'supplier'::text, p.organization_id, o.name_en, coalesce(o.name_ko, o.name_en), s.lat, s.lng, null::numeric,
          coalesce((select array_agg(cap.process_code order by cap.process_code) from public.sme_capabilities cap
                    where cap.organization_id = p.organization_id), '{}')
   from public.sme_profiles p
   join public.organizations o on o.id = p.organization_id
   join public.sme_sites s on s.organization_id = p.organization_id and s.is_primary
   where p.published and p.verification_status = 'verified'
     and (p_cluster_id is null or p.cluster_id = p_cluster_id)
   order by o.name_en, p.organization_id
   limit least(greatest(coalesce(p_limit, 5000), 1), 20000));
end
$$;

-- Privileges -----------------------------------------------------------------------------------

revoke execute on function
  private.korea_today(), private.valid_incentive_kinds(text[]), private.valid_cluster_items(jsonb, text[], integer),
  private.member_hosting_inquiry_ids(), private.admin_hosting_inquiry_ids(), private.received_hosting_inquiry_ids(),
  private.inquiry_is_open(uuid), private.valid_offer_incentives(jsonb),
  private.assert_analytics_scope(uuid),
  private.eoi_funnel_counts(uuid, integer)
from public;
grant execute on function
  private.korea_today(), private.valid_incentive_kinds(text[]), private.valid_cluster_items(jsonb, text[], integer),
  private.member_hosting_inquiry_ids(), private.admin_hosting_inquiry_ids(), private.received_hosting_inquiry_ids(),
  private.inquiry_is_open(uuid), private.valid_offer_incentives(jsonb), private.assert_analytics_scope(uuid),
  private.eoi_funnel_counts(uuid, integer)
to anon, authenticated, service_role;

revoke execute on function
  public.send_hosting_inquiry(uuid, jsonb, uuid[]),
  public.hosting_supplier_density(uuid[], text[], double precision),
  public.analytics_localization_gap(uuid, integer),
  public.analytics_eoi_funnel(uuid, integer),
  public.analytics_verification(uuid),
  public.analytics_expiring_certifications(uuid, integer),
  public.analytics_map_items(uuid, integer)
from public, anon;
grant execute on function
  public.send_hosting_inquiry(uuid, jsonb, uuid[]),
  public.hosting_supplier_density(uuid[], text[], double precision),
  public.analytics_localization_gap(uuid, integer),
  public.analytics_eoi_funnel(uuid, integer),
  public.analytics_verification(uuid),
  public.analytics_expiring_certifications(uuid, integer),
  public.analytics_map_items(uuid, integer)
to authenticated, service_role;
grant execute on function
  public.cluster_overview(),
  public.cluster_capability_summary(uuid),
  public.cluster_members(uuid, integer, integer)
to anon, authenticated, service_role;
