-- The needs workflow on top of 20261124000400 (needs, invitations, EOIs, threads):
--   * shortlists of candidate SMEs, private to the contractor;
--   * state changes as SQL functions that check the caller, change every row involved in one
--     transaction, and leave an audit entry (publish/close/reopen, invite, save/submit/withdraw
--     an EOI, shortlist/decline/award, post a message);
--   * notifications for every change of state, written by triggers in the same transaction as
--     the change, so no path (pages, the public API, SQL) can change state without telling the
--     people concerned; the mail column set turns each notification into a queued e-mail that the
--     app's mailer (app/notifications/mailer.server.ts) delivers to the outbox, at least once;
--   * saved-search alerts when a need opens;
--   * the matching prefilter (match_candidates, match_clusters) with the indexes it relies on.
--
-- Errors raised for the caller carry a message key in HINT (needs.error.*, eois.error.*) that the
-- app translates; SQLSTATEs follow PostgREST's HTTP mapping (P0002 → 404, 42501 → 403,
-- 23505 → 409, 22023/23514/P0001 → 400).

create or replace function private.workflow_fail(message text, hint_key text, code text default 'P0001') returns void
language plpgsql set search_path = '' as $$
begin
  raise exception using errcode = code, message = message, hint = hint_key;
end
$$;

-- Mail queue ---------------------------------------------------------------------------------
-- Seed and older rows default to "no mail"; only the triggers below queue mail.
alter table public.notifications
  add column mail_pending boolean not null default false,
  -- When the mail is due: now for instant notices, the next digest time for daily/weekly alerts.
  add column mail_after timestamptz,
  add column mailed_at timestamptz,
  add column mail_attempts integer not null default 0 check (mail_attempts >= 0);
create index notifications_mail_due_idx on public.notifications (mail_after) where mail_pending;

-- Shortlists ---------------------------------------------------------------------------------

create table public.need_shortlist_entries (
  id uuid primary key default gen_random_uuid(),
  need_id uuid not null references public.needs (id) on delete cascade,
  sme_organization_id uuid not null references public.organizations (id) on delete cascade,
  note text check (char_length(note) <= 2000),
  added_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (need_id, sme_organization_id)
);
create index need_shortlist_entries_sme_idx on public.need_shortlist_entries (sme_organization_id);
create index need_shortlist_entries_added_by_idx on public.need_shortlist_entries (added_by);
create trigger need_shortlist_entries_stamp_added_by before insert on public.need_shortlist_entries
  for each row execute function private.stamp_actor('added_by');

alter table public.need_shortlist_entries enable row level security;

-- The SME never sees that it is on a contractor's private shortlist; EOI status 'shortlisted'
-- is the decision it does see.
create policy "The need's organization reads its shortlist" on public.need_shortlist_entries
  for select to authenticated
  using (need_id = any ((select private.member_need_ids())::uuid[]));
create policy "Contractor admins shortlist SMEs for their needs" on public.need_shortlist_entries
  for insert to authenticated
  with check (
    need_id = any ((select private.admin_need_ids())::uuid[])
    and (select private.org_kind(sme_organization_id)) = 'sme'
  );
create policy "Contractor admins edit shortlist notes" on public.need_shortlist_entries
  for update to authenticated
  using (need_id = any ((select private.admin_need_ids())::uuid[]))
  with check (need_id = any ((select private.admin_need_ids())::uuid[]));
create policy "Contractor admins remove SMEs from their shortlist" on public.need_shortlist_entries
  for delete to authenticated
  using (need_id = any ((select private.admin_need_ids())::uuid[]));

create or replace function private.guard_shortlist_update() returns trigger
language plpgsql set search_path = '' as $$
begin
  if private.is_api_caller() and private.changes_outside(to_jsonb(old), to_jsonb(new), array['note']) then
    perform private.refuse('Only the note of a shortlist entry can change');
  end if;
  return new;
end
$$;
create trigger need_shortlist_entries_guard_update before update on public.need_shortlist_entries
  for each row execute function private.guard_shortlist_update();

-- Matching indexes -----------------------------------------------------------------------------
-- The prefilter reads (code → organizations) and (organization → rows); covering indexes keep
-- both index-only at 100,000 suppliers.
create index sme_capabilities_process_org_idx on public.sme_capabilities (process_code, organization_id);
create index sme_capabilities_organization_id_idx on public.sme_capabilities (organization_id);
create index sme_certifications_type_org_idx on public.sme_certifications (certification_type_code, organization_id)
  include (verification_status, expires_on);
create index sme_sites_lat_lng_idx on public.sme_sites (lat, lng) include (organization_id);
create index needs_open_idx on public.needs (opened_at desc) where status = 'open';

-- Helpers --------------------------------------------------------------------------------------

-- Whether the statement is part of a request through the Data API (PostgREST sets the JWT claims
-- for anon, signed-in users and the service role alike). Loading the seed or a superuser's
-- maintenance session is not platform activity: it notifies nobody and queues no mail.
create or replace function private.in_api_request() returns boolean
language sql stable set search_path = '' as $$
  select coalesce(current_setting('request.jwt.claims', true), '') not in ('', '{}')
$$;

-- One notification per member of an organization, except the person who caused it.
create or replace function private.notify_members(
  org uuid, notice_kind text, notice_payload jsonb, notice_link text,
  send_mail boolean default true, mail_due timestamptz default null)
returns integer
language plpgsql security definer set search_path = '' as $$
declare
  created integer;
begin
  insert into public.notifications (user_id, organization_id, kind, payload, link_path, mail_pending, mail_after)
  select m.user_id, org, notice_kind, jsonb_strip_nulls(notice_payload), notice_link, send_mail,
         case when send_mail then coalesce(mail_due, now()) end
  from public.memberships m
  where m.organization_id = org and m.user_id is distinct from auth.uid();
  get diagnostics created = row_count;
  return created;
end
$$;

-- private.can_view_need() for a named user rather than the caller (saved-search alerts).
create or replace function private.user_can_view_need(viewer uuid, need uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.needs n
    where n.id = need and (
      exists (select 1 from public.memberships m where m.user_id = viewer and m.organization_id = n.organization_id)
      or (n.status <> 'draft' and (
            (not n.export_controlled and n.visibility in ('public', 'registered'))
         or exists (
              select 1 from public.need_invitations i
              join public.memberships m on m.organization_id = i.sme_organization_id
              where i.need_id = n.id and m.user_id = viewer)))))
$$;

-- Everything a saved search's words may find in a need: texts and every label and synonym of its
-- taxonomy terms in both languages.
create or replace function private.need_search_text(need uuid) returns text
language sql stable security definer set search_path = '' as $$
  select lower(concat_ws(' ',
    n.title_en, n.title_ko, n.description_en, n.description_ko, n.program, n.platform, n.location_name,
    (select string_agg(concat_ws(' ', p.label_en, p.label_ko, array_to_string(p.synonyms_en, ' '), array_to_string(p.synonyms_ko, ' ')), ' ')
     from public.processes p where p.code = any (n.required_process_codes || n.preferred_process_codes)),
    (select string_agg(concat_ws(' ', m.label_en, m.label_ko, array_to_string(m.synonyms_en, ' '), array_to_string(m.synonyms_ko, ' ')), ' ')
     from public.materials m where m.code = any (n.required_material_codes || n.preferred_material_codes)),
    (select string_agg(concat_ws(' ', t.label_en, t.label_ko, array_to_string(t.synonyms_en, ' '), array_to_string(t.synonyms_ko, ' ')), ' ')
     from public.certification_types t where t.code = any (n.required_certification_codes || n.preferred_certification_codes))))
  from public.needs n where n.id = need
$$;

-- Whether a need meets a saved search (target 'needs'): every word group of the query (taxonomy
-- synonyms expand a group, as in the supplier search) appears in the need's text, and every
-- filter given matches. Filters: kinds[], processes[], materials[], certifications[] (codes),
-- offset_eligible (true = only offset-eligible needs).
create or replace function private.need_matches_saved_search(need uuid, query text, filters jsonb) returns boolean
language plpgsql stable security definer set search_path = '' as $$
declare
  n public.needs%rowtype;
  wanted text[];
  haystack text;
begin
  select * into n from public.needs where id = need;
  if not found then
    return false;
  end if;
  filters := coalesce(filters, '{}'::jsonb);
  wanted := private.text_array(filters -> 'kinds');
  if cardinality(wanted) > 0 and not (n.kind::text = any (wanted)) then
    return false;
  end if;
  wanted := private.text_array(filters -> 'processes');
  if cardinality(wanted) > 0 and not ((n.required_process_codes || n.preferred_process_codes) && wanted) then
    return false;
  end if;
  wanted := private.text_array(filters -> 'materials');
  if cardinality(wanted) > 0 and not ((n.required_material_codes || n.preferred_material_codes) && wanted) then
    return false;
  end if;
  wanted := private.text_array(filters -> 'certifications');
  if cardinality(wanted) > 0 and not ((n.required_certification_codes || n.preferred_certification_codes) && wanted) then
    return false;
  end if;
  if filters -> 'offset_eligible' = 'true'::jsonb and not n.offset_eligible then
    return false;
  end if;
  if btrim(coalesce(query, '')) = '' then
    return true;
  end if;
  haystack := private.need_search_text(need);
  return not exists (
    select 1 from jsonb_array_elements(private.search_query_groups(query)) g
    where not exists (
      select 1 from jsonb_array_elements_text(g) alternative
      where position(alternative in haystack) > 0));
end
$$;

-- Digest times in Korea: daily alerts at 09:00 the next day, weekly ones on Monday 09:00.
create or replace function private.next_digest_at(frequency public.alert_frequency) returns timestamptz
language sql stable set search_path = '' as $$
  select case frequency
    when 'daily' then (date_trunc('day', now() at time zone 'Asia/Seoul') + interval '1 day 9 hours') at time zone 'Asia/Seoul'
    when 'weekly' then (date_trunc('week', now() at time zone 'Asia/Seoul') + interval '7 days 9 hours') at time zone 'Asia/Seoul'
    else now()
  end
$$;

create or replace function private.need_payload(n public.needs) returns jsonb
language sql stable set search_path = '' as $$
  select jsonb_build_object('need_id', n.id, 'need_title_en', n.title_en, 'need_title_ko', n.title_ko, 'need_kind', n.kind)
$$;

-- Alerts for one need that just opened: one notification per matching saved search whose owner
-- may see the need and does not belong to the posting organization.
create or replace function private.alert_saved_searches(need uuid) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  n public.needs%rowtype;
  search record;
  sent integer := 0;
begin
  select * into n from public.needs where id = need;
  for search in
    select s.* from public.saved_searches s
    where s.target = 'needs' and s.alert_frequency <> 'off'
      and not exists (select 1 from public.memberships m where m.user_id = s.user_id and m.organization_id = n.organization_id)
      and private.user_can_view_need(s.user_id, n.id)
      and private.need_matches_saved_search(n.id, s.query, s.filters)
    order by s.id
  loop
    insert into public.notifications (user_id, organization_id, kind, payload, link_path, mail_pending, mail_after)
    values (
      search.user_id, null, 'saved_search.match',
      jsonb_strip_nulls(private.need_payload(n) || jsonb_build_object(
        'saved_search_id', search.id, 'saved_search_name', search.name, 'alert_frequency', search.alert_frequency)),
      '/needs/' || n.id, true, private.next_digest_at(search.alert_frequency));
    update public.saved_searches set last_alerted_at = now() where id = search.id;
    sent := sent + 1;
  end loop;
  return sent;
end
$$;

-- Notifications and audit on state changes ----------------------------------------------------

create or replace function private.on_need_status_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  payload jsonb := private.need_payload(new);
  sme uuid;
begin
  if not private.in_api_request() then
    return null;
  end if;
  if tg_op = 'UPDATE' and old.status = new.status then
    return null;
  end if;

  insert into public.audit_log (actor_user_id, actor_organization_id, organization_id, action, entity_type, entity_id, details)
  values (auth.uid(), new.organization_id, new.organization_id,
          case when tg_op = 'INSERT' then 'need.created' else 'need.' || new.status::text end, 'needs', new.id::text,
          jsonb_strip_nulls(jsonb_build_object('from', case when tg_op = 'UPDATE' then old.status end, 'to', new.status)));

  if new.status = 'open' and (tg_op = 'INSERT' or old.status = 'draft') then
    -- Invitations sent while the need was a draft are announced now.
    for sme in select i.sme_organization_id from public.need_invitations i where i.need_id = new.id order by i.created_at loop
      perform private.notify_members(sme, 'need.invited', payload, '/needs/' || new.id);
    end loop;
    perform private.alert_saved_searches(new.id);
  elsif tg_op = 'UPDATE' then
    -- SMEs still waiting for an answer hear that the need closed, reopened or was awarded.
    for sme in
      select e.sme_organization_id from public.eois e
      where e.need_id = new.id and e.status in ('submitted', 'shortlisted')
      order by e.submitted_at
    loop
      perform private.notify_members(sme, 'need.' || case when new.status = 'open' then 'reopened' else new.status::text end,
        payload, '/needs/' || new.id);
    end loop;
  end if;
  return null;
end
$$;
create trigger needs_status_notify after insert or update of status on public.needs
  for each row execute function private.on_need_status_change();

create or replace function private.on_need_invitation() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  n public.needs%rowtype;
begin
  if not private.in_api_request() then
    return null;
  end if;
  select * into n from public.needs where id = new.need_id;
  insert into public.audit_log (actor_user_id, actor_organization_id, organization_id, action, entity_type, entity_id, details)
  select auth.uid(), n.organization_id, org, 'need.invitation', 'need_invitations', new.id::text,
         jsonb_build_object('need_id', n.id, 'sme_organization_id', new.sme_organization_id)
  from unnest(array[n.organization_id, new.sme_organization_id]) org;
  if n.status <> 'draft' then
    perform private.notify_members(new.sme_organization_id, 'need.invited',
      private.need_payload(n) || jsonb_build_object('message', left(new.message, 500)), '/needs/' || n.id);
  end if;
  return null;
end
$$;
create trigger need_invitations_notify after insert on public.need_invitations
  for each row execute function private.on_need_invitation();

create or replace function private.on_eoi_status_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  n public.needs%rowtype;
  sme public.organizations%rowtype;
  payload jsonb;
begin
  if not private.in_api_request() then
    return null;
  end if;
  if tg_op = 'UPDATE' and old.status = new.status then
    return null;
  end if;
  if new.status = 'draft' then
    return null;
  end if;
  select * into n from public.needs where id = new.need_id;
  select * into sme from public.organizations where id = new.sme_organization_id;
  payload := private.need_payload(n) || jsonb_build_object(
    'eoi_id', new.id, 'sme_organization_id', sme.id, 'sme_name_en', sme.name_en, 'sme_name_ko', sme.name_ko,
    'scope', new.scope, 'decision_reason', new.decision_reason, 'decision_comment', left(new.decision_comment, 1000));

  if new.status = 'submitted' then
    -- The existing audit trigger covers decisions and withdrawals; submissions are logged here.
    insert into public.audit_log (actor_user_id, actor_organization_id, organization_id, action, entity_type, entity_id, details)
    select auth.uid(), new.sme_organization_id, org, 'eoi.submitted', 'eois', new.id::text, jsonb_build_object('need_id', n.id)
    from unnest(array[n.organization_id, new.sme_organization_id]) org;
    perform private.notify_members(n.organization_id, 'eoi.submitted', payload, '/eois/' || new.id);
  elsif new.status = 'withdrawn' then
    perform private.notify_members(n.organization_id, 'eoi.withdrawn', payload, '/eois/' || new.id);
  else
    perform private.notify_members(new.sme_organization_id, 'eoi.' || new.status::text, payload, '/eois/' || new.id);
  end if;
  return null;
end
$$;
create trigger eois_status_notify after insert or update of status on public.eois
  for each row execute function private.on_eoi_status_change();

create or replace function private.on_eoi_message() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  thread public.message_threads%rowtype;
  n public.needs%rowtype;
  sender public.organizations%rowtype;
  recipient uuid;
begin
  if not private.in_api_request() then
    return null;
  end if;
  select * into thread from public.message_threads where id = new.thread_id;
  -- Hosting-inquiry threads (no EOI) notify through their own feature.
  if thread.eoi_id is null then
    return null;
  end if;
  select nd.* into n from public.needs nd join public.eois e on e.need_id = nd.id where e.id = thread.eoi_id;
  select * into sender from public.organizations where id = new.sender_organization_id;
  recipient := case when new.sender_organization_id = thread.contractor_organization_id
                    then thread.counterparty_organization_id else thread.contractor_organization_id end;
  perform private.notify_members(recipient, 'message.received',
    private.need_payload(n) || jsonb_build_object(
      'eoi_id', thread.eoi_id, 'thread_id', thread.id, 'sender_name_en', sender.name_en, 'sender_name_ko', sender.name_ko,
      'preview', left(new.body, 200)),
    '/eois/' || thread.eoi_id);
  return null;
end
$$;
create trigger messages_notify after insert on public.messages
  for each row execute function private.on_eoi_message();

-- State changes --------------------------------------------------------------------------------
-- Security invoker: row-level security and the column guards still apply to the caller; the
-- explicit checks come first so the caller gets a precise, translatable reason. The service role
-- (server jobs, the public API acting for an organization it has authenticated) skips the
-- membership checks, as it does everywhere else.

create or replace function private.require_need_admin(org uuid) returns void
language plpgsql stable set search_path = '' as $$
begin
  if private.is_api_caller() and not private.has_org_role(org, array['owner', 'admin']) then
    perform private.workflow_fail('Only admins of the contractor that posted the need can do this', 'needs.error.forbidden', '42501');
  end if;
end
$$;

-- Publish (draft → open), close (open → closed), reopen (closed → open) and unpublish
-- (open → draft, only before any EOI arrived). Awarding goes through decide_eoi.
create or replace function public.set_need_status(p_need_id uuid, p_status public.need_status)
returns public.need_status
language plpgsql security invoker set search_path = '' as $$
declare
  n public.needs%rowtype;
begin
  select * into n from public.needs where id = p_need_id for update;
  if not found then
    perform private.workflow_fail('Need not found', 'needs.error.not_found', 'P0002');
  end if;
  perform private.require_need_admin(n.organization_id);
  if n.status = p_status then
    return n.status;
  end if;
  if p_status = 'awarded' then
    perform private.workflow_fail('A need is awarded by awarding an expression of interest', 'needs.error.award_through_eoi', '22023');
  end if;
  if not ((n.status = 'draft' and p_status = 'open')
       or (n.status = 'open' and p_status in ('closed', 'draft'))
       or (n.status = 'closed' and p_status = 'open')) then
    perform private.workflow_fail(format('A need cannot go from %s to %s', n.status, p_status), 'needs.error.transition', '22023');
  end if;
  if p_status = 'open' and n.response_deadline is not null
     and n.response_deadline < (now() at time zone 'Asia/Seoul')::date then
    perform private.workflow_fail('The response deadline has passed; move it before opening the need', 'needs.error.deadline_past', '22023');
  end if;
  if p_status = 'draft' and exists (select 1 from public.eois e where e.need_id = n.id and e.status <> 'draft') then
    perform private.workflow_fail('A need that has received expressions of interest cannot go back to draft', 'needs.error.has_eois', '22023');
  end if;
  update public.needs set status = p_status where id = n.id;
  return p_status;
end
$$;

create or replace function public.invite_smes(p_need_id uuid, p_sme_organization_ids uuid[], p_message text default null)
returns integer
language plpgsql security invoker set search_path = '' as $$
declare
  n public.needs%rowtype;
  created integer;
begin
  select * into n from public.needs where id = p_need_id;
  if not found then
    perform private.workflow_fail('Need not found', 'needs.error.not_found', 'P0002');
  end if;
  perform private.require_need_admin(n.organization_id);
  if n.status in ('closed', 'awarded') then
    perform private.workflow_fail('Invitations can be sent only for draft or open needs', 'needs.error.not_inviting', '22023');
  end if;
  if coalesce(cardinality(p_sme_organization_ids), 0) = 0 or cardinality(p_sme_organization_ids) > 200 then
    perform private.workflow_fail('Choose between 1 and 200 SMEs to invite', 'needs.error.invite_count', '22023');
  end if;
  if char_length(coalesce(p_message, '')) > 5000 then
    perform private.workflow_fail('The invitation message is too long', 'needs.error.invite_message_too_long', '22023');
  end if;
  if exists (
    select 1 from unnest(p_sme_organization_ids) wanted
    where private.org_kind(wanted) is distinct from 'sme') then
    perform private.workflow_fail('Only SMEs can be invited', 'needs.error.not_an_sme', '22023');
  end if;
  insert into public.need_invitations (need_id, sme_organization_id, message)
  select n.id, wanted, nullif(btrim(coalesce(p_message, '')), '')
  from (select distinct unnest(p_sme_organization_ids) as wanted) w
  order by wanted
  on conflict (need_id, sme_organization_id) do nothing;
  get diagnostics created = row_count;
  return created;
end
$$;

-- Creates or edits the caller's draft EOI for a need, shares exactly the chosen certifications,
-- and optionally submits it, in one transaction. Attachments are object names already uploaded
-- to eoi-attachments under <sme>/<eoi id>/ (upload after a first, draft save).
create or replace function public.save_eoi(
  p_need_id uuid,
  p_sme_organization_id uuid,
  p_scope public.eoi_scope,
  p_scope_note text,
  p_message text,
  p_certification_ids uuid[] default '{}',
  p_attachment_paths text[] default null,
  p_submit boolean default false)
returns uuid
language plpgsql security invoker set search_path = '' as $$
declare
  n public.needs%rowtype;
  existing public.eois%rowtype;
  v_eoi_id uuid;
  v_certifications uuid[] := coalesce(p_certification_ids, '{}');
begin
  if private.is_api_caller() and not private.has_org_role(p_sme_organization_id, array['owner', 'admin']) then
    perform private.workflow_fail('Only admins of the SME can express interest for it', 'eois.error.forbidden', '42501');
  end if;
  if private.org_kind(p_sme_organization_id) is distinct from 'sme' then
    perform private.workflow_fail('Only SMEs express interest in needs', 'eois.error.not_an_sme', '42501');
  end if;
  select * into n from public.needs where id = p_need_id;
  if not found or (private.is_api_caller() and not private.can_view_need(p_need_id)) then
    perform private.workflow_fail('Need not found', 'needs.error.not_found', 'P0002');
  end if;
  if n.status <> 'open' then
    perform private.workflow_fail('This need is not open for expressions of interest', 'eois.error.need_not_open', '22023');
  end if;
  if p_submit and n.response_deadline is not null and n.response_deadline < (now() at time zone 'Asia/Seoul')::date then
    perform private.workflow_fail('The response deadline has passed', 'eois.error.deadline_passed', '22023');
  end if;
  if p_scope = 'partial' and btrim(coalesce(p_scope_note, '')) = '' then
    perform private.workflow_fail('Describe which part of the scope you cover', 'eois.error.scope_note_required', '23514');
  end if;
  if p_submit and btrim(coalesce(p_message, '')) = '' then
    perform private.workflow_fail('Write a message to the contractor', 'eois.error.message_required', '23514');
  end if;
  if cardinality(v_certifications) > 50 or exists (
    select 1 from unnest(v_certifications) c
    where not exists (
      select 1 from public.sme_certifications sc where sc.id = c and sc.organization_id = p_sme_organization_id)) then
    perform private.workflow_fail('Only your own certifications can be shared', 'eois.error.certification_not_yours', '23514');
  end if;

  select * into existing from public.eois e
  where e.need_id = p_need_id and e.sme_organization_id = p_sme_organization_id
  for update;
  if found then
    if existing.status <> 'draft' then
      perform private.workflow_fail('You have already submitted an expression of interest for this need', 'eois.error.already_submitted', '23505');
    end if;
    v_eoi_id := existing.id;
  else
    v_eoi_id := gen_random_uuid();
  end if;

  if p_attachment_paths is not null then
    if cardinality(p_attachment_paths) > 20 then
      perform private.workflow_fail('At most 20 attachments', 'eois.error.too_many_attachments', '23514');
    end if;
    if exists (
      select 1 from unnest(p_attachment_paths) path
      where split_part(path, '/', 1) <> p_sme_organization_id::text or split_part(path, '/', 2) <> v_eoi_id::text
         or not exists (select 1 from storage.objects o where o.bucket_id = 'eoi-attachments' and o.name = path)) then
      perform private.workflow_fail('An attachment is missing or belongs elsewhere', 'eois.error.attachment_invalid', '23514');
    end if;
  end if;

  if existing.id is null then
    insert into public.eois (id, need_id, sme_organization_id, scope, scope_note, message, attachment_paths, status, submitted_at)
    values (v_eoi_id, p_need_id, p_sme_organization_id, p_scope, nullif(btrim(coalesce(p_scope_note, '')), ''),
            nullif(btrim(coalesce(p_message, '')), ''), coalesce(p_attachment_paths, '{}'), 'draft', null);
  else
    update public.eois
    set scope = p_scope,
        scope_note = nullif(btrim(coalesce(p_scope_note, '')), ''),
        message = nullif(btrim(coalesce(p_message, '')), ''),
        attachment_paths = coalesce(p_attachment_paths, attachment_paths)
    where id = v_eoi_id;
  end if;

  delete from public.eoi_shared_certifications s where s.eoi_id = v_eoi_id and not (s.certification_id = any (v_certifications));
  insert into public.eoi_shared_certifications (eoi_id, certification_id)
  select v_eoi_id, c from (select distinct unnest(v_certifications) as c) chosen order by c
  on conflict (eoi_id, certification_id) do nothing;

  -- Submitting last: the contractor's notification fires with the certificates already shared.
  if p_submit then
    update public.eois set status = 'submitted', submitted_at = now() where id = v_eoi_id;
  end if;
  return v_eoi_id;
end
$$;

create or replace function public.withdraw_eoi(p_eoi_id uuid) returns public.eoi_status
language plpgsql security invoker set search_path = '' as $$
declare
  e public.eois%rowtype;
begin
  select * into e from public.eois where id = p_eoi_id for update;
  if not found then
    perform private.workflow_fail('Expression of interest not found', 'eois.error.not_found', 'P0002');
  end if;
  if private.is_api_caller() and not private.has_org_role(e.sme_organization_id, array['owner', 'admin']) then
    perform private.workflow_fail('Only admins of the SME can withdraw its expression of interest', 'eois.error.forbidden', '42501');
  end if;
  if e.status not in ('submitted', 'shortlisted') then
    perform private.workflow_fail('Only a submitted expression of interest awaiting a decision can be withdrawn', 'eois.error.not_withdrawable', '22023');
  end if;
  update public.eois set status = 'withdrawn', withdrawn_at = now() where id = e.id;
  return 'withdrawn';
end
$$;

-- The contractor's decision. Declining needs a reason from the fixed list; the comment is
-- optional; the SME sees both. Awarding marks the need awarded and, when asked, declines every
-- other EOI still waiting with the reason "selected another supplier" so nobody is left without
-- an answer.
create or replace function public.decide_eoi(
  p_eoi_id uuid,
  p_decision public.eoi_status,
  p_reason public.eoi_decline_reason default null,
  p_comment text default null,
  p_decline_others boolean default false)
returns public.eoi_status
language plpgsql security invoker set search_path = '' as $$
declare
  e public.eois%rowtype;
  n public.needs%rowtype;
  v_comment text := nullif(btrim(coalesce(p_comment, '')), '');
begin
  select * into e from public.eois where id = p_eoi_id for update;
  if not found then
    perform private.workflow_fail('Expression of interest not found', 'eois.error.not_found', 'P0002');
  end if;
  select * into n from public.needs where id = e.need_id for update;
  perform private.require_need_admin(n.organization_id);
  if p_decision is null or p_decision not in ('shortlisted', 'declined', 'awarded') then
    perform private.workflow_fail('The decision must be shortlist, decline or award', 'eois.error.invalid_decision', '22023');
  end if;
  if e.status not in ('submitted', 'shortlisted') then
    perform private.workflow_fail('This expression of interest has already been decided or withdrawn', 'eois.error.already_decided', '23505');
  end if;
  if p_decision = 'declined' and p_reason is null then
    perform private.workflow_fail('Choose a reason for declining', 'eois.error.reason_required', '23514');
  end if;
  if char_length(coalesce(v_comment, '')) > 5000 then
    perform private.workflow_fail('The comment is too long', 'eois.error.comment_too_long', '23514');
  end if;
  if e.status = p_decision then
    return e.status;
  end if;

  update public.eois
  set status = p_decision,
      decision_reason = case when p_decision = 'declined' then p_reason end,
      decision_comment = v_comment,
      decided_at = now(),
      decided_by = coalesce(auth.uid(), decided_by)
  where id = e.id;

  if p_decision = 'awarded' then
    if p_decline_others then
      update public.eois
      set status = 'declined', decision_reason = 'selected_other_supplier', decision_comment = null,
          decided_at = now(), decided_by = coalesce(auth.uid(), decided_by)
      where need_id = n.id and id <> e.id and status in ('submitted', 'shortlisted');
    end if;
    if n.status <> 'awarded' then
      update public.needs set status = 'awarded' where id = n.id;
    end if;
  end if;
  return p_decision;
end
$$;

-- One thread per EOI, opened by whichever side writes first.
create or replace function public.post_eoi_message(p_eoi_id uuid, p_body text) returns uuid
language plpgsql security invoker set search_path = '' as $$
declare
  e public.eois%rowtype;
  owner uuid;
  sender uuid;
  v_thread_id uuid;
  v_message_id uuid;
  v_body text := btrim(coalesce(p_body, ''));
begin
  select * into e from public.eois where id = p_eoi_id;
  if not found then
    perform private.workflow_fail('Expression of interest not found', 'eois.error.not_found', 'P0002');
  end if;
  if e.status = 'draft' then
    perform private.workflow_fail('Messages start once the expression of interest is submitted', 'eois.error.thread_needs_submission', '22023');
  end if;
  owner := private.need_owner(e.need_id);
  if private.is_member_of(owner) then
    sender := owner;
  elsif private.is_member_of(e.sme_organization_id) then
    sender := e.sme_organization_id;
  else
    perform private.workflow_fail('Only the two parties of an expression of interest can write in its thread', 'eois.error.forbidden', '42501');
  end if;
  if char_length(v_body) < 1 or char_length(v_body) > 10000 then
    perform private.workflow_fail('Write a message of up to 10,000 characters', 'eois.error.message_length', '23514');
  end if;

  select t.id into v_thread_id from public.message_threads t where t.eoi_id = e.id;
  if v_thread_id is null then
    -- The subject is the need's title where the caller can still see the need.
    insert into public.message_threads (eoi_id, contractor_organization_id, counterparty_organization_id, subject)
    values (e.id, owner, e.sme_organization_id,
            (select left(coalesce(n.title_en, n.title_ko), 300) from public.needs n where n.id = e.need_id))
    on conflict (eoi_id) do nothing
    returning id into v_thread_id;
    if v_thread_id is null then
      select t.id into v_thread_id from public.message_threads t where t.eoi_id = e.id;
    end if;
  end if;
  insert into public.messages (thread_id, sender_organization_id, body)
  values (v_thread_id, sender, v_body)
  returning id into v_message_id;
  return v_message_id;
end
$$;

-- Matching -------------------------------------------------------------------------------------

/*
 * Candidate pool for a need: published SMEs that offer any wanted process (or, without processes,
 * hold any wanted certification; without either, have a site within the radius; without any of
 * these, the most complete profiles), pre-ranked by the same priorities as the scorer — holding
 * every required certification first, then required and preferred processes, certifications,
 * the radius and completeness — and cut to p_pool rows. app/matching/score.ts ranks the pool.
 *
 * Security definer for speed at 100,000 suppliers (no per-row policy checks); it returns only
 * published profiles and the parts of them that every visitor may already read.
 */
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
  with params as (
    select coalesce(p_process_codes, '{}') as processes,
           coalesce(p_required_process_codes, '{}') as required_processes,
           coalesce(p_certification_codes, '{}') as certs,
           coalesce(p_required_certification_codes, '{}') as required_certs,
           (now() at time zone 'Asia/Seoul')::date as today,
           least(greatest(coalesce(p_pool, 300), 1), 2000) as pool,
           case when p_lat is not null and p_radius_km is not null then p_radius_km / 111.0 end as dlat,
           case when p_lat is not null and p_radius_km is not null
                then p_radius_km / (111.0 * greatest(cos(radians(p_lat)), 0.01)) end as dlng
  ),
  by_process as (
    select c.organization_id,
           count(*) filter (where c.process_code = any (params.required_processes)) as required_hits,
           count(*) as hits
    from public.sme_capabilities c, params
    where c.process_code = any (params.processes)
    group by c.organization_id
  ),
  -- Who is considered at all: by process when the need names processes (the usual case), else
  -- by certification, else by location, else the most complete profiles.
  seed as (
    select organization_id from by_process
    union
    select sc.organization_id from public.sme_certifications sc, params
    where cardinality(params.processes) = 0 and sc.certification_type_code = any (params.certs)
    union
    select s.organization_id from public.sme_sites s, params
    where cardinality(params.processes) = 0 and cardinality(params.certs) = 0 and params.dlat is not null
      and s.lat between p_lat - params.dlat and p_lat + params.dlat
      and s.lng between p_lng - params.dlng and p_lng + params.dlng
    union
    (select e.organization_id from public.supplier_search_entries e, params
     where cardinality(params.processes) = 0 and cardinality(params.certs) = 0 and params.dlat is null
     order by e.completeness desc, e.organization_id
     limit (select pool from params))
  ),
  held as (
    select distinct sc.organization_id, sc.certification_type_code
    from seed
    join public.sme_certifications sc on sc.organization_id = seed.organization_id
    cross join params
    where sc.certification_type_code = any (params.certs)
      and sc.verification_status <> 'rejected'
      and (sc.expires_on is null or sc.expires_on >= params.today)
  ),
  by_cert as (
    select h.organization_id,
           count(*) filter (where h.certification_type_code = any (params.required_certs)) as required_held,
           count(*) as held
    from held h, params
    group by h.organization_id
  ),
  -- The haversine formula written out: private.distance_m is not inlined (it pins search_path),
  -- and a function call per site costs more than the whole rest of the query.
  near as (
    select distinct s.organization_id
    from seed
    join public.sme_sites s on s.organization_id = seed.organization_id
    cross join params
    where params.dlat is not null
      and s.lat between p_lat - params.dlat and p_lat + params.dlat
      and s.lng between p_lng - params.dlng and p_lng + params.dlng
      and 2 * 6371.0088 * asin(sqrt(
            power(sin(radians(s.lat - p_lat) / 2), 2)
            + cos(radians(p_lat)) * cos(radians(s.lat)) * power(sin(radians(s.lng - p_lng) / 2), 2))) <= p_radius_km
  ),
  ranked as (
    select p.organization_id,
           (case when coalesce(bc.required_held, 0) >= cardinality(params.required_certs) then 1000 else 0 end)
           + coalesce(bp.required_hits, 0) * 50 + coalesce(bp.hits, 0) * 10
           + coalesce(bc.required_held, 0) * 20 + coalesce(bc.held, 0) * 5
           + case when n.organization_id is not null then 15 else 0 end
           + coalesce(e.completeness, 0) / 10.0 as prescore
    from seed
    join public.sme_profiles p on p.organization_id = seed.organization_id and p.published
    cross join params
    left join by_process bp on bp.organization_id = p.organization_id
    left join by_cert bc on bc.organization_id = p.organization_id
    left join near n on n.organization_id = p.organization_id
    left join public.supplier_search_entries e on e.organization_id = p.organization_id
    where not (p.organization_id = any (coalesce(p_exclude, '{}')))
    order by prescore desc, p.organization_id
    limit (select pool from params)
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

-- Clusters as hosts for localization and division hosting: focus, verified member SMEs per wanted
-- process, members and available land. Public data only (clusters, land and published profiles).
create or replace function public.match_clusters(p_process_codes text[] default '{}')
returns table (
  cluster_id uuid,
  slug text,
  name_en text,
  name_ko text,
  center_lat double precision,
  center_lng double precision,
  focus_process_codes text[],
  member_count integer,
  verified_members_by_process jsonb,
  available_land_m2 double precision)
language sql stable security definer set search_path = '' as $$
  select c.id, c.slug, c.name_en, c.name_ko, c.center_lat, c.center_lng, c.focus_process_codes,
         (select count(*)::integer from public.sme_profiles p where p.cluster_id = c.id and p.published),
         coalesce((
           select jsonb_object_agg(x.process_code, x.members)
           from (
             select cap.process_code, count(distinct p.organization_id) as members
             from public.sme_profiles p
             join public.sme_capabilities cap on cap.organization_id = p.organization_id
             where p.cluster_id = c.id and p.published and p.verification_status = 'verified'
               and cap.process_code = any (coalesce(p_process_codes, '{}'))
             group by cap.process_code) x), '{}'::jsonb),
         coalesce((select sum(l.area_m2)::double precision from public.land_parcels l
                   where l.cluster_id = c.id and l.status = 'available'), 0)
  from public.clusters c
  order by c.slug
$$;

-- Grants ---------------------------------------------------------------------------------------

revoke execute on function
  private.in_api_request(),
  private.workflow_fail(text, text, text),
  private.notify_members(uuid, text, jsonb, text, boolean, timestamptz),
  private.user_can_view_need(uuid, uuid),
  private.need_search_text(uuid),
  private.need_matches_saved_search(uuid, text, jsonb),
  private.next_digest_at(public.alert_frequency),
  private.need_payload(public.needs),
  private.alert_saved_searches(uuid),
  private.on_need_status_change(),
  private.on_need_invitation(),
  private.on_eoi_status_change(),
  private.on_eoi_message(),
  private.require_need_admin(uuid),
  private.guard_shortlist_update()
from public;
-- Called inside the invoker functions below, so the calling roles need them.
grant execute on function private.workflow_fail(text, text, text), private.require_need_admin(uuid)
  to authenticated, service_role;

revoke execute on function
  public.set_need_status(uuid, public.need_status),
  public.invite_smes(uuid, uuid[], text),
  public.save_eoi(uuid, uuid, public.eoi_scope, text, text, uuid[], text[], boolean),
  public.withdraw_eoi(uuid),
  public.decide_eoi(uuid, public.eoi_status, public.eoi_decline_reason, text, boolean),
  public.post_eoi_message(uuid, text)
from public, anon;
grant execute on function
  public.set_need_status(uuid, public.need_status),
  public.invite_smes(uuid, uuid[], text),
  public.save_eoi(uuid, uuid, public.eoi_scope, text, text, uuid[], text[], boolean),
  public.withdraw_eoi(uuid),
  public.decide_eoi(uuid, public.eoi_status, public.eoi_decline_reason, text, boolean),
  public.post_eoi_message(uuid, text)
to authenticated, service_role;

grant execute on function
  public.match_candidates(text[], text[], text[], text[], text[], double precision, double precision, double precision, uuid[], integer),
  public.match_clusters(text[])
to anon, authenticated, service_role;

grant select, insert, update, delete on public.need_shortlist_entries to authenticated;
grant select, insert, update, delete on public.need_shortlist_entries to service_role;
