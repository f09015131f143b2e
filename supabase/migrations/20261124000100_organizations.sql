-- Organizations, people and memberships: the tenants every other table hangs off.
-- Runs unchanged on a hosted Supabase project (as the postgres role) and on the local stack.

create extension if not exists pgcrypto;
create extension if not exists pg_trgm;

-- Helpers live outside the API schema so PostgREST never exposes them as RPCs.
create schema if not exists private;
grant usage on schema private to anon, authenticated, service_role;

create type public.organization_kind as enum ('contractor', 'sme', 'cluster_authority', 'government_reviewer', 'platform');
create type public.verification_status as enum ('unverified', 'pending', 'verified', 'rejected');
create type public.membership_role as enum ('owner', 'admin', 'member');

create or replace function private.set_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- True when the statement runs for an API caller (anon or a signed-in user) rather than the
-- service role, a migration or a security-definer function: guards apply only to API callers.
create or replace function private.is_api_caller() returns boolean
language sql stable set search_path = '' as $$
  select current_user in ('anon', 'authenticated')
$$;
grant execute on function private.is_api_caller() to anon, authenticated, service_role;

-- Raised by guards so that refusals look like RLS refusals (SQLSTATE 42501) to PostgREST.
create or replace function private.refuse(message text) returns void
language plpgsql set search_path = '' as $$
begin
  raise exception using errcode = 'insufficient_privilege', message = message;
end
$$;
grant execute on function private.refuse(text) to anon, authenticated, service_role;

-- Whether any column other than the allowed ones differs between two versions of a row.
create or replace function private.changes_outside(old_row jsonb, new_row jsonb, allowed text[]) returns boolean
language sql immutable set search_path = '' as $$
  select (old_row - allowed - 'updated_at'::text) is distinct from (new_row - allowed - 'updated_at'::text)
$$;
grant execute on function private.changes_outside(jsonb, jsonb, text[]) to anon, authenticated, service_role;

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$'),
  kind public.organization_kind not null,
  name_en text not null check (char_length(btrim(name_en)) between 1 and 200),
  name_ko text check (name_ko is null or char_length(btrim(name_ko)) between 1 and 200),
  country char(2) not null default 'KR' check (country ~ '^[A-Z]{2}$'),
  website text check (website is null or (website ~* '^https?://[^\s/$.?#].[^\s]*$' and char_length(website) <= 500)),
  contact_email text check (contact_email is null or (contact_email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$' and char_length(contact_email) <= 320)),
  verification_status public.verification_status not null default 'unverified',
  -- Seed and demo data say so in the data itself, not only in the description text.
  is_fictional boolean not null default false,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index organizations_kind_idx on public.organizations (kind);
create index organizations_created_by_idx on public.organizations (created_by);
create index organizations_name_en_trgm_idx on public.organizations using gin (name_en gin_trgm_ops);
create index organizations_name_ko_trgm_idx on public.organizations using gin (name_ko gin_trgm_ops);
create trigger organizations_set_updated_at before update on public.organizations
  for each row execute function private.set_updated_at();

create table public.profiles (
  user_id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null check (char_length(btrim(display_name)) between 1 and 100),
  email text check (email is null or char_length(email) <= 320),
  locale text not null default 'ko' check (locale in ('ko', 'en')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger profiles_set_updated_at before update on public.profiles
  for each row execute function private.set_updated_at();

create table public.memberships (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.membership_role not null default 'member',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, user_id)
);
create index memberships_user_id_idx on public.memberships (user_id, organization_id, role);
create trigger memberships_set_updated_at before update on public.memberships
  for each row execute function private.set_updated_at();

create table public.organization_invitations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  email text not null check (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$' and char_length(email) <= 320),
  role public.membership_role not null default 'member' check (role <> 'owner'),
  -- Only the SHA-256 of the token is stored; the token itself goes out once, by mail.
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  invited_by uuid references auth.users (id) on delete set null,
  expires_at timestamptz not null default now() + interval '14 days',
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index organization_invitations_organization_id_idx on public.organization_invitations (organization_id);
create index organization_invitations_invited_by_idx on public.organization_invitations (invited_by);
create index organization_invitations_accepted_by_idx on public.organization_invitations (accepted_by);
create unique index organization_invitations_pending_email_idx
  on public.organization_invitations (organization_id, lower(email)) where accepted_at is null;

-- Membership helpers. Security definer so that policies can consult memberships without
-- recursing through the memberships policies themselves.
create or replace function private.member_org_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(m.organization_id), '{}')
  from public.memberships m
  where m.user_id = auth.uid()
$$;

create or replace function private.admin_org_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(m.organization_id), '{}')
  from public.memberships m
  where m.user_id = auth.uid() and m.role in ('owner', 'admin')
$$;

create or replace function private.is_member_of(org uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.memberships m where m.organization_id = org and m.user_id = auth.uid())
$$;

create or replace function private.has_org_role(org uuid, roles text[]) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.memberships m
    where m.organization_id = org and m.user_id = auth.uid() and m.role::text = any (roles)
  )
$$;

create or replace function private.is_platform_admin() returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.memberships m
    join public.organizations o on o.id = m.organization_id
    where m.user_id = auth.uid() and o.kind = 'platform'
  )
$$;

create or replace function private.org_kind(org uuid) returns public.organization_kind
language sql stable security definer set search_path = '' as $$
  select o.kind from public.organizations o where o.id = org
$$;

-- Organizations whose members share an organization with the caller.
create or replace function private.co_member_user_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(distinct other.user_id), '{}')
  from public.memberships mine
  join public.memberships other on other.organization_id = mine.organization_id
  where mine.user_id = auth.uid()
$$;

grant execute on function
  private.member_org_ids(), private.admin_org_ids(), private.is_member_of(uuid),
  private.has_org_role(uuid, text[]), private.is_platform_admin(), private.org_kind(uuid),
  private.co_member_user_ids()
to anon, authenticated, service_role;

create or replace function private.slugify(value text) returns text
language sql immutable set search_path = '' as $$
  select nullif(btrim(left(regexp_replace(lower(coalesce(value, '')), '[^a-z0-9]+', '-', 'g'), 60), '-'), '')
$$;

-- Self-service sign-up: the account type chosen on the sign-up form creates the user's own
-- organization. Government reviewer and platform organizations are never self-service, so
-- those values (user metadata is caller-controlled) are ignored.
create or replace function private.handle_new_user() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  account_type text := new.raw_user_meta_data ->> 'account_type';
  name text := left(btrim(coalesce(
    nullif(btrim(new.raw_user_meta_data ->> 'display_name'), ''),
    nullif(split_part(coalesce(new.email, ''), '@', 1), ''),
    'User')), 100);
  wanted_locale text := case when new.raw_user_meta_data ->> 'locale' in ('ko', 'en')
    then new.raw_user_meta_data ->> 'locale' else 'ko' end;
  new_org_id uuid;
begin
  insert into public.profiles (user_id, display_name, email, locale)
  values (new.id, name, new.email, wanted_locale)
  on conflict (user_id) do nothing;

  if account_type in ('contractor', 'sme', 'cluster_authority') then
    insert into public.organizations (slug, kind, name_en, name_ko, country, created_by)
    values (
      coalesce(private.slugify(name), 'org') || '-' || substr(replace(new.id::text, '-', ''), 1, 8),
      account_type::public.organization_kind,
      name,
      case when name ~ '[가-힣]' then name end,
      case when account_type = 'contractor' then 'US' else 'KR' end,
      new.id
    )
    returning id into new_org_id;

    insert into public.memberships (organization_id, user_id, role) values (new_org_id, new.id, 'owner');

    if account_type = 'sme' then
      insert into public.sme_profiles (organization_id) values (new_org_id);
    end if;
  end if;
  return new;
end
$$;

create or replace function private.handle_user_email_change() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.profiles set email = new.email where user_id = new.id;
  return new;
end
$$;

-- Guards on organizations for API callers: the kind never changes, and verification and the
-- fictional flag are the platform's to set.
create or replace function private.guard_organization_update() returns trigger
language plpgsql set search_path = '' as $$
begin
  if not private.is_api_caller() or private.is_platform_admin() then
    return new;
  end if;
  if new.kind is distinct from old.kind
     or new.verification_status is distinct from old.verification_status
     or new.is_fictional is distinct from old.is_fictional
     or new.created_by is distinct from old.created_by then
    perform private.refuse('Only the platform can change an organization''s kind, verification or fictional flag');
  end if;
  return new;
end
$$;
create trigger organizations_guard_update before update on public.organizations
  for each row execute function private.guard_organization_update();

-- Admins manage members, but only owners make or unmake owners, and an organization always
-- keeps at least one owner.
create or replace function private.guard_membership_change() returns trigger
language plpgsql set search_path = '' as $$
declare
  org uuid := coalesce(new.organization_id, old.organization_id);
  caller_is_owner boolean;
begin
  if tg_op = 'UPDATE' and (new.organization_id <> old.organization_id or new.user_id <> old.user_id) then
    perform private.refuse('A membership cannot move to another user or organization');
  end if;
  if private.is_api_caller() and not private.is_platform_admin() then
    caller_is_owner := private.has_org_role(org, array['owner']);
    if not caller_is_owner and (
         (tg_op in ('INSERT', 'UPDATE') and new.role = 'owner')
      or (tg_op in ('UPDATE', 'DELETE') and old.role = 'owner' and old.user_id <> auth.uid())) then
      perform private.refuse('Only an owner can grant or remove the owner role');
    end if;
  end if;
  if tg_op in ('UPDATE', 'DELETE') and old.role = 'owner'
     and (tg_op = 'DELETE' or new.role <> 'owner')
     and exists (select 1 from public.organizations o where o.id = org)
     and not exists (
       select 1 from public.memberships m
       where m.organization_id = org and m.role = 'owner' and m.id <> old.id) then
    -- Cascading deletes of the organization itself remove the last owner legitimately.
    if pg_trigger_depth() = 1 then
      perform private.refuse('An organization must keep at least one owner');
    end if;
  end if;
  return coalesce(new, old);
end
$$;
create trigger memberships_guard_change before insert or update or delete on public.memberships
  for each row execute function private.guard_membership_change();

-- Accepting an invitation is the one way a user adds themselves to an organization.
create or replace function public.accept_invitation(invitation_token text) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  invitation public.organization_invitations%rowtype;
  caller_email text;
begin
  if auth.uid() is null then
    perform private.refuse('Sign in to accept an invitation');
  end if;
  select u.email into caller_email from auth.users u where u.id = auth.uid();
  select * into invitation from public.organization_invitations i
  where i.token_hash = encode(sha256(convert_to(coalesce(invitation_token, ''), 'UTF8')), 'hex')
  for update;
  if not found or invitation.accepted_at is not null or invitation.expires_at < now()
     or lower(invitation.email) <> lower(coalesce(caller_email, '')) then
    raise exception using errcode = 'P0002', message = 'Invitation not found, expired or meant for another e-mail address';
  end if;
  insert into public.memberships (organization_id, user_id, role)
  values (invitation.organization_id, auth.uid(), invitation.role)
  on conflict (organization_id, user_id) do nothing;
  update public.organization_invitations
  set accepted_at = now(), accepted_by = auth.uid()
  where id = invitation.id;
  return invitation.organization_id;
end
$$;
revoke execute on function public.accept_invitation(text) from public, anon;
grant execute on function public.accept_invitation(text) to authenticated, service_role;

create trigger on_auth_user_created after insert on auth.users
  for each row execute function private.handle_new_user();
create trigger on_auth_user_email_changed after update of email on auth.users
  for each row when (old.email is distinct from new.email)
  execute function private.handle_user_email_change();
