-- The audit log page (issue 11, part 4) lists membership and role changes, verifications, API
-- key creation and revocation, and offset approvals. Verifications, API keys and offsets were
-- already written by their own triggers and functions; membership changes were not. They are
-- written here by the database, so every path (the app, an invitation, the SQL editor) leaves one.

create or replace function private.audit_membership_change() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    insert into public.audit_log (actor_user_id, organization_id, action, entity_type, entity_id, details)
    values (auth.uid(), new.organization_id, 'membership.added', 'memberships', new.id::text,
            jsonb_build_object('user_id', new.user_id, 'role', new.role));
  elsif tg_op = 'UPDATE' then
    insert into public.audit_log (actor_user_id, organization_id, action, entity_type, entity_id, details)
    values (auth.uid(), new.organization_id, 'membership.role_changed', 'memberships', new.id::text,
            jsonb_build_object('user_id', new.user_id, 'from', old.role, 'to', new.role));
  else
    -- Also when the organization or the user is deleted: the entry outlives both (no foreign keys).
    insert into public.audit_log (actor_user_id, organization_id, action, entity_type, entity_id, details)
    values (auth.uid(), old.organization_id, 'membership.removed', 'memberships', old.id::text,
            jsonb_build_object('user_id', old.user_id, 'role', old.role));
  end if;
  return null;
end
$$;

create trigger memberships_audit_insert after insert on public.memberships
  for each row execute function private.audit_membership_change();
create trigger memberships_audit_role after update of role on public.memberships
  for each row when (old.role is distinct from new.role)
  execute function private.audit_membership_change();
create trigger memberships_audit_delete after delete on public.memberships
  for each row execute function private.audit_membership_change();

-- An invitation is the start of a membership: who was invited, with which role. The token never
-- appears; the address does, since the organization's admins already see their invitations.
create or replace function private.audit_organization_invitation() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.audit_log (actor_user_id, organization_id, action, entity_type, entity_id, details)
  values (auth.uid(), new.organization_id, 'membership.invited', 'organization_invitations', new.id::text,
          jsonb_build_object('email', new.email, 'role', new.role));
  return null;
end
$$;

create trigger organization_invitations_audit_insert after insert on public.organization_invitations
  for each row execute function private.audit_organization_invitation();

-- The read policy ("Admins read their organization's audit log; the platform reads all") also
-- matches on the acting organization; the page lists newest first, so index that path too.
create index audit_log_actor_organization_id_idx on public.audit_log (actor_organization_id, occurred_at desc);
-- The platform's view of everything, newest first.
create index audit_log_occurred_at_idx on public.audit_log (occurred_at desc, id desc);

revoke execute on function private.audit_membership_change(), private.audit_organization_invitation() from public;
