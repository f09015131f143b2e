-- Public API v1: API keys authenticate as a per-organization principal, so row-level security
-- stays the single authority for what an API caller may read and write.
-- docs/decisions/003-api-keys.md explains the design.
--
-- An API key belongs to one organization. The first time a key of an organization is used, the
-- database creates that organization's API principal: an auth user that can never sign in
-- (banned, no password, an .invalid address) and is an admin member of the organization. The
-- app verifies a key with public.authenticate_api_key(), then sends the request to PostgREST with
-- a short-lived JWT for the principal, which the policies treat like any other admin member.

create table private.api_principals (
  organization_id uuid primary key references public.organizations (id) on delete cascade,
  user_id uuid not null unique references auth.users (id) on delete cascade,
  created_at timestamptz not null default now()
);
alter table private.api_principals enable row level security;
revoke all on private.api_principals from public, anon, authenticated;
grant select on private.api_principals to service_role;

-- Whether a user is an API principal rather than a person: member lists and notifications leave
-- them out, and nobody should try to mail them.
create or replace function private.is_api_principal(user_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from private.api_principals p where p.user_id = is_api_principal.user_id)
$$;

-- The organization's principal, created on first use. The membership is re-asserted every time,
-- so an owner who removes or demotes it by mistake does not break the organization's keys (keys
-- are revoked in the API key settings, not through the member list).
create or replace function private.ensure_api_principal(org uuid) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  principal uuid;
  org_name text;
begin
  -- Every API request passes here: the usual case reads and returns without writing anything.
  select p.user_id into principal from private.api_principals p where p.organization_id = org;
  if principal is not null and exists (
       select 1 from public.memberships m
       where m.organization_id = org and m.user_id = principal and m.role = 'admin') then
    return principal;
  end if;
  -- Two first requests at once must not create two users.
  perform pg_advisory_xact_lock(hashtext('clustermatch.api_principal'), hashtext(org::text));
  select p.user_id into principal from private.api_principals p where p.organization_id = org;
  if principal is null then
    select o.name_en into org_name from public.organizations o where o.id = org;
    if org_name is null then
      return null;
    end if;
    principal := gen_random_uuid();
    -- Token columns are '' rather than null, as GoTrue expects; banned forever and without a
    -- password, so Auth never issues this user a session.
    insert into auth.users (
      instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, banned_until,
      raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
      confirmation_token, recovery_token, email_change_token_new, email_change, is_sso_user, is_anonymous)
    values (
      '00000000-0000-0000-0000-000000000000', principal, 'authenticated', 'authenticated',
      'api-' || replace(org::text, '-', '') || '@api-keys.clustermatch.invalid', null, now(), 'infinity',
      jsonb_build_object('provider', 'api_key', 'providers', jsonb_build_array(), 'api_principal', true, 'organization_id', org),
      jsonb_build_object('display_name', left('API · ' || org_name, 100), 'locale', 'en'),
      now(), now(), '', '', '', '', false, false);
    insert into private.api_principals (organization_id, user_id) values (org, principal);
  end if;
  insert into public.memberships (organization_id, user_id, role)
  values (org, principal, 'admin')
  on conflict (organization_id, user_id) do update set role = 'admin'
  where public.memberships.role <> 'admin';
  return principal;
end
$$;

-- The principal's auth user goes with its organization.
create or replace function private.delete_api_principal_user() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from auth.users u where u.id = old.user_id;
  return null;
end
$$;
create trigger api_principals_delete_user after delete on private.api_principals
  for each row execute function private.delete_api_principal_user();

-- A principal is a member so that policies treat it as one, but it is nobody to tell anything:
-- notifications addressed to it (and the mail that would follow them) are dropped, whichever
-- feature fans out to an organization's members.
create or replace function private.skip_api_principal_notification() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if private.is_api_principal(new.user_id) then
    return null;
  end if;
  return new;
end
$$;
create trigger notifications_skip_api_principals before insert on public.notifications
  for each row execute function private.skip_api_principal_notification();

-- Keys are created by an admin through the API key settings (RLS: admins of the organization),
-- never carry usage or revocation data from the client, and keep their hash and prefix forever.
create or replace function private.guard_api_key_insert() returns trigger
language plpgsql set search_path = '' as $$
begin
  if private.is_api_caller() then
    if new.revoked_at is not null or new.last_used_at is not null then
      perform private.refuse('A new API key cannot be revoked or used already');
    end if;
    if private.is_api_principal(auth.uid()) then
      perform private.refuse('API keys cannot create API keys');
    end if;
  end if;
  new.created_at := now();
  return new;
end
$$;
create trigger api_keys_guard_insert before insert on public.api_keys
  for each row execute function private.guard_api_key_insert();

-- An API key cannot rename or revoke keys either: an admin does that, signed in.
create or replace function private.guard_api_key_principal_update() returns trigger
language plpgsql set search_path = '' as $$
begin
  if private.is_api_caller() and private.is_api_principal(auth.uid()) then
    perform private.refuse('API keys cannot change API keys');
  end if;
  return new;
end
$$;
create trigger api_keys_guard_principal_update before update on public.api_keys
  for each row execute function private.guard_api_key_principal_update();

-- Creation and revocation are audited by the database, whichever way they happen.
create or replace function private.audit_api_key_change() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    insert into public.audit_log (actor_user_id, actor_organization_id, organization_id, action, entity_type, entity_id, details)
    values (auth.uid(), new.organization_id, new.organization_id, 'api_key.created', 'api_keys', new.id::text,
      jsonb_build_object('name', new.name, 'prefix', new.prefix));
  elsif new.revoked_at is not null and old.revoked_at is null then
    insert into public.audit_log (actor_user_id, actor_organization_id, organization_id, action, entity_type, entity_id, details)
    values (auth.uid(), new.organization_id, new.organization_id, 'api_key.revoked', 'api_keys', new.id::text,
      jsonb_build_object('name', new.name, 'prefix', new.prefix, 'last_used_at', new.last_used_at));
  elsif new.name is distinct from old.name then
    insert into public.audit_log (actor_user_id, actor_organization_id, organization_id, action, entity_type, entity_id, details)
    values (auth.uid(), new.organization_id, new.organization_id, 'api_key.renamed', 'api_keys', new.id::text,
      jsonb_build_object('from', old.name, 'to', new.name, 'prefix', new.prefix));
  end if;
  return null;
end
$$;
create trigger api_keys_audit_insert after insert on public.api_keys
  for each row execute function private.audit_api_key_change();
create trigger api_keys_audit_update after update of revoked_at, name on public.api_keys
  for each row execute function private.audit_api_key_change();

-- Verifies a presented key: the SHA-256 of the whole key must match an unrevoked key. Answers no
-- row otherwise, the same for unknown and revoked keys. last_used_at is written at most once a
-- minute per key, so a busy key does not turn every read into a write.
-- Callable with the anon key: guessing is hopeless (a key carries 256 random bits) and the API
-- rate-limits failed attempts per IP before calling this.
create or replace function public.authenticate_api_key(p_key text)
returns table (api_key_id uuid, organization_id uuid, organization_kind public.organization_kind, principal_user_id uuid)
language plpgsql security definer set search_path = '' as $$
declare
  found_key public.api_keys%rowtype;
  principal uuid;
begin
  if p_key is null or char_length(p_key) not between 20 and 200 then
    return;
  end if;
  select k.* into found_key from public.api_keys k
  where k.key_hash = encode(sha256(convert_to(p_key, 'UTF8')), 'hex') and k.revoked_at is null;
  if not found then
    return;
  end if;
  principal := private.ensure_api_principal(found_key.organization_id);
  if principal is null then
    return;
  end if;
  update public.api_keys k set last_used_at = now()
  where k.id = found_key.id and (k.last_used_at is null or k.last_used_at < now() - interval '1 minute');
  return query select found_key.id, found_key.organization_id, private.org_kind(found_key.organization_id), principal;
end
$$;

revoke execute on function
  private.is_api_principal(uuid), private.ensure_api_principal(uuid), private.delete_api_principal_user(),
  private.skip_api_principal_notification(),
  private.guard_api_key_insert(), private.guard_api_key_principal_update(), private.audit_api_key_change()
from public;
grant execute on function private.is_api_principal(uuid) to anon, authenticated, service_role;
revoke execute on function public.authenticate_api_key(text) from public;
grant execute on function public.authenticate_api_key(text) to anon, authenticated, service_role;
