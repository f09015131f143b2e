-- Row-level security for every table: one policy per operation, named in plain English.
-- docs/security.md holds the resulting matrix; test/rls-matrix.test.ts checks every cell.
--
-- Policies call helpers as (select private.fn()) so Postgres evaluates them once per statement,
-- and the helpers are security definer so that a policy never recurses into another table's
-- policies. Where a child row is visible exactly when its parent is, the policy asks for the
-- parent with a plain subquery, which the parent's own policy then filters.

-- Helpers that need the domain tables -------------------------------------------------------

-- Storage object names are caller-supplied; a malformed folder must mean "no access", not an error.
create or replace function private.try_uuid(value text) returns uuid
language plpgsql immutable set search_path = '' as $$
begin
  return value::uuid;
exception when invalid_text_representation then
  return null;
end
$$;


create or replace function private.authority_cluster_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(c.id), '{}')
  from public.clusters c
  join public.memberships m on m.organization_id = c.managing_organization_id
  where m.user_id = auth.uid()
$$;

create or replace function private.authority_admin_cluster_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(c.id), '{}')
  from public.clusters c
  join public.memberships m on m.organization_id = c.managing_organization_id
  where m.user_id = auth.uid() and m.role in ('owner', 'admin')
$$;

-- Needs owned by the caller's organizations (any role), and those where the caller is an admin.
create or replace function private.member_need_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(n.id), '{}')
  from public.needs n
  join public.memberships m on m.organization_id = n.organization_id
  where m.user_id = auth.uid()
$$;

create or replace function private.admin_need_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(n.id), '{}')
  from public.needs n
  join public.memberships m on m.organization_id = n.organization_id
  where m.user_id = auth.uid() and m.role in ('owner', 'admin')
$$;

-- Needs the caller's SMEs were invited to.
create or replace function private.invited_need_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(distinct i.need_id), '{}')
  from public.need_invitations i
  join public.memberships m on m.organization_id = i.sme_organization_id
  where m.user_id = auth.uid()
$$;

-- SMEs that submitted an EOI to one of the caller's needs: the contractor may see their profile
-- even when it is not published.
create or replace function private.counterpart_sme_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(distinct e.sme_organization_id), '{}')
  from public.eois e
  join public.needs n on n.id = e.need_id
  join public.memberships m on m.organization_id = n.organization_id
  where m.user_id = auth.uid() and e.status <> 'draft'
$$;

create or replace function private.need_owner(need uuid) returns uuid
language sql stable security definer set search_path = '' as $$
  select n.organization_id from public.needs n where n.id = need
$$;

create or replace function private.need_status(need uuid) returns public.need_status
language sql stable security definer set search_path = '' as $$
  select n.status from public.needs n where n.id = need
$$;

-- The visibility rule for needs, for callers outside the needs table's own policy (EOIs,
-- storage). Keep it identical to the "Needs are visible..." policy below.
create or replace function private.can_view_need(need uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.needs n
    where n.id = need and (
      n.organization_id = any (private.member_org_ids())
      or (n.status <> 'draft' and (
            (not n.export_controlled and n.visibility = 'public' and (n.status = 'open' or auth.uid() is not null))
         or (not n.export_controlled and n.visibility = 'registered' and auth.uid() is not null)
         or n.id = any (private.invited_need_ids())))))
$$;

-- Whether the caller may read a file in the certificates bucket: the SME's members, the authority
-- of the SME's cluster, and contractors to whose need the SME submitted an EOI sharing it.
create or replace function private.can_read_certificate_object(object_name text) returns boolean
language sql stable security definer set search_path = '' as $$
  select
    private.try_uuid(split_part(object_name, '/', 1)) = any (private.member_org_ids())
    or exists (
      select 1 from public.sme_profiles p
      where p.organization_id = private.try_uuid(split_part(object_name, '/', 1))
        and p.cluster_id = any (private.authority_cluster_ids()))
    or exists (
      select 1
      from public.sme_certifications c
      join public.eoi_shared_certifications s on s.certification_id = c.id
      join public.eois e on e.id = s.eoi_id
      where c.document_path = object_name
        and e.status <> 'draft'
        and e.need_id = any (private.member_need_ids()))
$$;

-- Whether the caller may read a file in the eoi-attachments bucket (<sme org>/<eoi id>/...).
create or replace function private.can_read_eoi_object(object_name text) returns boolean
language sql stable security definer set search_path = '' as $$
  select
    private.try_uuid(split_part(object_name, '/', 1)) = any (private.member_org_ids())
    or exists (
      select 1 from public.eois e
      where e.id = private.try_uuid(split_part(object_name, '/', 2))
        and e.sme_organization_id = private.try_uuid(split_part(object_name, '/', 1))
        and e.status <> 'draft'
        and e.need_id = any (private.member_need_ids()))
$$;

-- Stamps who did it, whatever the client sent.
create or replace function private.stamp_actor() returns trigger
language plpgsql set search_path = '' as $$
begin
  if private.is_api_caller() then
    new := jsonb_populate_record(new, jsonb_build_object(tg_argv[0], auth.uid()));
  end if;
  return new;
end
$$;

create trigger organizations_stamp_created_by before insert on public.organizations
  for each row execute function private.stamp_actor('created_by');
create trigger organization_invitations_stamp_invited_by before insert on public.organization_invitations
  for each row execute function private.stamp_actor('invited_by');
create trigger needs_stamp_created_by before insert on public.needs
  for each row execute function private.stamp_actor('created_by');
create trigger need_invitations_stamp_invited_by before insert on public.need_invitations
  for each row execute function private.stamp_actor('invited_by');
create trigger eois_stamp_created_by before insert on public.eois
  for each row execute function private.stamp_actor('created_by');
create trigger message_threads_stamp_created_by before insert on public.message_threads
  for each row execute function private.stamp_actor('created_by');
create trigger api_keys_stamp_created_by before insert on public.api_keys
  for each row execute function private.stamp_actor('created_by');
create trigger audit_log_stamp_actor before insert on public.audit_log
  for each row execute function private.stamp_actor('actor_user_id');

-- Column guards ----------------------------------------------------------------------------
-- RLS decides which rows a caller may update; these triggers decide which columns. A cluster
-- authority passes the update policy for its SMEs' certifications and profiles, but may change
-- only the verification columns; the SME itself may change everything except those.

create or replace function private.guard_verified_row() returns trigger
language plpgsql set search_path = '' as $$
declare
  verification_columns constant text[] := array['verification_status', 'verified_by', 'verified_at', 'rejection_reason'];
  -- Columns whose change invalidates an earlier verification (certifications only).
  evidence_changed boolean := false;
begin
  if not private.is_api_caller() then
    return new;
  end if;

  if private.is_platform_admin() then
    -- The platform may verify anything; the decision is still stamped with who and when.
    if new.verification_status in ('verified', 'rejected')
       and (tg_op = 'INSERT' or new.verification_status is distinct from old.verification_status) then
      new.verified_by := auth.uid();
      new.verified_at := now();
    end if;
    return new;
  end if;

  if tg_op = 'INSERT' then
    if new.verification_status not in ('unverified', 'pending')
       or new.verified_by is not null or new.verified_at is not null or new.rejection_reason is not null then
      perform private.refuse('Only the cluster authority or the platform can verify');
    end if;
    if tg_table_name = 'sme_profiles' then
      if to_jsonb(new) ->> 'external_id' is not null or to_jsonb(new) ->> 'imported_by_organization_id' is not null then
        perform private.refuse('Import identifiers are set by the importer');
      end if;
    end if;
    return new;
  end if;

  if new.organization_id <> old.organization_id then
    perform private.refuse('A row cannot move to another organization');
  end if;

  if private.has_org_role(old.organization_id, array['owner', 'admin']) then
    if new.verified_by is distinct from old.verified_by
       or new.verified_at is distinct from old.verified_at
       or new.rejection_reason is distinct from old.rejection_reason
       or (new.verification_status is distinct from old.verification_status
           and new.verification_status not in ('unverified', 'pending')) then
      perform private.refuse('Only the cluster authority or the platform can verify');
    end if;
    if tg_table_name = 'sme_profiles' then
      if private.changes_outside(
           jsonb_build_object('a', to_jsonb(old) -> 'external_id', 'b', to_jsonb(old) -> 'imported_by_organization_id'),
           jsonb_build_object('a', to_jsonb(new) -> 'external_id', 'b', to_jsonb(new) -> 'imported_by_organization_id'),
           array[]::text[]) then
        perform private.refuse('Import identifiers are set by the importer');
      end if;
    else
      evidence_changed := private.changes_outside(to_jsonb(old), to_jsonb(new),
        verification_columns || array['scope_note', 'issuer']);
    end if;
    if evidence_changed and old.verification_status in ('verified', 'rejected') then
      new.verification_status := 'pending';
      new.verified_by := null;
      new.verified_at := null;
      new.rejection_reason := null;
    elsif new.verification_status in ('unverified', 'pending') and new.verification_status is distinct from old.verification_status then
      new.verified_by := null;
      new.verified_at := null;
      new.rejection_reason := null;
    end if;
    return new;
  end if;

  -- Anyone else got here through the cluster authority's update policy.
  if private.changes_outside(to_jsonb(old), to_jsonb(new), verification_columns) then
    perform private.refuse('A cluster authority can change only the verification of a profile or certification');
  end if;
  if new.verification_status in ('verified', 'rejected') then
    new.verified_by := auth.uid();
    new.verified_at := now();
    if new.verification_status = 'verified' then
      new.rejection_reason := null;
    end if;
  else
    new.verified_by := null;
    new.verified_at := null;
    new.rejection_reason := null;
  end if;
  return new;
end
$$;
create trigger sme_profiles_guard_verification before insert or update on public.sme_profiles
  for each row execute function private.guard_verified_row();
create trigger sme_certifications_guard_verification before insert or update on public.sme_certifications
  for each row execute function private.guard_verified_row();

-- Every verification decision lands in the audit log, whoever made it and however.
create or replace function private.audit_verification() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.audit_log (actor_user_id, actor_organization_id, organization_id, action, entity_type, entity_id, details)
  values (
    auth.uid(),
    (select c.managing_organization_id from public.sme_profiles p join public.clusters c on c.id = p.cluster_id
     where p.organization_id = new.organization_id and c.managing_organization_id = any (private.member_org_ids())),
    new.organization_id,
    'verification.' || new.verification_status::text,
    tg_table_name,
    case when tg_table_name = 'sme_profiles' then new.organization_id::text else (to_jsonb(new) ->> 'id') end,
    jsonb_strip_nulls(jsonb_build_object(
      'from', old.verification_status,
      'to', new.verification_status,
      'rejection_reason', new.rejection_reason)));
  return null;
end
$$;
create trigger sme_profiles_audit_verification after update of verification_status on public.sme_profiles
  for each row when (old.verification_status is distinct from new.verification_status)
  execute function private.audit_verification();
create trigger sme_certifications_audit_verification after update of verification_status on public.sme_certifications
  for each row when (old.verification_status is distinct from new.verification_status)
  execute function private.audit_verification();

create or replace function private.guard_cluster_update() returns trigger
language plpgsql set search_path = '' as $$
begin
  if private.is_api_caller() and not private.is_platform_admin()
     and (new.slug, new.managing_organization_id, new.designation, new.designation_year)
         is distinct from (old.slug, old.managing_organization_id, old.designation, old.designation_year) then
    perform private.refuse('Only the platform can change a cluster''s slug, designation or managing authority');
  end if;
  return new;
end
$$;
create trigger clusters_guard_update before update on public.clusters
  for each row execute function private.guard_cluster_update();

create or replace function private.guard_need_write() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'UPDATE' and private.is_api_caller()
     and (new.organization_id <> old.organization_id or new.created_by is distinct from old.created_by) then
    perform private.refuse('A need cannot move to another organization');
  end if;
  if new.status = 'open' and (tg_op = 'INSERT' or old.status <> 'open') then
    new.opened_at := coalesce(new.opened_at, now());
  end if;
  if new.status in ('closed', 'awarded') and (tg_op = 'INSERT' or old.status not in ('closed', 'awarded')) then
    new.closed_at := coalesce(new.closed_at, now());
  elsif new.status in ('draft', 'open') then
    new.closed_at := null;
  end if;
  return new;
end
$$;
create trigger needs_guard_write before insert or update on public.needs
  for each row execute function private.guard_need_write();

-- The EOI life cycle. The SME drafts, submits and may withdraw before a decision; the need's
-- owner shortlists, declines (with a reason) or awards; neither side edits the other's part.
create or replace function private.guard_eoi_write() returns trigger
language plpgsql set search_path = '' as $$
declare
  decision_columns constant text[] := array['status', 'decision_reason', 'decision_comment', 'decided_by', 'decided_at'];
begin
  if not private.is_api_caller() then
    return new;
  end if;

  if tg_op = 'INSERT' then
    if new.status not in ('draft', 'submitted') then
      perform private.refuse('A new expression of interest starts as a draft or is submitted');
    end if;
    if private.need_status(new.need_id) is distinct from 'open' then
      perform private.refuse('This need is not open for expressions of interest');
    end if;
    new.decision_reason := null;
    new.decision_comment := null;
    new.decided_by := null;
    new.decided_at := null;
    new.withdrawn_at := null;
    new.submitted_at := case when new.status = 'submitted' then now() end;
    return new;
  end if;

  if new.need_id <> old.need_id or new.sme_organization_id <> old.sme_organization_id
     or new.created_by is distinct from old.created_by then
    perform private.refuse('An expression of interest cannot move to another need or SME');
  end if;

  if private.has_org_role(old.sme_organization_id, array['owner', 'admin']) then
    if (new.decision_reason, new.decision_comment, new.decided_by, new.decided_at)
       is distinct from (old.decision_reason, old.decision_comment, old.decided_by, old.decided_at) then
      perform private.refuse('Only the contractor decides on an expression of interest');
    end if;
    if old.status = 'draft' then
      if new.status not in ('draft', 'submitted') then
        perform private.refuse('A draft can only be edited or submitted');
      end if;
      if new.status = 'submitted' then
        if private.need_status(new.need_id) is distinct from 'open' then
          perform private.refuse('This need is not open for expressions of interest');
        end if;
        new.submitted_at := now();
      end if;
    elsif new.status = 'withdrawn' and old.status in ('submitted', 'shortlisted') then
      if private.changes_outside(to_jsonb(old), to_jsonb(new), array['status', 'withdrawn_at']) then
        perform private.refuse('A submitted expression of interest can only be withdrawn');
      end if;
      new.withdrawn_at := now();
    elsif private.changes_outside(to_jsonb(old), to_jsonb(new), array[]::text[]) then
      perform private.refuse('A submitted expression of interest can only be withdrawn before a decision');
    end if;
    return new;
  end if;

  if private.has_org_role(private.need_owner(old.need_id), array['owner', 'admin']) then
    if private.changes_outside(to_jsonb(old), to_jsonb(new), decision_columns) then
      perform private.refuse('The contractor can change only the decision on an expression of interest');
    end if;
    if new.status is distinct from old.status then
      if old.status not in ('submitted', 'shortlisted') or new.status not in ('shortlisted', 'declined', 'awarded') then
        perform private.refuse(format('An expression of interest cannot go from %s to %s', old.status, new.status));
      end if;
      new.decided_by := auth.uid();
      new.decided_at := now();
    end if;
    if new.status <> 'declined' and new.decision_reason is not null then
      perform private.refuse('A decision reason belongs only to a declined expression of interest');
    end if;
    return new;
  end if;

  perform private.refuse('Not allowed to change this expression of interest');
  return null;
end
$$;
create trigger eois_guard_write before insert or update on public.eois
  for each row execute function private.guard_eoi_write();

create or replace function private.audit_eoi_decision() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.audit_log (actor_user_id, actor_organization_id, organization_id, action, entity_type, entity_id, details)
  select auth.uid(), n.organization_id, org, 'eoi.' || new.status::text, 'eois', new.id::text,
         jsonb_strip_nulls(jsonb_build_object('from', old.status, 'to', new.status, 'need_id', new.need_id,
           'decision_reason', new.decision_reason))
  from public.needs n, unnest(array[n.organization_id, new.sme_organization_id]) org
  where n.id = new.need_id;
  return null;
end
$$;
create trigger eois_audit_decision after update of status on public.eois
  for each row when (old.status is distinct from new.status and new.status in ('shortlisted', 'declined', 'awarded', 'withdrawn'))
  execute function private.audit_eoi_decision();

create or replace function private.guard_eoi_shared_certification() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if not exists (
    select 1 from public.eois e join public.sme_certifications c on c.organization_id = e.sme_organization_id
    where e.id = new.eoi_id and c.id = new.certification_id) then
    raise exception using errcode = 'check_violation',
      message = 'Only the SME''s own certifications can be shared with its expression of interest';
  end if;
  return new;
end
$$;
create trigger eoi_shared_certifications_guard before insert or update on public.eoi_shared_certifications
  for each row execute function private.guard_eoi_shared_certification();

-- A thread about an EOI joins exactly the need's owner and the SME; a thread without an EOI is
-- a contractor's conversation with a cluster authority (hosting inquiries).
create or replace function private.guard_message_thread() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.eoi_id is not null then
    if not exists (
      select 1 from public.eois e join public.needs n on n.id = e.need_id
      where e.id = new.eoi_id and e.status <> 'draft'
        and n.organization_id = new.contractor_organization_id
        and e.sme_organization_id = new.counterparty_organization_id) then
      raise exception using errcode = 'check_violation',
        message = 'A thread about an expression of interest joins the need''s owner and the submitting SME';
    end if;
  elsif (select o.kind from public.organizations o where o.id = new.contractor_organization_id) <> 'contractor'
     or (select o.kind from public.organizations o where o.id = new.counterparty_organization_id) <> 'cluster_authority' then
    raise exception using errcode = 'check_violation',
      message = 'A thread without an expression of interest joins a contractor and a cluster authority';
  end if;
  return new;
end
$$;
create trigger message_threads_guard before insert on public.message_threads
  for each row execute function private.guard_message_thread();

create or replace function private.stamp_message() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- A signed-in caller always writes as themselves, now; server jobs and the seed (no JWT
  -- subject) say who and when.
  if auth.uid() is not null then
    new.sender_user_id := auth.uid();
    new.created_at := now();
    new.sender_name := '';
  end if;
  if coalesce(new.sender_name, '') = '' then
    new.sender_name := coalesce(
      (select left(p.display_name, 100) from public.profiles p where p.user_id = new.sender_user_id), '');
  end if;
  return new;
end
$$;
create trigger messages_stamp before insert on public.messages
  for each row execute function private.stamp_message();

create or replace function private.touch_message_thread() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.message_threads t set last_message_at = new.created_at
  where t.id = new.thread_id and (t.last_message_at is null or t.last_message_at < new.created_at);
  return null;
end
$$;
create trigger messages_touch_thread after insert on public.messages
  for each row execute function private.touch_message_thread();

create or replace function private.guard_notification_update() returns trigger
language plpgsql set search_path = '' as $$
begin
  if private.is_api_caller() and private.changes_outside(to_jsonb(old), to_jsonb(new), array['read_at']) then
    perform private.refuse('Only the read state of a notification can change');
  end if;
  return new;
end
$$;
create trigger notifications_guard_update before update on public.notifications
  for each row execute function private.guard_notification_update();

create or replace function private.guard_api_key_update() returns trigger
language plpgsql set search_path = '' as $$
begin
  if private.is_api_caller() and (
       private.changes_outside(to_jsonb(old), to_jsonb(new), array['name', 'revoked_at'])
       or (old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at)) then
    perform private.refuse('An API key can only be renamed or revoked, and a revoked key stays revoked');
  end if;
  return new;
end
$$;
create trigger api_keys_guard_update before update on public.api_keys
  for each row execute function private.guard_api_key_update();

-- Enable RLS everywhere ---------------------------------------------------------------------

alter table public.organizations enable row level security;
alter table public.profiles enable row level security;
alter table public.memberships enable row level security;
alter table public.organization_invitations enable row level security;
alter table public.processes enable row level security;
alter table public.materials enable row level security;
alter table public.certification_types enable row level security;
alter table public.clusters enable row level security;
alter table public.land_parcels enable row level security;
alter table public.sme_profiles enable row level security;
alter table public.sme_capabilities enable row level security;
alter table public.sme_equipment enable row level security;
alter table public.sme_certifications enable row level security;
alter table public.sme_sites enable row level security;
alter table public.needs enable row level security;
alter table public.need_invitations enable row level security;
alter table public.eois enable row level security;
alter table public.eoi_shared_certifications enable row level security;
alter table public.message_threads enable row level security;
alter table public.messages enable row level security;
alter table public.notifications enable row level security;
alter table public.saved_searches enable row level security;
alter table public.api_keys enable row level security;
alter table public.audit_log enable row level security;
alter table public.search_outbox enable row level security;

-- organizations

create policy "Organizations are visible except unlisted SMEs" on public.organizations
  for select to anon, authenticated
  using (
    kind <> 'sme'
    or id = any ((select private.member_org_ids())::uuid[])
    or (select private.is_platform_admin())
    or exists (select 1 from public.sme_profiles p where p.organization_id = organizations.id)
  );
create policy "Only the platform creates organizations directly" on public.organizations
  for insert to authenticated
  with check ((select private.is_platform_admin()));
create policy "Admins update their organization, the platform any" on public.organizations
  for update to authenticated
  using (id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()))
  with check (id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()));
create policy "Only the platform deletes organizations" on public.organizations
  for delete to authenticated
  using ((select private.is_platform_admin()));

-- profiles

create policy "Users read their own profile and their co-members'" on public.profiles
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or user_id = any ((select private.co_member_user_ids())::uuid[])
    or (select private.is_platform_admin())
  );
create policy "Users create only their own profile" on public.profiles
  for insert to authenticated
  with check (user_id = (select auth.uid()));
create policy "Users update only their own profile" on public.profiles
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
create policy "Profiles are deleted only with the account" on public.profiles
  for delete to authenticated
  using (false);

-- memberships

create policy "Members see their organization's memberships" on public.memberships
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or organization_id = any ((select private.member_org_ids())::uuid[])
    or (select private.is_platform_admin())
  );
create policy "Members join through invitations; the platform adds directly" on public.memberships
  for insert to authenticated
  with check ((select private.is_platform_admin()));
create policy "Admins change roles in their organization" on public.memberships
  for update to authenticated
  using (organization_id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()))
  with check (organization_id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()));
create policy "Admins remove members; members may leave" on public.memberships
  for delete to authenticated
  using (
    organization_id = any ((select private.admin_org_ids())::uuid[])
    or user_id = (select auth.uid())
    or (select private.is_platform_admin())
  );

-- organization_invitations

create policy "Admins see their organization's invitations" on public.organization_invitations
  for select to authenticated
  using (organization_id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()));
create policy "Admins invite people to their organization" on public.organization_invitations
  for insert to authenticated
  with check (organization_id = any ((select private.admin_org_ids())::uuid[]));
create policy "Admins change their organization's invitations" on public.organization_invitations
  for update to authenticated
  using (organization_id = any ((select private.admin_org_ids())::uuid[]))
  with check (organization_id = any ((select private.admin_org_ids())::uuid[]));
create policy "Admins withdraw their organization's invitations" on public.organization_invitations
  for delete to authenticated
  using (organization_id = any ((select private.admin_org_ids())::uuid[]));

-- taxonomies

create policy "Everyone reads the process taxonomy" on public.processes
  for select to anon, authenticated using (true);
create policy "The platform adds processes" on public.processes
  for insert to authenticated with check ((select private.is_platform_admin()));
create policy "The platform edits processes" on public.processes
  for update to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
create policy "The platform deletes processes" on public.processes
  for delete to authenticated using ((select private.is_platform_admin()));

create policy "Everyone reads the material taxonomy" on public.materials
  for select to anon, authenticated using (true);
create policy "The platform adds materials" on public.materials
  for insert to authenticated with check ((select private.is_platform_admin()));
create policy "The platform edits materials" on public.materials
  for update to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
create policy "The platform deletes materials" on public.materials
  for delete to authenticated using ((select private.is_platform_admin()));

create policy "Everyone reads the certification types" on public.certification_types
  for select to anon, authenticated using (true);
create policy "The platform adds certification types" on public.certification_types
  for insert to authenticated with check ((select private.is_platform_admin()));
create policy "The platform edits certification types" on public.certification_types
  for update to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
create policy "The platform deletes certification types" on public.certification_types
  for delete to authenticated using ((select private.is_platform_admin()));

-- clusters and land

create policy "Everyone reads clusters" on public.clusters
  for select to anon, authenticated using (true);
create policy "The platform registers clusters" on public.clusters
  for insert to authenticated with check ((select private.is_platform_admin()));
create policy "Cluster authority admins edit their cluster" on public.clusters
  for update to authenticated
  using (id = any ((select private.authority_admin_cluster_ids())::uuid[]) or (select private.is_platform_admin()))
  with check (id = any ((select private.authority_admin_cluster_ids())::uuid[]) or (select private.is_platform_admin()));
create policy "The platform removes clusters" on public.clusters
  for delete to authenticated using ((select private.is_platform_admin()));

create policy "Everyone reads land parcels" on public.land_parcels
  for select to anon, authenticated using (true);
create policy "Cluster authority admins add land to their cluster" on public.land_parcels
  for insert to authenticated
  with check (cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[]) or (select private.is_platform_admin()));
create policy "Cluster authority admins edit their cluster's land" on public.land_parcels
  for update to authenticated
  using (cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[]) or (select private.is_platform_admin()))
  with check (cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[]) or (select private.is_platform_admin()));
create policy "Cluster authority admins remove their cluster's land" on public.land_parcels
  for delete to authenticated
  using (cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[]) or (select private.is_platform_admin()));

-- SME profiles and their parts

create policy "Published SME profiles are public; drafts stay with the SME and its cluster" on public.sme_profiles
  for select to anon, authenticated
  using (
    published
    or organization_id = any ((select private.member_org_ids())::uuid[])
    or cluster_id = any ((select private.authority_cluster_ids())::uuid[])
    or organization_id = any ((select private.counterpart_sme_ids())::uuid[])
    or (select private.is_platform_admin())
  );
create policy "SME admins create their organization's profile" on public.sme_profiles
  for insert to authenticated
  with check (
    organization_id = any ((select private.admin_org_ids())::uuid[])
    and (select private.org_kind(organization_id)) = 'sme'
  );
create policy "SME admins edit their profile; their cluster authority verifies it" on public.sme_profiles
  for update to authenticated
  using (
    organization_id = any ((select private.admin_org_ids())::uuid[])
    or cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[])
    or (select private.is_platform_admin())
  )
  with check (
    organization_id = any ((select private.admin_org_ids())::uuid[])
    or cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[])
    or (select private.is_platform_admin())
  );
create policy "Only the platform deletes SME profiles" on public.sme_profiles
  for delete to authenticated using ((select private.is_platform_admin()));

create policy "Capabilities are visible with their SME profile" on public.sme_capabilities
  for select to anon, authenticated
  using (exists (select 1 from public.sme_profiles p where p.organization_id = sme_capabilities.organization_id));
create policy "SME admins add capabilities" on public.sme_capabilities
  for insert to authenticated
  with check (organization_id = any ((select private.admin_org_ids())::uuid[]));
create policy "SME admins edit capabilities" on public.sme_capabilities
  for update to authenticated
  using (organization_id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()))
  with check (organization_id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()));
create policy "SME admins remove capabilities" on public.sme_capabilities
  for delete to authenticated
  using (organization_id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()));

create policy "Equipment is visible with its SME profile" on public.sme_equipment
  for select to anon, authenticated
  using (exists (select 1 from public.sme_profiles p where p.organization_id = sme_equipment.organization_id));
create policy "SME admins add equipment" on public.sme_equipment
  for insert to authenticated
  with check (organization_id = any ((select private.admin_org_ids())::uuid[]));
create policy "SME admins edit equipment" on public.sme_equipment
  for update to authenticated
  using (organization_id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()))
  with check (organization_id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()));
create policy "SME admins remove equipment" on public.sme_equipment
  for delete to authenticated
  using (organization_id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()));

create policy "Certifications are visible with their SME profile" on public.sme_certifications
  for select to anon, authenticated
  using (exists (select 1 from public.sme_profiles p where p.organization_id = sme_certifications.organization_id));
create policy "SME admins add certifications" on public.sme_certifications
  for insert to authenticated
  with check (organization_id = any ((select private.admin_org_ids())::uuid[]));
create policy "SME admins edit certifications; their cluster authority verifies them" on public.sme_certifications
  for update to authenticated
  using (
    organization_id = any ((select private.admin_org_ids())::uuid[])
    or (select private.is_platform_admin())
    or exists (
      select 1 from public.sme_profiles p
      where p.organization_id = sme_certifications.organization_id
        and p.cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[]))
  )
  with check (
    organization_id = any ((select private.admin_org_ids())::uuid[])
    or (select private.is_platform_admin())
    or exists (
      select 1 from public.sme_profiles p
      where p.organization_id = sme_certifications.organization_id
        and p.cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[]))
  );
create policy "SME admins remove certifications" on public.sme_certifications
  for delete to authenticated
  using (organization_id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()));

create policy "Sites are visible with their SME profile" on public.sme_sites
  for select to anon, authenticated
  using (exists (select 1 from public.sme_profiles p where p.organization_id = sme_sites.organization_id));
create policy "SME admins add sites" on public.sme_sites
  for insert to authenticated
  with check (organization_id = any ((select private.admin_org_ids())::uuid[]));
create policy "SME admins edit sites" on public.sme_sites
  for update to authenticated
  using (organization_id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()))
  with check (organization_id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()));
create policy "SME admins remove sites" on public.sme_sites
  for delete to authenticated
  using (organization_id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()));

-- needs

-- Keep identical to private.can_view_need().
create policy "Needs are visible to their owner, to invited SMEs, and by visibility" on public.needs
  for select to anon, authenticated
  using (
    organization_id = any ((select private.member_org_ids())::uuid[])
    or (status <> 'draft' and (
          (not export_controlled and visibility = 'public' and (status = 'open' or (select auth.uid()) is not null))
       or (not export_controlled and visibility = 'registered' and (select auth.uid()) is not null)
       or id = any ((select private.invited_need_ids())::uuid[])))
  );
create policy "Contractor admins post needs for their organization" on public.needs
  for insert to authenticated
  with check (
    organization_id = any ((select private.admin_org_ids())::uuid[])
    and (select private.org_kind(organization_id)) = 'contractor'
  );
create policy "Contractor admins edit their needs; the platform moderates listed ones" on public.needs
  for update to authenticated
  using (
    organization_id = any ((select private.admin_org_ids())::uuid[])
    or ((select private.is_platform_admin()) and status <> 'draft' and not export_controlled and visibility <> 'invited')
  )
  with check (
    organization_id = any ((select private.admin_org_ids())::uuid[])
    or ((select private.is_platform_admin()) and not export_controlled and visibility <> 'invited')
  );
create policy "Contractor admins delete draft needs; the platform removes listed ones" on public.needs
  for delete to authenticated
  using (
    (organization_id = any ((select private.admin_org_ids())::uuid[]) and status = 'draft')
    or ((select private.is_platform_admin()) and status <> 'draft' and not export_controlled and visibility <> 'invited')
  );

create policy "Need invitations are visible to the need's owner and the invited SME" on public.need_invitations
  for select to authenticated
  using (
    need_id = any ((select private.member_need_ids())::uuid[])
    or sme_organization_id = any ((select private.member_org_ids())::uuid[])
  );
create policy "Contractor admins invite SMEs to their needs" on public.need_invitations
  for insert to authenticated
  with check (
    need_id = any ((select private.admin_need_ids())::uuid[])
    and (select private.org_kind(sme_organization_id)) = 'sme'
  );
create policy "Need invitations are not edited" on public.need_invitations
  for update to authenticated using (false);
create policy "Contractor admins withdraw invitations to their needs" on public.need_invitations
  for delete to authenticated
  using (need_id = any ((select private.admin_need_ids())::uuid[]));

-- expressions of interest

create policy "EOIs are visible to the SME and, once submitted, to the need's owner" on public.eois
  for select to authenticated
  using (
    sme_organization_id = any ((select private.member_org_ids())::uuid[])
    or (status <> 'draft' and need_id = any ((select private.member_need_ids())::uuid[]))
    or ((select private.is_platform_admin()) and status <> 'draft' and exists (
          select 1 from public.needs n
          where n.id = eois.need_id and not n.export_controlled and n.visibility <> 'invited'))
  );
create policy "SME admins express interest in needs they can see" on public.eois
  for insert to authenticated
  with check (
    sme_organization_id = any ((select private.admin_org_ids())::uuid[])
    and (select private.org_kind(sme_organization_id)) = 'sme'
    and (select private.can_view_need(need_id))
  );
create policy "SME admins edit their EOIs; contractor admins decide on submitted ones" on public.eois
  for update to authenticated
  using (
    sme_organization_id = any ((select private.admin_org_ids())::uuid[])
    or (status <> 'draft' and need_id = any ((select private.admin_need_ids())::uuid[]))
  )
  with check (
    sme_organization_id = any ((select private.admin_org_ids())::uuid[])
    or need_id = any ((select private.admin_need_ids())::uuid[])
  );
create policy "SME admins delete their draft EOIs" on public.eois
  for delete to authenticated
  using (sme_organization_id = any ((select private.admin_org_ids())::uuid[]) and status = 'draft');

create policy "Shared certifications are visible with their EOI" on public.eoi_shared_certifications
  for select to authenticated
  using (exists (select 1 from public.eois e where e.id = eoi_shared_certifications.eoi_id));
create policy "SME admins share their certifications with their EOIs" on public.eoi_shared_certifications
  for insert to authenticated
  with check (exists (
    select 1 from public.eois e
    where e.id = eoi_shared_certifications.eoi_id
      and e.sme_organization_id = any ((select private.admin_org_ids())::uuid[])
      and e.status in ('draft', 'submitted', 'shortlisted')));
create policy "Shared certifications are not edited" on public.eoi_shared_certifications
  for update to authenticated using (false);
create policy "SME admins stop sharing certifications before a decision" on public.eoi_shared_certifications
  for delete to authenticated
  using (exists (
    select 1 from public.eois e
    where e.id = eoi_shared_certifications.eoi_id
      and e.sme_organization_id = any ((select private.admin_org_ids())::uuid[])
      and e.status in ('draft', 'submitted', 'shortlisted')));

-- messages

create policy "Participants read their threads" on public.message_threads
  for select to authenticated
  using (
    contractor_organization_id = any ((select private.member_org_ids())::uuid[])
    or counterparty_organization_id = any ((select private.member_org_ids())::uuid[])
  );
create policy "Participants open threads" on public.message_threads
  for insert to authenticated
  with check (
    contractor_organization_id = any ((select private.member_org_ids())::uuid[])
    or counterparty_organization_id = any ((select private.member_org_ids())::uuid[])
  );
create policy "Threads are not edited" on public.message_threads
  for update to authenticated using (false);
create policy "Threads are not deleted" on public.message_threads
  for delete to authenticated using (false);

create policy "Participants read messages in their threads" on public.messages
  for select to authenticated
  using (exists (select 1 from public.message_threads t where t.id = messages.thread_id));
create policy "Participants write in their threads as their organization" on public.messages
  for insert to authenticated
  with check (
    sender_organization_id = any ((select private.member_org_ids())::uuid[])
    and exists (
      select 1 from public.message_threads t
      where t.id = messages.thread_id
        and messages.sender_organization_id in (t.contractor_organization_id, t.counterparty_organization_id))
  );
create policy "Messages are not edited" on public.messages
  for update to authenticated using (false);
create policy "Messages are not deleted" on public.messages
  for delete to authenticated using (false);

-- per-user data

create policy "Users read their own notifications" on public.notifications
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Notifications are created by the system" on public.notifications
  for insert to authenticated with check (false);
create policy "Users mark their own notifications read" on public.notifications
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "Users dismiss their own notifications" on public.notifications
  for delete to authenticated using (user_id = (select auth.uid()));

create policy "Users read their own saved searches" on public.saved_searches
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users save their own searches" on public.saved_searches
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "Users edit their own saved searches" on public.saved_searches
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "Users delete their own saved searches" on public.saved_searches
  for delete to authenticated using (user_id = (select auth.uid()));

-- API keys

create policy "Admins see their organization's API keys" on public.api_keys
  for select to authenticated using (organization_id = any ((select private.admin_org_ids())::uuid[]));
create policy "Admins create API keys for their organization" on public.api_keys
  for insert to authenticated with check (organization_id = any ((select private.admin_org_ids())::uuid[]));
create policy "Admins rename or revoke their organization's API keys" on public.api_keys
  for update to authenticated
  using (organization_id = any ((select private.admin_org_ids())::uuid[]))
  with check (organization_id = any ((select private.admin_org_ids())::uuid[]));
create policy "API keys are revoked, not deleted" on public.api_keys
  for delete to authenticated using (false);

-- audit log: append-only (the trigger refuses updates and deletes for every role)

create policy "Admins read their organization's audit log; the platform reads all" on public.audit_log
  for select to authenticated
  using (
    organization_id = any ((select private.admin_org_ids())::uuid[])
    or actor_organization_id = any ((select private.admin_org_ids())::uuid[])
    or (select private.is_platform_admin())
  );
create policy "Signed-in users append entries about their own organizations" on public.audit_log
  for insert to authenticated
  with check (
    actor_user_id = (select auth.uid())
    and (organization_id is null or organization_id = any ((select private.member_org_ids())::uuid[]))
    and (actor_organization_id is null or actor_organization_id = any ((select private.member_org_ids())::uuid[]))
  );
create policy "Audit entries are never changed" on public.audit_log
  for update to authenticated using (false);
create policy "Audit entries are never deleted" on public.audit_log
  for delete to authenticated using (false);

-- search outbox: server-side only (service role); RLS on with no policy for API roles.

-- Private helpers are for policies and triggers; expose exactly those to the API roles.
revoke execute on all functions in schema private from public;
grant execute on function
  private.is_api_caller(), private.refuse(text), private.changes_outside(jsonb, jsonb, text[]),
  private.member_org_ids(), private.admin_org_ids(), private.is_member_of(uuid),
  private.has_org_role(uuid, text[]), private.is_platform_admin(), private.org_kind(uuid),
  private.co_member_user_ids(), private.assert_known_codes(text[], text, text),
  private.all_country_codes(text[]), private.valid_geojson_area(jsonb),
  private.authority_cluster_ids(), private.authority_admin_cluster_ids(),
  private.member_need_ids(), private.admin_need_ids(), private.invited_need_ids(),
  private.counterpart_sme_ids(), private.need_owner(uuid), private.need_status(uuid),
  private.can_view_need(uuid), private.can_read_certificate_object(text),
  private.can_read_eoi_object(text), private.try_uuid(text), private.need_is_indexable(public.need_status, public.need_visibility, boolean)
to anon, authenticated, service_role;
