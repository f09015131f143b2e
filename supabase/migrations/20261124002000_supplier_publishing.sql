-- Publishing supplier profiles: cluster invitations, verifier details,
-- atomic editor writes, and bulk imports that are idempotent, resumable and show progress.

-- Joining a cluster is the cluster's decision: an SME cannot write itself into a cluster (and so
-- under that authority's verification) by editing its profile. It joins by accepting an
-- invitation (accept_cluster_invitation below) and may leave at any time.
create or replace function private.guard_sme_cluster_change() returns trigger
language plpgsql set search_path = '' as $$
begin
  if private.is_api_caller() and not private.is_platform_admin()
     and new.cluster_id is not null
     and (tg_op = 'INSERT' or new.cluster_id is distinct from old.cluster_id) then
    perform private.refuse('An SME joins a cluster by accepting the cluster''s invitation');
  end if;
  return new;
end
$$;
create trigger sme_profiles_guard_cluster before insert or update of cluster_id on public.sme_profiles
  for each row execute function private.guard_sme_cluster_change();

-- Cluster invitations --------------------------------------------------------------------------

create table public.cluster_invitations (
  id uuid primary key default gen_random_uuid(),
  cluster_id uuid not null references public.clusters (id) on delete cascade,
  email text not null check (email ~* '^[^@\s]+@[^@\s]+\.[^@\s]+$' and char_length(email) <= 320),
  message text check (char_length(message) <= 2000),
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '30 days',
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  accepted_organization_id uuid references public.organizations (id) on delete set null,
  declined_at timestamptz,
  revoked_at timestamptz,
  check (num_nonnulls(accepted_at, declined_at, revoked_at) <= 1)
);
create index cluster_invitations_cluster_id_idx on public.cluster_invitations (cluster_id, created_at desc);
create index cluster_invitations_email_idx on public.cluster_invitations (lower(email));
create index cluster_invitations_invited_by_idx on public.cluster_invitations (invited_by);
create index cluster_invitations_accepted_by_idx on public.cluster_invitations (accepted_by);
create index cluster_invitations_accepted_organization_id_idx on public.cluster_invitations (accepted_organization_id);
-- One open invitation per address and cluster; sending again renews it.
create unique index cluster_invitations_open_idx on public.cluster_invitations (cluster_id, lower(email))
  where accepted_at is null and declined_at is null and revoked_at is null;

create trigger cluster_invitations_stamp_invited_by before insert on public.cluster_invitations
  for each row execute function private.stamp_actor('invited_by');

-- The authority renews or revokes its invitations; accepting and declining go through the
-- functions below, which check that the caller is the invitee.
create or replace function private.guard_cluster_invitation_update() returns trigger
language plpgsql set search_path = '' as $$
begin
  if private.is_api_caller() and (
       private.changes_outside(to_jsonb(old), to_jsonb(new), array['expires_at', 'revoked_at', 'message'])
       or old.accepted_at is not null or old.declined_at is not null or old.revoked_at is not null) then
    perform private.refuse('An invitation can only be renewed or revoked while it is open');
  end if;
  return new;
end
$$;
create trigger cluster_invitations_guard_update before update on public.cluster_invitations
  for each row execute function private.guard_cluster_invitation_update();

alter table public.cluster_invitations enable row level security;

create policy "Cluster authorities see their invitations; invitees see those sent to them" on public.cluster_invitations
  for select to authenticated
  using (
    cluster_id = any ((select private.authority_cluster_ids())::uuid[])
    or lower(email) = lower(coalesce((select auth.jwt()) ->> 'email', ''))
    or (select private.is_platform_admin())
  );
create policy "Cluster authority admins invite SMEs to their cluster" on public.cluster_invitations
  for insert to authenticated
  with check (cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[]));
create policy "Cluster authority admins renew or revoke their invitations" on public.cluster_invitations
  for update to authenticated
  using (cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[]))
  with check (cluster_id = any ((select private.authority_admin_cluster_ids())::uuid[]));
create policy "Cluster invitations are revoked, not deleted" on public.cluster_invitations
  for delete to authenticated using (false);

create or replace function private.open_invitation_for_caller(invitation_id uuid) returns public.cluster_invitations
language plpgsql security definer set search_path = '' as $$
declare
  invitation public.cluster_invitations%rowtype;
  caller_email text;
begin
  if auth.uid() is null then
    perform private.refuse('Sign in to answer an invitation');
  end if;
  select u.email into caller_email from auth.users u where u.id = auth.uid();
  select * into invitation from public.cluster_invitations i where i.id = invitation_id for update;
  if not found or invitation.accepted_at is not null or invitation.declined_at is not null
     or invitation.revoked_at is not null or invitation.expires_at < now()
     or lower(invitation.email) <> lower(coalesce(caller_email, '')) then
    raise exception using errcode = 'P0002', message = 'Invitation not found, no longer open, or meant for another e-mail address';
  end if;
  return invitation;
end
$$;

create or replace function public.accept_cluster_invitation(invitation_id uuid, sme_organization_id uuid) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  invitation public.cluster_invitations%rowtype;
  authority uuid;
begin
  if auth.uid() is null
     or not private.has_org_role(sme_organization_id, array['owner', 'admin'])
     or private.org_kind(sme_organization_id) is distinct from 'sme' then
    perform private.refuse('Only an admin of the SME can accept a cluster invitation');
  end if;
  invitation := private.open_invitation_for_caller(invitation_id);

  update public.sme_profiles set cluster_id = invitation.cluster_id where organization_id = sme_organization_id;
  if not found then
    insert into public.sme_profiles (organization_id, cluster_id) values (sme_organization_id, invitation.cluster_id);
  end if;
  update public.cluster_invitations
  set accepted_at = now(), accepted_by = auth.uid(), accepted_organization_id = sme_organization_id
  where id = invitation.id;

  select c.managing_organization_id into authority from public.clusters c where c.id = invitation.cluster_id;
  insert into public.audit_log (actor_user_id, actor_organization_id, organization_id, action, entity_type, entity_id, details)
  select auth.uid(), sme_organization_id, org, 'cluster.invitation_accepted', 'cluster_invitations', invitation.id::text,
         jsonb_build_object('cluster_id', invitation.cluster_id, 'sme_organization_id', sme_organization_id)
  from unnest(array[sme_organization_id, authority]) org
  where org is not null;
  return invitation.cluster_id;
end
$$;

create or replace function public.decline_cluster_invitation(invitation_id uuid) returns void
language plpgsql security definer set search_path = '' as $$
declare
  invitation public.cluster_invitations%rowtype;
begin
  invitation := private.open_invitation_for_caller(invitation_id);
  update public.cluster_invitations set declined_at = now() where id = invitation.id;
  insert into public.audit_log (actor_user_id, organization_id, action, entity_type, entity_id, details)
  select auth.uid(), c.managing_organization_id, 'cluster.invitation_declined', 'cluster_invitations', invitation.id::text,
         jsonb_build_object('cluster_id', invitation.cluster_id)
  from public.clusters c where c.id = invitation.cluster_id and c.managing_organization_id is not null;
end
$$;

-- Who verified: the name and official organization of people who made a verification decision,
-- for the badge on profiles and certifications. Nothing about anyone else.
create or replace function public.verifier_details(user_ids uuid[])
returns table (user_id uuid, display_name text, organization_id uuid, organization_name_en text, organization_name_ko text)
language sql stable security definer set search_path = '' as $$
  select distinct on (p.user_id) p.user_id, p.display_name, o.id, o.name_en, o.name_ko
  from public.profiles p
  join public.memberships m on m.user_id = p.user_id
  join public.organizations o on o.id = m.organization_id and o.kind in ('cluster_authority', 'platform')
  where cardinality(user_ids) <= 500
    and p.user_id = any (user_ids)
    and (exists (select 1 from public.sme_certifications c where c.verified_by = p.user_id)
         or exists (select 1 from public.sme_profiles s where s.verified_by = p.user_id))
  order by p.user_id, (o.kind = 'cluster_authority') desc, o.name_en
$$;

-- Editor writes that touch two tables or two rows, in one transaction, as the caller (RLS applies).

create or replace function public.save_sme_details(p_organization_id uuid, p_details jsonb) returns void
language plpgsql security invoker set search_path = '' as $$
begin
  if not (p_organization_id = any (private.admin_org_ids())) or private.org_kind(p_organization_id) is distinct from 'sme' then
    perform private.refuse('Only admins of the SME can edit its profile');
  end if;
  update public.organizations o
  set name_en = p_details ->> 'name_en', name_ko = p_details ->> 'name_ko', website = p_details ->> 'website'
  where o.id = p_organization_id
    and (o.name_en, o.name_ko, o.website) is distinct from (p_details ->> 'name_en', p_details ->> 'name_ko', p_details ->> 'website');
  update public.sme_profiles p
  set description_en = p_details ->> 'description_en',
      description_ko = p_details ->> 'description_ko',
      employees = (p_details ->> 'employees')::integer,
      founded_year = (p_details ->> 'founded_year')::integer,
      revenue_band = (p_details ->> 'revenue_band')::public.revenue_band,
      defense_designated = coalesce((p_details ->> 'defense_designated')::boolean, false),
      security_assessment_passed = coalesce((p_details ->> 'security_assessment_passed')::boolean, false),
      export_experience = coalesce((p_details ->> 'export_experience')::boolean, false),
      export_countries = coalesce(array(select jsonb_array_elements_text(p_details -> 'export_countries')), '{}'),
      capacity_note = p_details ->> 'capacity_note',
      contact_email = p_details ->> 'contact_email',
      contact_phone = p_details ->> 'contact_phone'
  where p.organization_id = p_organization_id
    and (p.description_en, p.description_ko, p.employees, p.founded_year, p.revenue_band, p.defense_designated,
         p.security_assessment_passed, p.export_experience, p.export_countries, p.capacity_note, p.contact_email, p.contact_phone)
      is distinct from (
         p_details ->> 'description_en', p_details ->> 'description_ko', (p_details ->> 'employees')::integer,
         (p_details ->> 'founded_year')::integer, (p_details ->> 'revenue_band')::public.revenue_band,
         coalesce((p_details ->> 'defense_designated')::boolean, false),
         coalesce((p_details ->> 'security_assessment_passed')::boolean, false),
         coalesce((p_details ->> 'export_experience')::boolean, false),
         coalesce(array(select jsonb_array_elements_text(p_details -> 'export_countries')), '{}'),
         p_details ->> 'capacity_note', p_details ->> 'contact_email', p_details ->> 'contact_phone');
end
$$;

create or replace function public.set_primary_site(p_site_id uuid) returns void
language plpgsql security invoker set search_path = '' as $$
declare
  org uuid;
begin
  select s.organization_id into org from public.sme_sites s where s.id = p_site_id;
  if org is null or not (org = any (private.admin_org_ids())) then
    perform private.refuse('Only admins of the SME can choose its primary site');
  end if;
  update public.sme_sites set is_primary = false where organization_id = org and is_primary and id <> p_site_id;
  update public.sme_sites set is_primary = true where id = p_site_id and not is_primary;
end
$$;

-- The editor's supplier-wide material list: one material added to or removed from every
-- capability in a single statement.
create or replace function public.set_capability_material(p_organization_id uuid, p_material_code text, p_present boolean) returns integer
language plpgsql security invoker set search_path = '' as $$
declare
  changed integer;
begin
  if not (p_organization_id = any (private.admin_org_ids())) then
    perform private.refuse('Only admins of the SME can edit its materials');
  end if;
  update public.sme_capabilities c
  set material_codes = case when p_present then array_append(c.material_codes, p_material_code)
                            else array_remove(c.material_codes, p_material_code) end
  where c.organization_id = p_organization_id and (p_material_code = any (c.material_codes)) is distinct from p_present;
  get diagnostics changed = row_count;
  return changed;
end
$$;

-- Bulk import --------------------------------------------------------------------------------
-- A run holds every row of one uploaded file, already validated and resolved by the app. A dry
-- run stops there. A commit run is processed in batches by process_import_rows: each row is
-- written in its own subtransaction together with its status, so a crash leaves every row either
-- fully written and marked, or untouched and still pending; running the batches again resumes.

create type public.import_mode as enum ('dry_run', 'commit');
create type public.import_run_status as enum ('preparing', 'running', 'completed', 'failed');
create type public.import_row_status as enum ('valid', 'invalid', 'pending', 'created', 'updated', 'unchanged', 'skipped', 'failed');

create table public.import_runs (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  mode public.import_mode not null,
  status public.import_run_status not null default 'preparing',
  file_name text not null check (char_length(file_name) between 1 and 255),
  file_format text not null check (file_format in ('csv', 'xlsx', 'jsonl')),
  file_sha256 text check (file_sha256 ~ '^[0-9a-f]{64}$'),
  source_run_id uuid references public.import_runs (id) on delete set null,
  -- Problems with the file as a whole: [{field, severity, code, params}].
  file_issues jsonb not null default '[]' check (jsonb_typeof(file_issues) = 'array'),
  -- Dry runs: how many valid rows would create a supplier rather than update one.
  would_create_rows integer not null default 0 check (would_create_rows >= 0),
  total_rows integer not null default 0 check (total_rows >= 0),
  valid_rows integer not null default 0 check (valid_rows >= 0),
  invalid_rows integer not null default 0 check (invalid_rows >= 0),
  pending_rows integer not null default 0 check (pending_rows >= 0),
  created_rows integer not null default 0 check (created_rows >= 0),
  updated_rows integer not null default 0 check (updated_rows >= 0),
  unchanged_rows integer not null default 0 check (unchanged_rows >= 0),
  skipped_rows integer not null default 0 check (skipped_rows >= 0),
  failed_rows integer not null default 0 check (failed_rows >= 0),
  warning_rows integer not null default 0 check (warning_rows >= 0),
  error_message text check (char_length(error_message) <= 2000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  heartbeat_at timestamptz,
  finished_at timestamptz
);
create index import_runs_organization_id_idx on public.import_runs (organization_id, created_at desc);
create index import_runs_created_by_idx on public.import_runs (created_by);
create index import_runs_source_run_id_idx on public.import_runs (source_run_id);

create table public.import_rows (
  id bigint generated always as identity primary key,
  run_id uuid not null references public.import_runs (id) on delete cascade,
  row_number integer not null check (row_number >= 1),
  external_id text check (char_length(external_id) <= 200),
  status public.import_row_status not null,
  -- The resolved supplier (see app/import/validate.ts ResolvedSupplier); null for invalid rows.
  payload jsonb check (payload is null or jsonb_typeof(payload) = 'object'),
  issues jsonb not null default '[]' check (jsonb_typeof(issues) = 'array'),
  has_warnings boolean not null default false,
  supplier_organization_id uuid references public.organizations (id) on delete set null,
  processed_at timestamptz,
  unique (run_id, row_number),
  check (status not in ('valid', 'pending') or payload is not null)
);
create index import_rows_pending_idx on public.import_rows (run_id, row_number) where status = 'pending';
create index import_rows_with_issues_idx on public.import_rows (run_id, row_number) where issues <> '[]'::jsonb;
create index import_rows_supplier_organization_id_idx on public.import_rows (supplier_organization_id);

create trigger import_runs_stamp_created_by before insert on public.import_runs
  for each row execute function private.stamp_actor('created_by');

-- Counters follow the rows' statuses, so progress is one read of the run.
create or replace function private.count_import_rows() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    with delta as (select run_id, status, has_warnings, 1 as n from new_rows)
    update public.import_runs r set
      total_rows = r.total_rows + s.total, valid_rows = r.valid_rows + s.valid, invalid_rows = r.invalid_rows + s.invalid,
      pending_rows = r.pending_rows + s.pending, created_rows = r.created_rows + s.created, updated_rows = r.updated_rows + s.updated,
      unchanged_rows = r.unchanged_rows + s.unchanged, skipped_rows = r.skipped_rows + s.skipped,
      failed_rows = r.failed_rows + s.failed, warning_rows = r.warning_rows + s.warnings
    from (
      select run_id, sum(n) as total,
        coalesce(sum(n) filter (where status = 'valid'), 0) as valid, coalesce(sum(n) filter (where status = 'invalid'), 0) as invalid,
        coalesce(sum(n) filter (where status = 'pending'), 0) as pending, coalesce(sum(n) filter (where status = 'created'), 0) as created,
        coalesce(sum(n) filter (where status = 'updated'), 0) as updated, coalesce(sum(n) filter (where status = 'unchanged'), 0) as unchanged,
        coalesce(sum(n) filter (where status = 'skipped'), 0) as skipped, coalesce(sum(n) filter (where status = 'failed'), 0) as failed,
        coalesce(sum(n) filter (where has_warnings), 0) as warnings
      from delta group by run_id) s
    where r.id = s.run_id;
  elsif tg_op = 'UPDATE' then
    with delta as (
      select run_id, status, has_warnings, 1 as n from new_rows
      union all
      select run_id, status, has_warnings, -1 from old_rows)
    update public.import_runs r set
      valid_rows = r.valid_rows + s.valid, invalid_rows = r.invalid_rows + s.invalid,
      pending_rows = r.pending_rows + s.pending, created_rows = r.created_rows + s.created, updated_rows = r.updated_rows + s.updated,
      unchanged_rows = r.unchanged_rows + s.unchanged, skipped_rows = r.skipped_rows + s.skipped,
      failed_rows = r.failed_rows + s.failed, warning_rows = r.warning_rows + s.warnings
    from (
      select run_id,
        coalesce(sum(n) filter (where status = 'valid'), 0) as valid, coalesce(sum(n) filter (where status = 'invalid'), 0) as invalid,
        coalesce(sum(n) filter (where status = 'pending'), 0) as pending, coalesce(sum(n) filter (where status = 'created'), 0) as created,
        coalesce(sum(n) filter (where status = 'updated'), 0) as updated, coalesce(sum(n) filter (where status = 'unchanged'), 0) as unchanged,
        coalesce(sum(n) filter (where status = 'skipped'), 0) as skipped, coalesce(sum(n) filter (where status = 'failed'), 0) as failed,
        coalesce(sum(n) filter (where has_warnings), 0) as warnings
      from delta group by run_id) s
    where r.id = s.run_id;
  end if;
  return null;
end
$$;
create trigger import_rows_count_insert after insert on public.import_rows
  referencing new table as new_rows for each statement execute function private.count_import_rows();
create trigger import_rows_count_update after update on public.import_rows
  referencing old table as old_rows new table as new_rows for each statement execute function private.count_import_rows();

-- API callers move a run only from preparing to running (or failed); counters and results are
-- the database's.
create or replace function private.guard_import_run_update() returns trigger
language plpgsql set search_path = '' as $$
begin
  if private.is_api_caller() then
    if private.changes_outside(to_jsonb(old), to_jsonb(new), array['status', 'error_message', 'finished_at']) then
      perform private.refuse('Only the status of an import run can be changed');
    end if;
    if new.status is distinct from old.status and not (
         (old.status = 'preparing' and new.status in ('running', 'failed', 'completed'))
      or (old.status = 'running' and new.status = 'failed')) then
      perform private.refuse(format('An import run cannot go from %s to %s', old.status, new.status));
    end if;
    if new.status = 'completed' and new.mode <> 'dry_run' then
      perform private.refuse('A commit run completes when its last row is processed');
    end if;
  end if;
  return new;
end
$$;
create trigger import_runs_guard_update before update on public.import_runs
  for each row execute function private.guard_import_run_update();

alter table public.import_runs enable row level security;
alter table public.import_rows enable row level security;

create policy "Admins see their organization's import runs; the platform sees all" on public.import_runs
  for select to authenticated
  using (organization_id = any ((select private.admin_org_ids())::uuid[]) or (select private.is_platform_admin()));
create policy "Cluster authority and platform admins start imports for their organization" on public.import_runs
  for insert to authenticated
  with check (
    organization_id = any ((select private.admin_org_ids())::uuid[])
    and (select private.org_kind(organization_id)) in ('cluster_authority', 'platform')
  );
create policy "Admins move their organization's import runs along" on public.import_runs
  for update to authenticated
  using (organization_id = any ((select private.admin_org_ids())::uuid[]))
  with check (organization_id = any ((select private.admin_org_ids())::uuid[]));
create policy "Import runs are kept as history" on public.import_runs
  for delete to authenticated using (false);

create policy "Import rows are visible with their run" on public.import_rows
  for select to authenticated
  using (exists (select 1 from public.import_runs r where r.id = import_rows.run_id));
create policy "Admins add rows to their runs while preparing" on public.import_rows
  for insert to authenticated
  with check (exists (
    select 1 from public.import_runs r
    where r.id = import_rows.run_id
      and r.status = 'preparing'
      and r.organization_id = any ((select private.admin_org_ids())::uuid[])));
create policy "Import rows change only by processing" on public.import_rows
  for update to authenticated using (false);
create policy "Import rows are kept with their run" on public.import_rows
  for delete to authenticated using (false);

-- One supplier, written whole: organization, profile, capabilities, certifications and sites.
-- Statements change only what differs, so re-importing the same data changes nothing at all (no
-- updated_at churn, nothing queued for the search index). Equipment is not part of the format and
-- is left alone; a changed certificate loses its verification.
create or replace function private.upsert_imported_supplier(importing_org uuid, supplier jsonb, actor uuid) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  importer_kind public.organization_kind := private.org_kind(importing_org);
  v_external_id text := supplier ->> 'external_id';
  v_cluster uuid;
  v_org uuid;
  v_changes integer := 0;
  v_count integer;
  v_created boolean := false;
  v_processes text[] := coalesce(array(select jsonb_array_elements_text(coalesce(supplier -> 'process_codes', '[]'))), '{}');
  v_materials text[] := coalesce(array(select jsonb_array_elements_text(coalesce(supplier -> 'material_codes', '[]'))), '{}');
  v_tags text[] := coalesce(array(select jsonb_array_elements_text(coalesce(supplier -> 'tags', '[]'))), '{}');
  v_certifications jsonb := coalesce(supplier -> 'certifications', '[]');
  v_sites jsonb := coalesce(supplier -> 'sites', '[]');
  v_published boolean := coalesce((supplier ->> 'published')::boolean, true);
  v_fictional boolean := coalesce((supplier ->> 'fictional')::boolean, false);
begin
  if importer_kind is null or importer_kind not in ('cluster_authority', 'platform') then
    perform private.refuse('Only cluster authorities and the platform import suppliers');
  end if;
  if v_external_id is null or char_length(v_external_id) not between 1 and 100 then
    raise exception using errcode = 'check_violation', message = 'external_id must have 1 to 100 characters';
  end if;
  if jsonb_typeof(v_sites) <> 'array' or jsonb_array_length(v_sites) = 0 then
    raise exception using errcode = 'check_violation', message = 'A supplier needs at least one site';
  end if;

  if supplier ->> 'cluster_slug' is not null then
    select c.id into v_cluster from public.clusters c
    where c.slug = supplier ->> 'cluster_slug'
      and (importer_kind = 'platform' or c.managing_organization_id = importing_org);
    if v_cluster is null then
      perform private.refuse(format('Cluster %s does not exist or is not managed by the importing organization', supplier ->> 'cluster_slug'));
    end if;
  end if;

  -- Two imports of the same supplier at once would both try to create it.
  perform pg_advisory_xact_lock(hashtextextended(importing_org::text || '/' || v_external_id, 0));

  select p.organization_id into v_org from public.sme_profiles p
  where p.imported_by_organization_id = importing_org and p.external_id = v_external_id;

  if v_org is null then
    insert into public.organizations (slug, kind, name_en, name_ko, country, website, is_fictional, created_by)
    values (
      coalesce(private.slugify(supplier ->> 'name_en'), 'supplier') || '-' || substr(md5(importing_org::text || '/' || v_external_id), 1, 8),
      'sme', supplier ->> 'name_en', supplier ->> 'name_ko', 'KR', supplier ->> 'website', v_fictional, actor)
    returning id into v_org;
    insert into public.sme_profiles (
      organization_id, description_en, description_ko, employees, founded_year, defense_designated,
      security_assessment_passed, capacity_note, contact_email, tags, cluster_id, published,
      external_id, imported_by_organization_id)
    values (
      v_org, supplier ->> 'description_en', supplier ->> 'description_ko', (supplier ->> 'employees')::integer,
      (supplier ->> 'founded_year')::integer, coalesce((supplier ->> 'defense_designated')::boolean, false),
      coalesce((supplier ->> 'security_clearance')::boolean, false), supplier ->> 'capacity_note',
      supplier ->> 'contact_email', v_tags, v_cluster, v_published, v_external_id, importing_org);
    v_created := true;
  else
    -- Once people of the SME itself manage the profile, it is theirs: the import does not
    -- overwrite their edits.
    if exists (select 1 from public.memberships m where m.organization_id = v_org) then
      return jsonb_build_object('outcome', 'skipped', 'organization_id', v_org, 'issues', jsonb_build_array(
        jsonb_build_object('field', '', 'severity', 'warning', 'code', 'import.warning.claimed', 'params', '{}'::jsonb)));
    end if;
    update public.organizations o
    set name_en = supplier ->> 'name_en', name_ko = supplier ->> 'name_ko', website = supplier ->> 'website', is_fictional = v_fictional
    where o.id = v_org
      and (o.name_en, o.name_ko, o.website, o.is_fictional)
          is distinct from (supplier ->> 'name_en', supplier ->> 'name_ko', supplier ->> 'website', v_fictional);
    get diagnostics v_count = row_count;
    v_changes := v_changes + v_count;

    update public.sme_profiles p
    set description_en = supplier ->> 'description_en', description_ko = supplier ->> 'description_ko',
        employees = (supplier ->> 'employees')::integer, founded_year = (supplier ->> 'founded_year')::integer,
        defense_designated = coalesce((supplier ->> 'defense_designated')::boolean, false),
        security_assessment_passed = coalesce((supplier ->> 'security_clearance')::boolean, false),
        capacity_note = supplier ->> 'capacity_note', contact_email = supplier ->> 'contact_email',
        tags = v_tags, cluster_id = v_cluster, published = v_published
    where p.organization_id = v_org
      and (p.description_en, p.description_ko, p.employees, p.founded_year, p.defense_designated,
           p.security_assessment_passed, p.capacity_note, p.contact_email, p.tags, p.cluster_id, p.published)
        is distinct from (
           supplier ->> 'description_en', supplier ->> 'description_ko', (supplier ->> 'employees')::integer,
           (supplier ->> 'founded_year')::integer, coalesce((supplier ->> 'defense_designated')::boolean, false),
           coalesce((supplier ->> 'security_clearance')::boolean, false), supplier ->> 'capacity_note',
           supplier ->> 'contact_email', v_tags, v_cluster, v_published);
    get diagnostics v_count = row_count;
    v_changes := v_changes + v_count;
  end if;

  -- Capabilities: one per process, each with the supplier's materials (the format lists both
  -- per supplier); other details an editor added to a kept process stay.
  delete from public.sme_capabilities c where c.organization_id = v_org and c.process_code <> all (v_processes);
  get diagnostics v_count = row_count;
  v_changes := v_changes + v_count;
  update public.sme_capabilities c set material_codes = v_materials
  where c.organization_id = v_org and c.material_codes is distinct from v_materials;
  get diagnostics v_count = row_count;
  v_changes := v_changes + v_count;
  insert into public.sme_capabilities (organization_id, process_code, material_codes)
  select v_org, code, v_materials from unnest(v_processes) code
  on conflict (organization_id, process_code) do nothing;
  get diagnostics v_count = row_count;
  v_changes := v_changes + v_count;

  -- Certifications, identified by type and number.
  delete from public.sme_certifications c
  where c.organization_id = v_org
    and not exists (
      select 1 from jsonb_array_elements(v_certifications) d
      where d ->> 'type_code' = c.certification_type_code and (d ->> 'number') is not distinct from c.certificate_number);
  get diagnostics v_count = row_count;
  v_changes := v_changes + v_count;
  update public.sme_certifications c
  set expires_on = (d ->> 'expires_on')::date,
      verification_status = case when c.verification_status in ('verified', 'rejected') then 'unverified' else c.verification_status end,
      verified_by = null, verified_at = null, rejection_reason = null
  from jsonb_array_elements(v_certifications) d
  where c.organization_id = v_org
    and d ->> 'type_code' = c.certification_type_code and (d ->> 'number') is not distinct from c.certificate_number
    and c.expires_on is distinct from (d ->> 'expires_on')::date;
  get diagnostics v_count = row_count;
  v_changes := v_changes + v_count;
  insert into public.sme_certifications (organization_id, certification_type_code, certificate_number, expires_on)
  select v_org, d ->> 'type_code', d ->> 'number', (d ->> 'expires_on')::date
  from jsonb_array_elements(v_certifications) d
  where not exists (
    select 1 from public.sme_certifications c
    where c.organization_id = v_org and c.certification_type_code = d ->> 'type_code'
      and c.certificate_number is not distinct from (d ->> 'number'));
  get diagnostics v_count = row_count;
  v_changes := v_changes + v_count;

  -- Sites are replaced as a whole, and only when they differ; the first one is the primary site.
  -- Both sides are compared in one canonical order, since rows inserted together share created_at.
  if coalesce((
       select jsonb_agg(jsonb_build_array(s.is_primary, s.lat, s.lng, s.name_en, s.name_ko, s.address_en, s.address_ko, s.region)
                        order by s.is_primary desc, s.lat, s.lng, s.name_en, s.name_ko, s.address_en, s.address_ko)
       from public.sme_sites s where s.organization_id = v_org), '[]'::jsonb)
     is distinct from coalesce((
       select jsonb_agg(jsonb_build_array(d.position = 1, d.lat, d.lng, d.name_en, d.name_ko, d.address_en, d.address_ko, d.region)
                        order by d.position = 1 desc, d.lat, d.lng, d.name_en, d.name_ko, d.address_en, d.address_ko)
       from (
         select e.position, (e.site ->> 'lat')::double precision as lat, (e.site ->> 'lng')::double precision as lng,
                e.site ->> 'name_en' as name_en, e.site ->> 'name_ko' as name_ko,
                e.site ->> 'address_en' as address_en, e.site ->> 'address_ko' as address_ko, e.site ->> 'region' as region
         from jsonb_array_elements(v_sites) with ordinality as e(site, position)) d), '[]'::jsonb) then
    delete from public.sme_sites s where s.organization_id = v_org;
    insert into public.sme_sites (organization_id, name_en, name_ko, address_en, address_ko, region, lat, lng, is_primary)
    select v_org, e.site ->> 'name_en', e.site ->> 'name_ko', e.site ->> 'address_en', e.site ->> 'address_ko',
           (e.site ->> 'region')::public.korean_region, (e.site ->> 'lat')::double precision, (e.site ->> 'lng')::double precision,
           e.position = 1
    from jsonb_array_elements(v_sites) with ordinality as e(site, position);
    v_changes := v_changes + 1;
  end if;

  return jsonb_build_object(
    'outcome', case when v_created then 'created' when v_changes > 0 then 'updated' else 'unchanged' end,
    'organization_id', v_org,
    'issues', '[]'::jsonb);
end
$$;

create or replace function public.process_import_rows(p_run_id uuid, p_limit integer default 25) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  run public.import_runs%rowtype;
  item record;
  outcome jsonb;
  processed integer := 0;
  remaining integer;
  final_status public.import_run_status;
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

  for item in
    select r.id, r.row_number, r.payload from public.import_rows r
    where r.run_id = p_run_id and r.status = 'pending'
    order by r.row_number
    limit greatest(1, least(coalesce(p_limit, 25), 500))
    for update skip locked
  loop
    begin
      outcome := private.upsert_imported_supplier(run.organization_id, item.payload, run.created_by);
      update public.import_rows
      set status = (outcome ->> 'outcome')::public.import_row_status,
          supplier_organization_id = (outcome ->> 'organization_id')::uuid,
          issues = issues || (
            select coalesce(jsonb_agg(i || jsonb_build_object('row', item.row_number)), '[]'::jsonb)
            from jsonb_array_elements(outcome -> 'issues') i),
          has_warnings = has_warnings or jsonb_array_length(outcome -> 'issues') > 0,
          processed_at = now()
      where id = item.id;
    exception when others then
      -- Everything this row wrote is rolled back with the subtransaction; only its failure stays.
      update public.import_rows
      set status = 'failed', processed_at = now(),
          issues = issues || jsonb_build_array(jsonb_build_object(
            'row', item.row_number, 'field', '', 'severity', 'error', 'code', 'import.error.database',
            'params', jsonb_build_object('detail', left(sqlerrm, 300))))
      where id = item.id;
    end;
    processed := processed + 1;
  end loop;

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

-- "Import the valid rows" after a dry run: a commit run with the same rows, ready to process.
create or replace function public.commit_dry_run(p_run_id uuid) returns uuid
language plpgsql security invoker set search_path = '' as $$
declare
  new_run uuid;
begin
  insert into public.import_runs (organization_id, mode, status, file_name, file_format, file_sha256, source_run_id, file_issues)
  select r.organization_id, 'commit', 'preparing', r.file_name, r.file_format, r.file_sha256, r.id, r.file_issues
  from public.import_runs r
  where r.id = p_run_id and r.mode = 'dry_run' and r.status = 'completed'
  returning id into new_run;
  if new_run is null then
    raise exception using errcode = 'P0002', message = 'No completed dry run with this id';
  end if;
  insert into public.import_rows (run_id, row_number, external_id, status, payload, issues, has_warnings)
  select new_run, x.row_number, x.external_id,
         (case when x.status = 'valid' then 'pending' else 'invalid' end)::public.import_row_status,
         x.payload, x.issues, x.has_warnings
  from public.import_rows x where x.run_id = p_run_id;
  update public.import_runs set status = 'running' where id = new_run;
  return new_run;
end
$$;

-- Grants ---------------------------------------------------------------------------------------

revoke execute on function
  private.guard_sme_cluster_change(), private.guard_cluster_invitation_update(),
  private.open_invitation_for_caller(uuid), private.count_import_rows(), private.guard_import_run_update(),
  private.upsert_imported_supplier(uuid, jsonb, uuid)
from public;

revoke execute on function
  public.accept_cluster_invitation(uuid, uuid), public.decline_cluster_invitation(uuid), public.verifier_details(uuid[]),
  public.save_sme_details(uuid, jsonb), public.set_primary_site(uuid), public.set_capability_material(uuid, text, boolean),
  public.process_import_rows(uuid, integer), public.commit_dry_run(uuid)
from public, anon;
grant execute on function
  public.accept_cluster_invitation(uuid, uuid), public.decline_cluster_invitation(uuid),
  public.save_sme_details(uuid, jsonb), public.set_primary_site(uuid), public.set_capability_material(uuid, text, boolean),
  public.process_import_rows(uuid, integer), public.commit_dry_run(uuid)
to authenticated, service_role;
-- Verifier names are shown on public profiles.
grant execute on function public.verifier_details(uuid[]) to anon, authenticated, service_role;

grant select, insert, update, delete on public.cluster_invitations, public.import_runs, public.import_rows to authenticated;
grant all on public.cluster_invitations, public.import_runs, public.import_rows to service_role;
