-- Notifications, saved searches, API keys, the append-only audit log and the search outbox.

create type public.alert_frequency as enum ('off', 'instant', 'daily', 'weekly');
create type public.search_outbox_op as enum ('upsert', 'delete');

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete cascade,
  -- The app renders the text in the reader's language from kind and payload.
  kind text not null check (kind ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$' and char_length(kind) <= 100),
  payload jsonb not null default '{}' check (jsonb_typeof(payload) = 'object'),
  link_path text check (link_path is null or (link_path ~ '^/' and char_length(link_path) <= 500)),
  read_at timestamptz,
  created_at timestamptz not null default now()
);
create index notifications_user_id_idx on public.notifications (user_id, created_at desc);
create index notifications_unread_idx on public.notifications (user_id) where read_at is null;
create index notifications_organization_id_idx on public.notifications (organization_id);

create table public.saved_searches (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 200),
  -- 'suppliers' or 'needs'; the query string and filters as the search page encodes them.
  target text not null default 'suppliers' check (target in ('suppliers', 'needs', 'clusters')),
  query text not null default '' check (char_length(query) <= 500),
  filters jsonb not null default '{}' check (jsonb_typeof(filters) = 'object'),
  alert_frequency public.alert_frequency not null default 'off',
  last_alerted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index saved_searches_user_id_idx on public.saved_searches (user_id);
create index saved_searches_alerts_idx on public.saved_searches (alert_frequency) where alert_frequency <> 'off';
create trigger saved_searches_set_updated_at before update on public.saved_searches
  for each row execute function private.set_updated_at();

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 100),
  -- The first characters of the key, shown in settings to tell keys apart; never the key.
  prefix text not null unique check (prefix ~ '^[A-Za-z0-9_]{6,32}$'),
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);
create index api_keys_organization_id_idx on public.api_keys (organization_id);
create index api_keys_created_by_idx on public.api_keys (created_by);

-- No foreign keys: an audit entry must outlive what it describes, and ON DELETE SET NULL would
-- be an update, which the log refuses.
create table public.audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_user_id uuid default auth.uid(),
  actor_organization_id uuid,
  -- The organization whose log this entry belongs to (who may read it).
  organization_id uuid,
  action text not null check (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$' and char_length(action) <= 100),
  entity_type text not null check (char_length(entity_type) between 1 and 100),
  entity_id text check (char_length(entity_id) <= 200),
  details jsonb not null default '{}' check (jsonb_typeof(details) = 'object')
);
create index audit_log_organization_id_idx on public.audit_log (organization_id, occurred_at desc);
create index audit_log_actor_user_id_idx on public.audit_log (actor_user_id);
create index audit_log_entity_idx on public.audit_log (entity_type, entity_id);

create or replace function private.refuse_audit_change() returns trigger
language plpgsql set search_path = '' as $$
begin
  raise exception using errcode = 'insufficient_privilege',
    message = 'The audit log is append-only: entries cannot be changed or deleted';
end
$$;
-- Applies to every role, the table owner included; RLS alone would not stop the owner.
create trigger audit_log_append_only before update or delete on public.audit_log
  for each row execute function private.refuse_audit_change();
revoke truncate on public.audit_log from anon, authenticated, service_role;

-- Changes that the search index must follow. A worker reads unprocessed rows in id order,
-- rebuilds each named document from the database (the op is the trigger's view at write time:
-- a document that is no longer indexable when the worker reads it is deleted instead), and marks
-- rows processed. Statement-level triggers write one row per document per statement, so a bulk
-- edit of many capabilities of one SME costs one outbox row.
create table public.search_outbox (
  id bigserial primary key,
  index_name text not null check (index_name in ('suppliers', 'clusters', 'needs')),
  document_id text not null,
  op public.search_outbox_op not null,
  enqueued_at timestamptz not null default clock_timestamp(),
  processed_at timestamptz,
  attempts integer not null default 0 check (attempts >= 0),
  last_error text
);
create index search_outbox_pending_idx on public.search_outbox (id) where processed_at is null;
create index search_outbox_document_idx on public.search_outbox (index_name, document_id);
revoke all on public.search_outbox from anon, authenticated;
revoke all on sequence public.search_outbox_id_seq from anon, authenticated;

-- Which needs may enter the search index at all. Invited-only and export-controlled needs never
-- do, so they cannot leak through search results or facet counts.
create or replace function private.need_is_indexable(status public.need_status, visibility public.need_visibility, export_controlled boolean)
returns boolean language sql immutable set search_path = '' as $$
  select status = 'open' and visibility in ('public', 'registered') and not export_controlled
$$;

create or replace function private.enqueue_sme_profile_changes() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    insert into public.search_outbox (index_name, document_id, op)
    select 'suppliers', n.organization_id::text, 'upsert' from new_rows n where n.published order by n.organization_id;
  elsif tg_op = 'UPDATE' then
    insert into public.search_outbox (index_name, document_id, op)
    select 'suppliers', n.organization_id::text,
           (case when n.published then 'upsert' else 'delete' end)::public.search_outbox_op
    from new_rows n join old_rows o on o.organization_id = n.organization_id
    where n.published or o.published
    order by n.organization_id;
  else
    insert into public.search_outbox (index_name, document_id, op)
    select 'suppliers', o.organization_id::text, 'delete' from old_rows o where o.published order by o.organization_id;
  end if;
  return null;
end
$$;
create trigger sme_profiles_outbox_insert after insert on public.sme_profiles
  referencing new table as new_rows for each statement execute function private.enqueue_sme_profile_changes();
create trigger sme_profiles_outbox_update after update on public.sme_profiles
  referencing old table as old_rows new table as new_rows for each statement execute function private.enqueue_sme_profile_changes();
create trigger sme_profiles_outbox_delete after delete on public.sme_profiles
  referencing old table as old_rows for each statement execute function private.enqueue_sme_profile_changes();

-- Capabilities, equipment, certifications and sites are parts of their SME's document; only a
-- published SME's document exists in the index, so changes to drafts enqueue nothing.
create or replace function private.enqueue_sme_child_changes() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    insert into public.search_outbox (index_name, document_id, op)
    select 'suppliers', p.organization_id::text, 'upsert'
    from public.sme_profiles p
    where p.published and p.organization_id in (select organization_id from new_rows)
    order by p.organization_id;
  elsif tg_op = 'UPDATE' then
    insert into public.search_outbox (index_name, document_id, op)
    select 'suppliers', p.organization_id::text, 'upsert'
    from public.sme_profiles p
    where p.published and p.organization_id in (
      select organization_id from new_rows union select organization_id from old_rows)
    order by p.organization_id;
  else
    insert into public.search_outbox (index_name, document_id, op)
    select 'suppliers', p.organization_id::text, 'upsert'
    from public.sme_profiles p
    where p.published and p.organization_id in (select organization_id from old_rows)
    order by p.organization_id;
  end if;
  return null;
end
$$;

do $$
declare
  child text;
begin
  foreach child in array array['sme_capabilities', 'sme_equipment', 'sme_certifications', 'sme_sites'] loop
    execute format('create trigger %I after insert on public.%I referencing new table as new_rows
      for each statement execute function private.enqueue_sme_child_changes()', child || '_outbox_insert', child);
    execute format('create trigger %I after update on public.%I referencing old table as old_rows new table as new_rows
      for each statement execute function private.enqueue_sme_child_changes()', child || '_outbox_update', child);
    execute format('create trigger %I after delete on public.%I referencing old table as old_rows
      for each statement execute function private.enqueue_sme_child_changes()', child || '_outbox_delete', child);
  end loop;
end
$$;

-- An organization's names and website appear in its supplier document and on its needs.
create or replace function private.enqueue_organization_changes() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  with changed as (
    select n.id from new_rows n join old_rows o on o.id = n.id
    where (n.name_en, n.name_ko, n.website, n.verification_status, n.slug)
      is distinct from (o.name_en, o.name_ko, o.website, o.verification_status, o.slug)
  ), docs as (
    select 'suppliers' as index_name, p.organization_id::text as document_id
    from public.sme_profiles p where p.published and p.organization_id in (select id from changed)
    union all
    select 'needs', nd.id::text
    from public.needs nd
    where nd.organization_id in (select id from changed)
      and private.need_is_indexable(nd.status, nd.visibility, nd.export_controlled)
  )
  insert into public.search_outbox (index_name, document_id, op)
  select index_name, document_id, 'upsert' from docs order by index_name, document_id;
  return null;
end
$$;
create trigger organizations_outbox_update after update on public.organizations
  referencing old table as old_rows new table as new_rows for each statement
  execute function private.enqueue_organization_changes();

-- Clusters are documents of their own; their names and region also appear in the documents of
-- their member SMEs, which are enqueued only when those fields change.
create or replace function private.enqueue_cluster_changes() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    insert into public.search_outbox (index_name, document_id, op)
    select 'clusters', n.id::text, 'upsert' from new_rows n order by n.id;
  elsif tg_op = 'UPDATE' then
    insert into public.search_outbox (index_name, document_id, op)
    select 'clusters', n.id::text, 'upsert' from new_rows n order by n.id;
    insert into public.search_outbox (index_name, document_id, op)
    select 'suppliers', p.organization_id::text, 'upsert'
    from public.sme_profiles p
    where p.published and p.cluster_id in (
      select n.id from new_rows n join old_rows o on o.id = n.id
      where (n.name_en, n.name_ko, n.region, n.slug) is distinct from (o.name_en, o.name_ko, o.region, o.slug))
    order by p.organization_id;
  else
    insert into public.search_outbox (index_name, document_id, op)
    select 'clusters', o.id::text, 'delete' from old_rows o order by o.id;
  end if;
  return null;
end
$$;
create trigger clusters_outbox_insert after insert on public.clusters
  referencing new table as new_rows for each statement execute function private.enqueue_cluster_changes();
create trigger clusters_outbox_update after update on public.clusters
  referencing old table as old_rows new table as new_rows for each statement execute function private.enqueue_cluster_changes();
create trigger clusters_outbox_delete after delete on public.clusters
  referencing old table as old_rows for each statement execute function private.enqueue_cluster_changes();

-- Land parcels are shown in their cluster's document (available land, area).
create or replace function private.enqueue_land_parcel_changes() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    insert into public.search_outbox (index_name, document_id, op)
    select 'clusters', c.id::text, 'upsert' from public.clusters c
    where c.id in (select cluster_id from new_rows) order by c.id;
  elsif tg_op = 'UPDATE' then
    insert into public.search_outbox (index_name, document_id, op)
    select 'clusters', c.id::text, 'upsert' from public.clusters c
    where c.id in (select cluster_id from new_rows union select cluster_id from old_rows) order by c.id;
  else
    insert into public.search_outbox (index_name, document_id, op)
    select 'clusters', c.id::text, 'upsert' from public.clusters c
    where c.id in (select cluster_id from old_rows) order by c.id;
  end if;
  return null;
end
$$;
create trigger land_parcels_outbox_insert after insert on public.land_parcels
  referencing new table as new_rows for each statement execute function private.enqueue_land_parcel_changes();
create trigger land_parcels_outbox_update after update on public.land_parcels
  referencing old table as old_rows new table as new_rows for each statement execute function private.enqueue_land_parcel_changes();
create trigger land_parcels_outbox_delete after delete on public.land_parcels
  referencing old table as old_rows for each statement execute function private.enqueue_land_parcel_changes();

create or replace function private.enqueue_need_changes() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    insert into public.search_outbox (index_name, document_id, op)
    select 'needs', n.id::text, 'upsert' from new_rows n
    where private.need_is_indexable(n.status, n.visibility, n.export_controlled) order by n.id;
  elsif tg_op = 'UPDATE' then
    insert into public.search_outbox (index_name, document_id, op)
    select 'needs', n.id::text,
           (case when private.need_is_indexable(n.status, n.visibility, n.export_controlled)
                 then 'upsert' else 'delete' end)::public.search_outbox_op
    from new_rows n join old_rows o on o.id = n.id
    where private.need_is_indexable(n.status, n.visibility, n.export_controlled)
       or private.need_is_indexable(o.status, o.visibility, o.export_controlled)
    order by n.id;
  else
    insert into public.search_outbox (index_name, document_id, op)
    select 'needs', o.id::text, 'delete' from old_rows o
    where private.need_is_indexable(o.status, o.visibility, o.export_controlled) order by o.id;
  end if;
  return null;
end
$$;
create trigger needs_outbox_insert after insert on public.needs
  referencing new table as new_rows for each statement execute function private.enqueue_need_changes();
create trigger needs_outbox_update after update on public.needs
  referencing old table as old_rows new table as new_rows for each statement execute function private.enqueue_need_changes();
create trigger needs_outbox_delete after delete on public.needs
  referencing old table as old_rows for each statement execute function private.enqueue_need_changes();
