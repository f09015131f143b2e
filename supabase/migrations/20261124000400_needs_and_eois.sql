-- Contractors' needs (work packages), invitations, expressions of interest and the message
-- threads around them.

create type public.need_kind as enum ('localization', 'mro', 'parts_supply', 'technology_transfer', 'division_hosting');
create type public.need_visibility as enum ('public', 'registered', 'invited');
create type public.need_status as enum ('draft', 'open', 'closed', 'awarded');
create type public.eoi_scope as enum ('full', 'partial');
create type public.eoi_status as enum ('draft', 'submitted', 'shortlisted', 'declined', 'withdrawn', 'awarded');
-- The fixed list a contractor picks from when declining; the SME sees it with the comment.
create type public.eoi_decline_reason as enum (
  'capability_gap', 'missing_certification', 'insufficient_capacity', 'price', 'schedule',
  'location', 'export_control', 'selected_other_supplier', 'need_cancelled', 'other'
);

create table public.needs (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  kind public.need_kind not null,
  title_en text check (char_length(btrim(title_en)) between 1 and 200),
  title_ko text check (char_length(btrim(title_ko)) between 1 and 200),
  description_en text check (char_length(description_en) <= 20000),
  description_ko text check (char_length(description_ko) <= 20000),
  program text check (char_length(program) <= 200),
  platform text check (char_length(platform) <= 200),
  required_process_codes text[] not null default '{}',
  preferred_process_codes text[] not null default '{}',
  required_material_codes text[] not null default '{}',
  preferred_material_codes text[] not null default '{}',
  required_certification_codes text[] not null default '{}',
  preferred_certification_codes text[] not null default '{}',
  location_name text check (char_length(location_name) <= 200),
  location_lat double precision check (location_lat between -90 and 90),
  location_lng double precision check (location_lng between -180 and 180),
  radius_km numeric(8, 1) check (radius_km > 0 and radius_km <= 2000),
  quantity integer check (quantity >= 0),
  quantity_unit text check (char_length(quantity_unit) <= 50),
  capacity_note text check (char_length(capacity_note) <= 2000),
  timeline_start date,
  timeline_end date,
  response_deadline date,
  estimated_value numeric(18, 2) check (estimated_value >= 0),
  currency char(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  offset_eligible boolean not null default false,
  visibility public.need_visibility not null default 'registered',
  export_controlled boolean not null default false,
  status public.need_status not null default 'draft',
  opened_at timestamptz,
  closed_at timestamptz,
  -- Object names in the need-attachments bucket, under <organization_id>/<need id>/.
  attachment_paths text[] not null default '{}',
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (title_en is not null or title_ko is not null),
  check (description_en is not null or description_ko is not null),
  check ((location_lat is null) = (location_lng is null)),
  check (radius_km is null or location_lat is not null),
  check (timeline_end is null or timeline_start is null or timeline_end >= timeline_start),
  check (cardinality(attachment_paths) <= 20)
);
create index needs_organization_id_idx on public.needs (organization_id, status);
create index needs_status_visibility_idx on public.needs (status, visibility) where not export_controlled;
create index needs_created_by_idx on public.needs (created_by);
create index needs_required_process_codes_idx on public.needs using gin (required_process_codes);
create trigger needs_set_updated_at before update on public.needs
  for each row execute function private.set_updated_at();

create table public.need_invitations (
  id uuid primary key default gen_random_uuid(),
  need_id uuid not null references public.needs (id) on delete cascade,
  sme_organization_id uuid not null references public.organizations (id) on delete cascade,
  invited_by uuid references auth.users (id) on delete set null,
  message text check (char_length(message) <= 5000),
  created_at timestamptz not null default now(),
  unique (need_id, sme_organization_id)
);
create index need_invitations_sme_organization_id_idx on public.need_invitations (sme_organization_id, need_id);
create index need_invitations_invited_by_idx on public.need_invitations (invited_by);

create table public.eois (
  id uuid primary key default gen_random_uuid(),
  need_id uuid not null references public.needs (id) on delete cascade,
  sme_organization_id uuid not null references public.organizations (id) on delete cascade,
  scope public.eoi_scope not null default 'full',
  scope_note text check (char_length(scope_note) <= 5000),
  message text check (char_length(message) <= 10000),
  -- Object names in the eoi-attachments bucket, under <sme organization_id>/<eoi id>/.
  attachment_paths text[] not null default '{}',
  status public.eoi_status not null default 'draft',
  submitted_at timestamptz,
  decision_reason public.eoi_decline_reason,
  decision_comment text check (char_length(decision_comment) <= 5000),
  decided_by uuid references auth.users (id) on delete set null,
  decided_at timestamptz,
  withdrawn_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (need_id, sme_organization_id),
  check (status <> 'declined' or decision_reason is not null),
  check (status = 'draft' or submitted_at is not null),
  check (cardinality(attachment_paths) <= 20)
);
create index eois_sme_organization_id_idx on public.eois (sme_organization_id, status);
create index eois_need_id_status_idx on public.eois (need_id, status);
create index eois_decided_by_idx on public.eois (decided_by);
create index eois_created_by_idx on public.eois (created_by);
create trigger eois_set_updated_at before update on public.eois
  for each row execute function private.set_updated_at();

create table public.eoi_shared_certifications (
  id uuid primary key default gen_random_uuid(),
  eoi_id uuid not null references public.eois (id) on delete cascade,
  certification_id uuid not null references public.sme_certifications (id) on delete cascade,
  created_at timestamptz not null default now(),
  unique (eoi_id, certification_id)
);
create index eoi_shared_certifications_certification_id_idx on public.eoi_shared_certifications (certification_id, eoi_id);

-- A thread between a contractor and its counterpart (an SME about an EOI, or later a cluster
-- authority about hosting), so participants are explicit columns rather than derived.
create table public.message_threads (
  id uuid primary key default gen_random_uuid(),
  eoi_id uuid unique references public.eois (id) on delete cascade,
  contractor_organization_id uuid not null references public.organizations (id) on delete cascade,
  counterparty_organization_id uuid not null references public.organizations (id) on delete cascade,
  subject text check (char_length(subject) <= 300),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_message_at timestamptz,
  check (contractor_organization_id <> counterparty_organization_id)
);
create index message_threads_contractor_idx on public.message_threads (contractor_organization_id);
create index message_threads_counterparty_idx on public.message_threads (counterparty_organization_id);
create index message_threads_created_by_idx on public.message_threads (created_by);

create table public.messages (
  id uuid primary key default gen_random_uuid(),
  thread_id uuid not null references public.message_threads (id) on delete cascade,
  sender_user_id uuid references auth.users (id) on delete set null,
  sender_organization_id uuid not null references public.organizations (id) on delete cascade,
  -- Snapshot of the sender's display name, so readers need no access to others' profiles.
  sender_name text not null default '' check (char_length(sender_name) <= 100),
  body text not null check (char_length(btrim(body)) between 1 and 10000),
  created_at timestamptz not null default now()
);
create index messages_thread_id_idx on public.messages (thread_id, created_at);
create index messages_sender_user_id_idx on public.messages (sender_user_id);
create index messages_sender_organization_id_idx on public.messages (sender_organization_id);

create or replace function private.check_need_codes() returns trigger
language plpgsql set search_path = '' as $$
begin
  perform private.assert_known_codes(new.required_process_codes, 'processes', 'required_process_codes');
  perform private.assert_known_codes(new.preferred_process_codes, 'processes', 'preferred_process_codes');
  perform private.assert_known_codes(new.required_material_codes, 'materials', 'required_material_codes');
  perform private.assert_known_codes(new.preferred_material_codes, 'materials', 'preferred_material_codes');
  perform private.assert_known_codes(new.required_certification_codes, 'certification_types', 'required_certification_codes');
  perform private.assert_known_codes(new.preferred_certification_codes, 'certification_types', 'preferred_certification_codes');
  return new;
end
$$;
create trigger needs_check_codes before insert or update of
  required_process_codes, preferred_process_codes, required_material_codes,
  preferred_material_codes, required_certification_codes, preferred_certification_codes
  on public.needs for each row execute function private.check_need_codes();
