-- Offset obligations, credits, the append-only credit ledger and offset banking.
--
-- Money is numeric with an explicit currency everywhere; multipliers are numeric. The ledger
-- (offset_ledger_entries) is the single record of credit: balances are sums of its rows, rows are
-- never changed or deleted (a trigger refuses it for every role, the owner included), and
-- corrections are reversing entries. API roles cannot write the ledger at all: only the security
-- definer functions below insert into it, after locking what they change and checking balances.
--
-- Accounts. Each ledger row moves credit in one account:
--   agreement  credit counted towards one agreement's obligation (never above it, never below 0)
--   bank       banked credit of one contractor, held in lots. A lot is opened by a positive bank
--              row without bank_lot_id (a deposit, or the receiving side of a transfer) and has a
--              valid_until date; later rows name the lot in bank_lot_id. A lot's remaining credit
--              (the sum of its rows) never goes below zero; after valid_until it cannot be used and
--              an expiry row writes the rest off.
-- A bank account is (contractor, reviewer organization, currency): banking is administered by the
-- government reviewer, and credit is applied only to agreements under that reviewer in that currency.
--
-- Idempotency. Every function that posts to the ledger takes a client-generated request key; the
-- first call claims it (a row in private.offset_requests, inserted in the same transaction), a
-- repeat with the same key and arguments returns the first call's result without posting again,
-- and a repeat with different arguments is refused.
--
-- Errors raised here carry a stable message key in HINT (offsets.error.*) that the app translates.

-- Types ------------------------------------------------------------------------------------

create type public.offset_agreement_status as enum ('draft', 'submitted', 'active', 'closed');
create type public.offset_transaction_status as enum ('proposed', 'submitted', 'approved', 'rejected', 'credited', 'reversed');
create type public.offset_ledger_account as enum ('agreement', 'bank');
create type public.offset_ledger_entry_kind as enum ('credit', 'reversal', 'bank_deposit', 'bank_application', 'bank_transfer', 'expiry');
create type public.offset_bank_request_kind as enum ('application', 'transfer');
create type public.offset_bank_request_status as enum ('submitted', 'approved', 'rejected', 'withdrawn');

-- Helpers ----------------------------------------------------------------------------------

-- Offset dates (deadlines, banking validity) are Korean calendar dates: the reviewer is in Seoul.
create or replace function private.offset_today() returns date
language sql stable set search_path = '' as $$
  select (now() at time zone 'Asia/Seoul')::date
$$;

create or replace function private.offset_fail(message text, hint_key text, code text default 'P0001') returns void
language plpgsql set search_path = '' as $$
begin
  raise exception using errcode = code, message = message, hint = hint_key;
end
$$;

-- Reference multipliers copied into every new agreement. Configurable defaults, not law: see
-- docs/decisions/004-offset-multipliers.md for where the numbers come from.
create table public.offset_default_categories (
  code text primary key check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name_en text not null check (char_length(btrim(name_en)) between 1 and 100),
  name_ko text not null check (char_length(btrim(name_ko)) between 1 and 100),
  description_en text not null default '' check (char_length(description_en) <= 1000),
  description_ko text not null default '' check (char_length(description_ko) <= 1000),
  multiplier numeric(6, 3) not null check (multiplier > 0 and multiplier <= 20),
  sme_multiplier numeric(6, 3) not null check (sme_multiplier > 0 and sme_multiplier <= 20),
  sort_order smallint not null default 100
);

insert into public.offset_default_categories (code, name_en, name_ko, description_en, description_ko, multiplier, sme_multiplier, sort_order) values
  ('parts_supply', 'Parts manufacture and export', '부품 제작·수출',
   'Korean-made parts bought into the contractor''s global supply chain.',
   '국내 업체가 제작한 부품을 계약업체의 글로벌 공급망으로 구매·수출', 1.000, 2.000, 10),
  ('localization', 'Production localization', '국산화 생산',
   'Parts or subsystems of the purchased system produced in Korea.',
   '구매 체계의 부품 또는 하위 체계를 국내에서 생산', 1.000, 1.500, 20),
  ('mro', 'MRO capability', '정비(MRO) 능력 구축',
   'Maintenance, repair and overhaul capacity built in Korea.',
   '국내 정비·수리·분해수리 능력 구축', 1.000, 1.500, 30),
  ('technology_transfer', 'Technology transfer', '기술이전',
   'Technical data, licences and training transferred to a Korean firm.',
   '기술자료, 라이선스, 교육 등을 국내 업체에 이전', 2.000, 3.000, 40),
  ('division_hosting', 'Investment and division hosting', '투자 및 사업부 유치',
   'A contractor division or facility established in a Korean defense innovation cluster.',
   '방산혁신클러스터에 계약업체의 사업부나 시설을 설립', 1.500, 1.500, 50);

-- Agreements -------------------------------------------------------------------------------

create table public.offset_agreements (
  id uuid primary key default gen_random_uuid(),
  contractor_organization_id uuid not null references public.organizations (id) on delete restrict,
  reviewer_organization_id uuid not null references public.organizations (id) on delete restrict,
  program text not null check (char_length(btrim(program)) between 1 and 200),
  reference text check (char_length(reference) <= 100),
  contract_value numeric(20, 2) not null check (contract_value > 0 and contract_value < 1e17),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  obligation_percent numeric(7, 3) not null check (obligation_percent > 0 and obligation_percent <= 200),
  obligation_value numeric(20, 2) generated always as (round(contract_value * obligation_percent / 100, 2)) stored,
  deadline date not null,
  -- Share of the unfulfilled obligation due as a penalty at the deadline.
  penalty_rate_percent numeric(6, 3) not null default 10 check (penalty_rate_percent >= 0 and penalty_rate_percent <= 100),
  -- How long credit banked from this agreement (beyond its obligation) stays usable.
  bank_validity_months smallint not null default 60 check (bank_validity_months between 1 and 240),
  notes text check (char_length(notes) <= 5000),
  status public.offset_agreement_status not null default 'draft',
  submitted_at timestamptz,
  submitted_by uuid,
  decided_at timestamptz,
  decided_by uuid,
  review_comment text check (char_length(review_comment) <= 5000),
  closed_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (obligation_value > 0),
  check (contractor_organization_id <> reviewer_organization_id),
  check (status = 'draft' or submitted_at is not null)
);
create index offset_agreements_contractor_idx on public.offset_agreements (contractor_organization_id, status);
create index offset_agreements_reviewer_idx on public.offset_agreements (reviewer_organization_id, status);
create trigger offset_agreements_set_updated_at before update on public.offset_agreements
  for each row execute function private.set_updated_at();

create table public.offset_categories (
  id uuid primary key default gen_random_uuid(),
  agreement_id uuid not null references public.offset_agreements (id) on delete cascade,
  code text not null check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name_en text not null check (char_length(btrim(name_en)) between 1 and 100),
  name_ko text not null check (char_length(btrim(name_ko)) between 1 and 100),
  -- Applied to work placed with a firm that is not an SME, and to work placed with an SME.
  multiplier numeric(6, 3) not null check (multiplier > 0 and multiplier <= 20),
  sme_multiplier numeric(6, 3) not null check (sme_multiplier > 0 and sme_multiplier <= 20),
  sort_order smallint not null default 100,
  unique (agreement_id, code)
);

-- Transactions -----------------------------------------------------------------------------

create table public.offset_transactions (
  id uuid primary key default gen_random_uuid(),
  contractor_organization_id uuid not null references public.organizations (id) on delete restrict,
  reviewer_organization_id uuid not null references public.organizations (id) on delete restrict,
  -- Null: credit earned before an agreement exists, banked when approved.
  agreement_id uuid references public.offset_agreements (id) on delete restrict,
  category_code text not null check (category_code ~ '^[a-z][a-z0-9_]{1,39}$'),
  title text not null check (char_length(btrim(title)) between 1 and 200),
  description text check (char_length(description) <= 5000),
  -- The placed work this credit comes from, where it went through the platform. The chain
  -- column keeps a snapshot of need, EOI and award, so the record survives later edits and the
  -- reviewer can see it without access to the contractor's needs.
  need_id uuid references public.needs (id) on delete set null,
  eoi_id uuid references public.eois (id) on delete set null,
  chain jsonb not null default '{}' check (jsonb_typeof(chain) = 'object'),
  sme_organization_id uuid references public.organizations (id) on delete restrict,
  -- A counterparty that is not on the platform; whether it is an SME is declared and reviewed.
  counterparty_name text check (char_length(btrim(counterparty_name)) between 1 and 200),
  counterparty_is_sme boolean not null default false,
  value numeric(20, 2) not null check (value > 0 and value < 1e17),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  -- Units of credit_currency per unit of currency; 1 when they are the same.
  exchange_rate numeric(20, 8) not null default 1 check (exchange_rate > 0 and exchange_rate <= 1000000),
  credit_currency char(3) not null check (credit_currency ~ '^[A-Z]{3}$'),
  multiplier numeric(6, 3) not null check (multiplier > 0 and multiplier <= 20),
  credit_value numeric(20, 2) generated always as (round(value * exchange_rate * multiplier, 2)) stored,
  transaction_date date not null,
  status public.offset_transaction_status not null default 'proposed',
  submitted_at timestamptz,
  submitted_by uuid,
  decided_at timestamptz,
  decided_by uuid,
  review_comment text check (char_length(review_comment) <= 5000),
  credited_at timestamptz,
  bank_valid_until date,
  reversed_at timestamptz,
  reversal_reason text check (char_length(reversal_reason) <= 5000),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (sme_organization_id is not null or counterparty_name is not null),
  check (currency <> credit_currency or exchange_rate = 1),
  check (value * exchange_rate * multiplier < 1e17),
  check (credit_value > 0),
  check (status = 'proposed' or submitted_at is not null),
  check (status not in ('approved', 'rejected', 'credited', 'reversed') or decided_at is not null),
  check (status <> 'rejected' or review_comment is not null)
);
create index offset_transactions_contractor_idx on public.offset_transactions (contractor_organization_id, status);
create index offset_transactions_reviewer_idx on public.offset_transactions (reviewer_organization_id, status);
create index offset_transactions_agreement_idx on public.offset_transactions (agreement_id, status);
create index offset_transactions_eoi_idx on public.offset_transactions (eoi_id);
create index offset_transactions_need_idx on public.offset_transactions (need_id);
create index offset_transactions_sme_idx on public.offset_transactions (sme_organization_id);
create trigger offset_transactions_set_updated_at before update on public.offset_transactions
  for each row execute function private.set_updated_at();

-- Bank requests: a contractor asks its reviewer to apply banked credit to an agreement, or to
-- transfer it to another contractor. Nothing moves until the reviewer approves.
create table public.offset_bank_requests (
  id uuid primary key default gen_random_uuid(),
  kind public.offset_bank_request_kind not null,
  contractor_organization_id uuid not null references public.organizations (id) on delete restrict,
  reviewer_organization_id uuid not null references public.organizations (id) on delete restrict,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  amount numeric(20, 2) not null check (amount > 0 and amount < 1e17),
  target_agreement_id uuid references public.offset_agreements (id) on delete restrict,
  target_organization_id uuid references public.organizations (id) on delete restrict,
  note text check (char_length(note) <= 2000),
  status public.offset_bank_request_status not null default 'submitted',
  requested_by uuid,
  requested_at timestamptz not null default now(),
  decided_by uuid,
  decided_at timestamptz,
  review_comment text check (char_length(review_comment) <= 5000),
  entry_group uuid,
  reversed_at timestamptz,
  check ((kind = 'application') = (target_agreement_id is not null)),
  check ((kind = 'transfer') = (target_organization_id is not null)),
  check (target_organization_id is null or target_organization_id <> contractor_organization_id),
  check (status <> 'rejected' or review_comment is not null)
);
create index offset_bank_requests_contractor_idx on public.offset_bank_requests (contractor_organization_id, status);
create index offset_bank_requests_reviewer_idx on public.offset_bank_requests (reviewer_organization_id, status);
create index offset_bank_requests_target_org_idx on public.offset_bank_requests (target_organization_id);
create index offset_bank_requests_target_agreement_idx on public.offset_bank_requests (target_agreement_id);

-- The ledger --------------------------------------------------------------------------------

create table public.offset_ledger_entries (
  id bigint generated always as identity primary key,
  -- Rows written by one operation share a group; a reversal reverses a whole group.
  entry_group uuid not null,
  contractor_organization_id uuid not null references public.organizations (id) on delete restrict,
  reviewer_organization_id uuid not null references public.organizations (id) on delete restrict,
  account public.offset_ledger_account not null,
  -- Agreement rows: the agreement credited. Bank rows: the agreement the credit came from or
  -- went to, for the agreement's history (bank rows never count towards its balance).
  agreement_id uuid references public.offset_agreements (id) on delete restrict,
  kind public.offset_ledger_entry_kind not null,
  amount numeric(20, 2) not null check (amount <> 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  bank_lot_id bigint references public.offset_ledger_entries (id) on delete restrict,
  valid_until date,
  transaction_id uuid references public.offset_transactions (id) on delete restrict,
  bank_request_id uuid references public.offset_bank_requests (id) on delete restrict,
  reverses_entry_id bigint unique references public.offset_ledger_entries (id) on delete restrict,
  -- The other contractor of a transfer.
  counterparty_organization_id uuid references public.organizations (id) on delete restrict,
  memo text check (char_length(memo) <= 2000),
  -- Who: no foreign key to auth.users, since ON DELETE SET NULL would be an update.
  created_by uuid,
  created_by_name text check (char_length(created_by_name) <= 200),
  created_at timestamptz not null default now(),
  check (account <> 'agreement' or agreement_id is not null),
  check (account = 'bank' or (bank_lot_id is null and valid_until is null)),
  -- A bank row either opens a lot (positive, with a validity) or names the lot it changes.
  check (account <> 'bank' or ((bank_lot_id is null) = (valid_until is not null))),
  check (account <> 'bank' or bank_lot_id is not null or amount > 0),
  check ((kind = 'reversal') = (reverses_entry_id is not null)),
  check (kind <> 'expiry' or (account = 'bank' and amount < 0))
);
create index offset_ledger_contractor_idx on public.offset_ledger_entries (contractor_organization_id, account, currency);
create index offset_ledger_reviewer_idx on public.offset_ledger_entries (reviewer_organization_id);
create index offset_ledger_agreement_idx on public.offset_ledger_entries (agreement_id, account);
create index offset_ledger_lot_idx on public.offset_ledger_entries (bank_lot_id);
create index offset_ledger_group_idx on public.offset_ledger_entries (entry_group);
create index offset_ledger_transaction_idx on public.offset_ledger_entries (transaction_id);
create index offset_ledger_bank_request_idx on public.offset_ledger_entries (bank_request_id);
create index offset_ledger_counterparty_idx on public.offset_ledger_entries (counterparty_organization_id);
create index offset_ledger_open_lots_idx on public.offset_ledger_entries (contractor_organization_id, reviewer_organization_id, currency, valid_until)
  where account = 'bank' and bank_lot_id is null;

create or replace function private.refuse_ledger_change() returns trigger
language plpgsql set search_path = '' as $$
begin
  raise exception using errcode = 'insufficient_privilege',
    message = 'The offset ledger is append-only: record a reversing entry instead of changing or deleting one',
    hint = 'offsets.error.ledger_append_only';
end
$$;
-- Row triggers fire for every role, the table owner included; RLS alone would not stop the owner.
create trigger offset_ledger_entries_append_only before update or delete on public.offset_ledger_entries
  for each row execute function private.refuse_ledger_change();
create trigger offset_ledger_entries_no_truncate before truncate on public.offset_ledger_entries
  for each statement execute function private.refuse_ledger_change();

-- Whatever wrote the rows, no lot goes below zero and no agreement's credited balance leaves
-- [0, obligation]. The functions check first (for a clear message); this is the backstop.
create or replace function private.check_offset_ledger_invariants() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  lots bigint[];
  agreements uuid[];
begin
  select coalesce(array_agg(distinct coalesce(n.bank_lot_id, n.id)) filter (where n.account = 'bank'), '{}'),
         coalesce(array_agg(distinct n.agreement_id) filter (where n.account = 'agreement'), '{}')
  into lots, agreements
  from new_rows n;

  if exists (
    select 1 from public.offset_ledger_entries e
    where e.account = 'bank' and (e.id = any (lots) or e.bank_lot_id = any (lots))
    group by coalesce(e.bank_lot_id, e.id)
    having sum(e.amount) < 0) then
    perform private.offset_fail('Banked credit cannot go below zero', 'offsets.error.bank_insufficient', 'check_violation');
  end if;

  if exists (
    select 1 from public.offset_ledger_entries e
    join public.offset_agreements a on a.id = e.agreement_id
    where e.account = 'agreement' and e.agreement_id = any (agreements)
    group by a.id, a.obligation_value
    having sum(e.amount) < 0 or sum(e.amount) > a.obligation_value) then
    perform private.offset_fail('An agreement''s credited balance must stay between zero and its obligation',
      'offsets.error.agreement_balance_out_of_range', 'check_violation');
  end if;

  if exists (
    select 1 from new_rows n
    join public.offset_ledger_entries lot on lot.id = n.bank_lot_id
    where lot.bank_lot_id is not null or lot.account <> 'bank'
       or (lot.contractor_organization_id, lot.reviewer_organization_id, lot.currency)
          is distinct from (n.contractor_organization_id, n.reviewer_organization_id, n.currency)) then
    perform private.offset_fail('A bank row must name a lot of the same account', 'offsets.error.internal', 'check_violation');
  end if;
  return null;
end
$$;
create trigger offset_ledger_entries_invariants after insert on public.offset_ledger_entries
  referencing new table as new_rows for each statement execute function private.check_offset_ledger_invariants();

-- Idempotency keys of ledger requests. Private: only the functions below read or write it.
create table private.offset_requests (
  request_key uuid primary key,
  operation text not null,
  params jsonb not null,
  actor_user_id uuid,
  result jsonb,
  created_at timestamptz not null default now()
);
alter table private.offset_requests enable row level security;
revoke all on private.offset_requests from public, anon, authenticated, service_role;

-- Claims a request key. Returns null when the key is new (the caller goes on and posts), or the
-- stored result of the earlier identical request (the caller returns it and posts nothing).
create or replace function private.offset_claim_request(request_key uuid, operation text, params jsonb) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  existing private.offset_requests%rowtype;
begin
  if request_key is null then
    perform private.offset_fail('A request key is required', 'offsets.error.request_key_required', '22023');
  end if;
  -- A concurrent call with the same key waits here until the first one commits or rolls back.
  insert into private.offset_requests (request_key, operation, params, actor_user_id)
  values (request_key, operation, params, auth.uid())
  on conflict on constraint offset_requests_pkey do nothing;
  if found then
    return null;
  end if;
  select * into existing from private.offset_requests r where r.request_key = offset_claim_request.request_key;
  if existing.operation <> operation or existing.params <> params
     or existing.actor_user_id is distinct from auth.uid() then
    perform private.offset_fail('This request key was already used for a different request',
      'offsets.error.request_key_reused', 'P0001');
  end if;
  return coalesce(existing.result, '{}'::jsonb) || jsonb_build_object('replayed', true);
end
$$;

create or replace function private.offset_finish_request(request_key uuid, result jsonb) returns jsonb
language sql security definer set search_path = '' as $$
  update private.offset_requests r set result = offset_finish_request.result
  where r.request_key = offset_finish_request.request_key;
  select result || jsonb_build_object('replayed', false);
$$;

create or replace function private.offset_actor_name() returns text
language sql stable security definer set search_path = '' as $$
  select left(coalesce(
    (select p.display_name from public.profiles p where p.user_id = auth.uid()),
    (select u.email from auth.users u where u.id = auth.uid()),
    case when auth.uid() is null then 'system' end), 200)
$$;

create or replace function private.offset_audit(
  action text, entity_type text, entity_id text, organization_id uuid, actor_organization_id uuid, details jsonb
) returns void
language sql security definer set search_path = '' as $$
  insert into public.audit_log (actor_user_id, actor_organization_id, organization_id, action, entity_type, entity_id, details)
  values (auth.uid(), offset_audit.actor_organization_id, offset_audit.organization_id, offset_audit.action,
          offset_audit.entity_type, offset_audit.entity_id, jsonb_strip_nulls(offset_audit.details));
$$;

-- Serializes all changes to one bank account (contractor, reviewer, currency) for the rest of the
-- transaction. Callers lock agreements (row locks) before bank accounts, and several bank
-- accounts in key order, so two operations never wait on each other in opposite orders.
create or replace function private.offset_lock_bank(contractor uuid, reviewer uuid, currency text) returns void
language sql set search_path = '' as $$
  select pg_advisory_xact_lock(hashtextextended('offset-bank:' || contractor::text || ':' || reviewer::text || ':' || currency, 0));
$$;

-- Remaining credit of every lot of a bank account, usable or not.
create or replace function private.offset_lots(contractor uuid, reviewer uuid, currency text)
returns table (lot_id bigint, remaining numeric, valid_until date)
language sql stable security definer set search_path = '' as $$
  select lot.id, sum(e.amount), lot.valid_until
  from public.offset_ledger_entries lot
  join public.offset_ledger_entries e on e.account = 'bank' and (e.id = lot.id or e.bank_lot_id = lot.id)
  where lot.account = 'bank' and lot.bank_lot_id is null
    and lot.contractor_organization_id = offset_lots.contractor
    and lot.reviewer_organization_id = offset_lots.reviewer
    and lot.currency = offset_lots.currency
  group by lot.id, lot.valid_until
$$;

-- Writes off what is left of expired lots (call with the account locked). Returns the amount.
create or replace function private.offset_expire_lots(contractor uuid, reviewer uuid, currency text) returns numeric
language plpgsql security definer set search_path = '' as $$
declare
  expired_total numeric := 0;
  expiry_group uuid := gen_random_uuid();
begin
  with expired as (
    select l.lot_id, l.remaining from private.offset_lots(contractor, reviewer, currency) l
    where l.valid_until < private.offset_today() and l.remaining > 0
  ), written as (
    insert into public.offset_ledger_entries
      (entry_group, contractor_organization_id, reviewer_organization_id, account, kind, amount, currency,
       bank_lot_id, memo, created_by, created_by_name)
    select expiry_group, contractor, reviewer, 'bank', 'expiry', -x.remaining, currency,
           x.lot_id, 'Banked credit expired unused', auth.uid(), private.offset_actor_name()
    from expired x order by x.lot_id
    returning amount
  )
  select coalesce(-sum(w.amount), 0) into expired_total from written w;
  return expired_total;
end
$$;

-- Takes credit out of a bank account, soonest-expiring lots first (call with the account locked,
-- after expiring lots). Writes one negative row per lot touched and returns the lots and amounts.
create or replace function private.offset_take_from_bank(
  contractor uuid, reviewer uuid, currency text, amount numeric, entry_kind public.offset_ledger_entry_kind,
  entry_group uuid, related_agreement uuid, bank_request uuid, counterparty uuid, memo text
) returns table (lot_id bigint, taken numeric, valid_until date)
language plpgsql security definer set search_path = '' as $$
declare
  available numeric;
  still_needed numeric := amount;
  lot record;
  portion numeric;
begin
  select coalesce(sum(l.remaining), 0) into available
  from private.offset_lots(contractor, reviewer, currency) l
  where l.valid_until >= private.offset_today() and l.remaining > 0;
  if available < amount then
    perform private.offset_fail(
      format('Only %s %s of banked credit is available', available, currency), 'offsets.error.bank_insufficient');
  end if;
  for lot in
    select l.lot_id, l.remaining, l.valid_until from private.offset_lots(contractor, reviewer, currency) l
    where l.valid_until >= private.offset_today() and l.remaining > 0
    order by l.valid_until, l.lot_id
  loop
    exit when still_needed <= 0;
    portion := least(lot.remaining, still_needed);
    insert into public.offset_ledger_entries
      (entry_group, contractor_organization_id, reviewer_organization_id, account, agreement_id, kind, amount,
       currency, bank_lot_id, bank_request_id, counterparty_organization_id, memo, created_by, created_by_name)
    values (entry_group, contractor, reviewer, 'bank', related_agreement, entry_kind, -portion,
       currency, lot.lot_id, bank_request, counterparty, memo, auth.uid(), private.offset_actor_name());
    still_needed := still_needed - portion;
    lot_id := lot.lot_id;
    taken := portion;
    valid_until := lot.valid_until;
    return next;
  end loop;
end
$$;

-- Snapshot of need → EOI → award for a transaction, and the SME it implies. Security definer:
-- the caller's own policies already decided that it may link this EOI (see the guard below).
create or replace function private.offset_chain(need uuid, eoi uuid) returns jsonb
language sql stable security definer set search_path = '' as $$
  select jsonb_strip_nulls(jsonb_build_object(
    'need', (select jsonb_build_object('id', n.id, 'kind', n.kind, 'title_en', n.title_en, 'title_ko', n.title_ko,
                    'program', n.program, 'status', n.status, 'estimated_value', n.estimated_value, 'currency', n.currency,
                    'offset_eligible', n.offset_eligible, 'opened_at', n.opened_at)
             from public.needs n where n.id = coalesce(offset_chain.need, (select e.need_id from public.eois e where e.id = offset_chain.eoi))),
    'eoi', (select jsonb_build_object('id', e.id, 'scope', e.scope, 'status', e.status, 'submitted_at', e.submitted_at)
            from public.eois e where e.id = offset_chain.eoi),
    'award', (select jsonb_build_object('awarded_at', e.decided_at, 'awarded_by', e.decided_by)
              from public.eois e where e.id = offset_chain.eoi and e.status = 'awarded'),
    'sme', (select jsonb_build_object('id', o.id, 'name_en', o.name_en, 'name_ko', o.name_ko)
            from public.eois e join public.organizations o on o.id = e.sme_organization_id where e.id = offset_chain.eoi)
  ))
$$;

-- What a transaction's EOI and need must be: the contractor's own need, and an awarded EOI on it.
create or replace function private.offset_check_link(contractor uuid, need uuid, eoi uuid)
returns table (need_id uuid, sme_organization_id uuid, need_kind text)
language plpgsql stable security definer set search_path = '' as $$
declare
  linked record;
begin
  if eoi is not null then
    select e.need_id, e.sme_organization_id, e.status, n.organization_id, n.kind::text as kind into linked
    from public.eois e join public.needs n on n.id = e.need_id where e.id = eoi;
    if not found or linked.organization_id <> contractor then
      perform private.offset_fail('The expression of interest is not on one of your needs', 'offsets.validation.eoi_invalid', '23514');
    end if;
    if linked.status <> 'awarded' then
      perform private.offset_fail('Only an awarded expression of interest earns offset credit', 'offsets.validation.eoi_not_awarded', '23514');
    end if;
    if need is not null and need <> linked.need_id then
      perform private.offset_fail('The need does not match the expression of interest', 'offsets.validation.eoi_invalid', '23514');
    end if;
    need_id := linked.need_id;
    sme_organization_id := linked.sme_organization_id;
    need_kind := linked.kind;
    return next;
    return;
  end if;
  if need is not null then
    select n.organization_id, n.kind::text as kind into linked from public.needs n where n.id = need;
    if not found or linked.organization_id <> contractor then
      perform private.offset_fail('The need is not one of yours', 'offsets.validation.need_invalid', '23514');
    end if;
    need_kind := linked.kind;
  end if;
  need_id := need;
  sme_organization_id := null;
  return next;
end
$$;

-- Multiplier of a category for an agreement (or the defaults when there is none yet).
create or replace function private.offset_multiplier(agreement uuid, category text, with_sme boolean) returns numeric
language sql stable security definer set search_path = '' as $$
  select case when with_sme then c.sme_multiplier else c.multiplier end
  from public.offset_categories c where offset_multiplier.agreement is not null
    and c.agreement_id = offset_multiplier.agreement and c.code = offset_multiplier.category
  union all
  select case when with_sme then d.sme_multiplier else d.multiplier end
  from public.offset_default_categories d where offset_multiplier.agreement is null and d.code = offset_multiplier.category
$$;

create or replace function private.offset_is_sme(org uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.organizations o where o.id = org and o.kind = 'sme')
$$;

create or replace function private.offset_agreement_row(agreement uuid) returns public.offset_agreements
language sql stable security definer set search_path = '' as $$
  select a from public.offset_agreements a where a.id = agreement
$$;

-- Guards --------------------------------------------------------------------------------------

create or replace function private.guard_offset_agreement() returns trigger
language plpgsql set search_path = '' as $$
declare
  editable constant text[] := array['program', 'reference', 'contract_value', 'currency', 'obligation_percent',
    'obligation_value', 'deadline', 'penalty_rate_percent', 'bank_validity_months', 'notes', 'reviewer_organization_id'];
begin
  if private.org_kind(new.reviewer_organization_id) is distinct from 'government_reviewer' then
    perform private.offset_fail('The reviewer must be a government offset reviewer', 'offsets.validation.reviewer_invalid', '23514');
  end if;
  if private.org_kind(new.contractor_organization_id) is distinct from 'contractor' then
    perform private.offset_fail('Offset agreements belong to contractors', 'offsets.error.not_contractor', '23514');
  end if;
  if not private.is_api_caller() then
    return new;
  end if;
  if tg_op = 'INSERT' then
    if new.status <> 'draft' then
      perform private.refuse('A new agreement starts as a draft');
    end if;
    new.submitted_at := null;
    new.submitted_by := null;
    new.decided_at := null;
    new.decided_by := null;
    new.review_comment := null;
    new.closed_at := null;
    new.created_by := auth.uid();
    return new;
  end if;
  if old.status <> 'draft' then
    perform private.offset_fail('Only a draft agreement can be edited', 'offsets.error.agreement_not_draft', '42501');
  end if;
  if private.changes_outside(to_jsonb(old), to_jsonb(new), editable) then
    perform private.refuse('Status and review fields change only through the review functions');
  end if;
  return new;
end
$$;
create trigger offset_agreements_guard before insert or update on public.offset_agreements
  for each row execute function private.guard_offset_agreement();

create or replace function private.add_default_offset_categories() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.offset_categories (agreement_id, code, name_en, name_ko, multiplier, sme_multiplier, sort_order)
  select new.id, d.code, d.name_en, d.name_ko, d.multiplier, d.sme_multiplier, d.sort_order
  from public.offset_default_categories d order by d.sort_order;
  return null;
end
$$;
create trigger offset_agreements_default_categories after insert on public.offset_agreements
  for each row execute function private.add_default_offset_categories();

create or replace function private.guard_offset_category() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'UPDATE' and (new.agreement_id <> old.agreement_id or new.code <> old.code) then
    perform private.refuse('A category keeps its agreement and code');
  end if;
  if tg_op = 'DELETE' and private.is_api_caller() and exists (
    select 1 from public.offset_transactions t
    where t.agreement_id = old.agreement_id and t.category_code = old.code) then
    perform private.offset_fail('A category used by a transaction cannot be removed', 'offsets.error.category_in_use', '23503');
  end if;
  return coalesce(new, old);
end
$$;
create trigger offset_categories_guard before insert or update or delete on public.offset_categories
  for each row execute function private.guard_offset_category();

-- Transactions: the contractor edits while proposed; state changes go through the functions.
-- Derived columns (reviewer, currency of credit, multiplier, chain) are computed here for every
-- writer while the transaction is proposed, so a client cannot pick its own multiplier.
create or replace function private.guard_offset_transaction() returns trigger
language plpgsql set search_path = '' as $$
declare
  agreement public.offset_agreements;
  link record;
  editable constant text[] := array['agreement_id', 'category_code', 'title', 'description', 'need_id', 'eoi_id',
    'chain', 'sme_organization_id', 'counterparty_name', 'counterparty_is_sme', 'value', 'currency', 'exchange_rate',
    'credit_currency', 'multiplier', 'credit_value', 'transaction_date', 'reviewer_organization_id'];
begin
  if private.is_api_caller() then
    if tg_op = 'INSERT' then
      if new.status <> 'proposed' then
        perform private.refuse('A new transaction starts as proposed');
      end if;
      new.submitted_at := null;
      new.submitted_by := null;
      new.decided_at := null;
      new.decided_by := null;
      new.review_comment := null;
      new.credited_at := null;
      new.bank_valid_until := null;
      new.reversed_at := null;
      new.reversal_reason := null;
      new.created_by := auth.uid();
    else
      if old.status <> 'proposed' or new.status <> 'proposed' then
        perform private.offset_fail('Only a proposed transaction can be edited', 'offsets.error.transaction_not_proposed', '42501');
      end if;
      if new.contractor_organization_id <> old.contractor_organization_id
         or private.changes_outside(to_jsonb(old), to_jsonb(new), editable) then
        perform private.refuse('Only the description of a proposed transaction can be edited');
      end if;
    end if;
  end if;

  if new.status <> 'proposed' then
    return new;
  end if;

  if new.agreement_id is not null then
    agreement := private.offset_agreement_row(new.agreement_id);
    if agreement.id is null or agreement.contractor_organization_id <> new.contractor_organization_id then
      perform private.offset_fail('The agreement is not one of yours', 'offsets.validation.agreement_invalid', '23514');
    end if;
    if agreement.status = 'closed' then
      perform private.offset_fail('The agreement is closed', 'offsets.error.agreement_closed', '23514');
    end if;
    new.reviewer_organization_id := agreement.reviewer_organization_id;
    new.credit_currency := agreement.currency;
  else
    if private.org_kind(new.reviewer_organization_id) is distinct from 'government_reviewer' then
      perform private.offset_fail('The reviewer must be a government offset reviewer', 'offsets.validation.reviewer_invalid', '23514');
    end if;
    new.credit_currency := new.currency;
  end if;
  if new.currency = new.credit_currency then
    new.exchange_rate := 1;
  end if;

  select * into link from private.offset_check_link(new.contractor_organization_id, new.need_id, new.eoi_id);
  new.need_id := link.need_id;
  if link.sme_organization_id is not null then
    new.sme_organization_id := link.sme_organization_id;
  end if;
  if new.sme_organization_id is not null and not private.offset_is_sme(new.sme_organization_id) then
    perform private.offset_fail('The counterparty must be an SME on the platform', 'offsets.validation.sme_invalid', '23514');
  end if;
  if new.sme_organization_id is not null then
    new.counterparty_name := null;
    new.counterparty_is_sme := true;
  end if;
  new.chain := case when new.need_id is null and new.eoi_id is null then '{}'::jsonb
                    else private.offset_chain(new.need_id, new.eoi_id) end;

  new.multiplier := private.offset_multiplier(new.agreement_id, new.category_code,
    new.sme_organization_id is not null or new.counterparty_is_sme);
  if new.multiplier is null then
    perform private.offset_fail('Unknown category for this agreement', 'offsets.validation.category_invalid', '23514');
  end if;
  return new;
end
$$;
create trigger offset_transactions_guard before insert or update on public.offset_transactions
  for each row execute function private.guard_offset_transaction();

-- Balances (views run with the caller's rights, so row-level security applies) -----------------

create view public.offset_agreement_balances with (security_invoker = true) as
select
  a.id as agreement_id,
  a.contractor_organization_id,
  a.reviewer_organization_id,
  a.currency,
  a.obligation_value,
  coalesce(c.credited, 0)::numeric(20, 2) as credited,
  coalesce(p.pending, 0)::numeric(20, 2) as pending,
  greatest(a.obligation_value - coalesce(c.credited, 0), 0)::numeric(20, 2) as remaining,
  round(coalesce(c.credited, 0) * 100 / a.obligation_value, 2) as fulfilment_percent,
  coalesce(c.entry_count, 0) as entry_count
from public.offset_agreements a
left join lateral (
  select sum(e.amount) as credited, count(*) as entry_count
  from public.offset_ledger_entries e
  where e.agreement_id = a.id and e.account = 'agreement'
) c on true
left join lateral (
  select sum(t.credit_value) as pending
  from public.offset_transactions t
  where t.agreement_id = a.id and t.status in ('submitted', 'approved')
) p on true;

create view public.offset_bank_lots with (security_invoker = true) as
select
  lot.id as lot_id,
  lot.contractor_organization_id,
  lot.reviewer_organization_id,
  lot.currency,
  lot.kind as source_kind,
  lot.transaction_id,
  lot.agreement_id as source_agreement_id,
  lot.counterparty_organization_id,
  lot.created_at as banked_at,
  lot.valid_until,
  lot.amount as opened_amount,
  r.remaining::numeric(20, 2) as remaining,
  lot.valid_until < private.offset_today() as expired
from public.offset_ledger_entries lot
cross join lateral (
  select sum(e.amount) as remaining
  from public.offset_ledger_entries e
  where e.account = 'bank' and (e.id = lot.id or e.bank_lot_id = lot.id)
) r
where lot.account = 'bank' and lot.bank_lot_id is null;

create view public.offset_bank_balances with (security_invoker = true) as
select
  l.contractor_organization_id,
  l.reviewer_organization_id,
  l.currency,
  coalesce(sum(l.remaining) filter (where not l.expired), 0)::numeric(20, 2) as available,
  coalesce(sum(l.remaining) filter (where not l.expired and l.valid_until <= private.offset_today() + 90), 0)::numeric(20, 2) as expiring_within_90_days,
  coalesce(sum(l.remaining) filter (where l.expired), 0)::numeric(20, 2) as expired_not_written_off,
  min(l.valid_until) filter (where not l.expired and l.remaining > 0) as next_expiry
from public.offset_bank_lots l
group by l.contractor_organization_id, l.reviewer_organization_id, l.currency;

-- Functions for the life cycle ------------------------------------------------------------------

-- Sets the multipliers of a draft agreement's categories in one statement. Runs with the
-- caller's rights, so the categories' update policy decides who may.
create or replace function public.offset_set_multipliers(agreement_id uuid, categories jsonb) returns integer
language plpgsql security invoker set search_path = '' as $$
declare
  changed integer;
begin
  if jsonb_typeof(categories) is distinct from 'array' or jsonb_array_length(categories) = 0 then
    perform private.offset_fail('Give the categories as a non-empty array', 'offsets.validation.multiplier_invalid', '22023');
  end if;
  update public.offset_categories c
  set multiplier = x.multiplier, sme_multiplier = x.sme_multiplier
  from jsonb_to_recordset(categories) as x(code text, multiplier numeric, sme_multiplier numeric)
  where c.agreement_id = offset_set_multipliers.agreement_id and c.code = x.code;
  get diagnostics changed = row_count;
  if changed <> jsonb_array_length(categories) then
    perform private.offset_fail('Multipliers can be set only on your own draft agreements, for their categories',
      'offsets.error.agreement_not_draft', '42501');
  end if;
  return changed;
end
$$;

create or replace function public.offset_submit_agreement(agreement_id uuid) returns public.offset_agreement_status
language plpgsql security definer set search_path = '' as $$
declare
  agreement public.offset_agreements;
begin
  select * into agreement from public.offset_agreements a where a.id = offset_submit_agreement.agreement_id for update;
  if not found or not private.is_member_of(agreement.contractor_organization_id) then
    perform private.offset_fail('Agreement not found', 'offsets.error.not_found', 'P0002');
  end if;
  if not private.has_org_role(agreement.contractor_organization_id, array['owner', 'admin']) then
    perform private.offset_fail('Only the contractor''s admins submit agreements', 'offsets.error.forbidden', '42501');
  end if;
  if agreement.status <> 'draft' then
    return agreement.status;
  end if;
  if agreement.deadline < private.offset_today() then
    perform private.offset_fail('The deadline has passed', 'offsets.validation.deadline_past', '23514');
  end if;
  update public.offset_agreements a
  set status = 'submitted', submitted_at = now(), submitted_by = auth.uid(), review_comment = null
  where a.id = agreement.id;
  perform private.offset_audit('offset.agreement.submitted', 'offset_agreements', agreement.id::text,
    agreement.contractor_organization_id, agreement.contractor_organization_id,
    jsonb_build_object('reviewer_organization_id', agreement.reviewer_organization_id, 'obligation_value', agreement.obligation_value,
      'currency', agreement.currency));
  return 'submitted';
end
$$;

-- The reviewer accepts a submitted agreement (it becomes active), returns it to draft with a
-- comment, or closes an active one.
create or replace function public.offset_review_agreement(agreement_id uuid, decision text, comment text default null)
returns public.offset_agreement_status
language plpgsql security definer set search_path = '' as $$
declare
  agreement public.offset_agreements;
  next_status public.offset_agreement_status;
  trimmed text := nullif(btrim(coalesce(comment, '')), '');
begin
  select * into agreement from public.offset_agreements a where a.id = offset_review_agreement.agreement_id for update;
  if not found or agreement.status = 'draft' or not private.is_member_of(agreement.reviewer_organization_id) then
    perform private.offset_fail('Agreement not found', 'offsets.error.not_found', 'P0002');
  end if;
  if not private.has_org_role(agreement.reviewer_organization_id, array['owner', 'admin']) then
    perform private.offset_fail('Only the reviewer''s admins decide', 'offsets.error.forbidden', '42501');
  end if;
  if char_length(trimmed) > 5000 then
    perform private.offset_fail('The comment is too long', 'offsets.validation.comment_too_long', '22001');
  end if;
  if decision = 'accept' and agreement.status = 'submitted' then
    next_status := 'active';
  elsif decision = 'return' and agreement.status = 'submitted' then
    if trimmed is null then
      perform private.offset_fail('Say why the agreement is returned', 'offsets.validation.comment_required', '23514');
    end if;
    next_status := 'draft';
  elsif decision = 'close' and agreement.status = 'active' then
    if exists (select 1 from public.offset_transactions t
               where t.agreement_id = agreement.id and t.status in ('submitted', 'approved')) then
      perform private.offset_fail('Decide the submitted transactions before closing', 'offsets.error.agreement_has_pending', 'P0001');
    end if;
    next_status := 'closed';
  elsif (decision = 'accept' and agreement.status = 'active') or (decision = 'close' and agreement.status = 'closed') then
    return agreement.status;
  else
    perform private.offset_fail(format('An agreement cannot be %s while %s', decision, agreement.status),
      'offsets.error.invalid_transition', 'P0001');
  end if;

  update public.offset_agreements a set
    status = next_status,
    decided_at = now(),
    decided_by = auth.uid(),
    review_comment = trimmed,
    closed_at = case when next_status = 'closed' then now() end,
    submitted_at = case when next_status = 'draft' then null else a.submitted_at end,
    submitted_by = case when next_status = 'draft' then null else a.submitted_by end
  where a.id = agreement.id;
  perform private.offset_audit('offset.agreement.' || case decision when 'accept' then 'accepted' when 'return' then 'returned' else 'closed' end,
    'offset_agreements', agreement.id::text, agreement.contractor_organization_id, agreement.reviewer_organization_id,
    jsonb_build_object('from', agreement.status, 'to', next_status, 'comment', trimmed));
  return next_status;
end
$$;

create or replace function public.offset_submit_transaction(transaction_id uuid) returns public.offset_transaction_status
language plpgsql security definer set search_path = '' as $$
declare
  tx public.offset_transactions;
  agreement_status public.offset_agreement_status;
begin
  select * into tx from public.offset_transactions t where t.id = offset_submit_transaction.transaction_id for update;
  if not found or not private.is_member_of(tx.contractor_organization_id) then
    perform private.offset_fail('Transaction not found', 'offsets.error.not_found', 'P0002');
  end if;
  if not private.has_org_role(tx.contractor_organization_id, array['owner', 'admin']) then
    perform private.offset_fail('Only the contractor''s admins submit transactions', 'offsets.error.forbidden', '42501');
  end if;
  if tx.status <> 'proposed' then
    return tx.status;
  end if;
  if tx.agreement_id is not null then
    select a.status into agreement_status from public.offset_agreements a where a.id = tx.agreement_id for share;
    if agreement_status <> 'active' then
      perform private.offset_fail('Transactions are submitted once the reviewer has accepted the agreement',
        'offsets.error.agreement_not_active', 'P0001');
    end if;
  end if;
  if tx.transaction_date > private.offset_today() then
    perform private.offset_fail('The transaction date is in the future', 'offsets.validation.date_future', '23514');
  end if;
  if not exists (
    select 1 from storage.objects o
    where o.bucket_id = 'offset-evidence'
      and o.name like tx.contractor_organization_id::text || '/' || tx.id::text || '/%') then
    perform private.offset_fail('Attach at least one evidence document before submitting', 'offsets.error.evidence_required', 'P0001');
  end if;
  -- Re-derive links and multiplier from the current agreement one last time, then freeze them.
  update public.offset_transactions t set category_code = t.category_code where t.id = tx.id;
  update public.offset_transactions t
  set status = 'submitted', submitted_at = now(), submitted_by = auth.uid()
  where t.id = tx.id
  returning * into tx;
  perform private.offset_audit('offset.transaction.submitted', 'offset_transactions', tx.id::text,
    tx.contractor_organization_id, tx.contractor_organization_id,
    jsonb_build_object('agreement_id', tx.agreement_id, 'reviewer_organization_id', tx.reviewer_organization_id,
      'value', tx.value, 'currency', tx.currency, 'multiplier', tx.multiplier, 'credit_value', tx.credit_value,
      'credit_currency', tx.credit_currency));
  return 'submitted';
end
$$;

-- The reviewer approves (the credit is posted to the ledger in the same database transaction,
-- beyond the obligation into the bank) or rejects with a comment.
create or replace function public.offset_decide_transaction(
  transaction_id uuid, decision text, comment text, request_key uuid, bank_valid_until date default null
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  tx public.offset_transactions;
  agreement public.offset_agreements;
  replay jsonb;
  trimmed text := nullif(btrim(coalesce(comment, '')), '');
  posting_group uuid := gen_random_uuid();
  credited numeric;
  room numeric;
  to_agreement numeric := 0;
  to_bank numeric := 0;
  valid_until date;
  actor_name text := private.offset_actor_name();
begin
  replay := private.offset_claim_request(request_key, 'decide_transaction',
    jsonb_build_object('transaction_id', transaction_id, 'decision', decision, 'comment', trimmed, 'bank_valid_until', bank_valid_until));
  if replay is not null then
    return replay;
  end if;

  select * into tx from public.offset_transactions t where t.id = offset_decide_transaction.transaction_id for update;
  if not found or tx.status = 'proposed' or not private.is_member_of(tx.reviewer_organization_id) then
    perform private.offset_fail('Transaction not found', 'offsets.error.not_found', 'P0002');
  end if;
  if not private.has_org_role(tx.reviewer_organization_id, array['owner', 'admin']) then
    perform private.offset_fail('Only the reviewer''s admins decide', 'offsets.error.forbidden', '42501');
  end if;
  if tx.status <> 'submitted' then
    perform private.offset_fail('This transaction has already been decided', 'offsets.error.already_decided', 'P0001');
  end if;
  if char_length(trimmed) > 5000 then
    perform private.offset_fail('The comment is too long', 'offsets.validation.comment_too_long', '22001');
  end if;

  if decision = 'reject' then
    if trimmed is null then
      perform private.offset_fail('Say why the transaction is rejected', 'offsets.validation.comment_required', '23514');
    end if;
    update public.offset_transactions t
    set status = 'rejected', decided_at = now(), decided_by = auth.uid(), review_comment = trimmed
    where t.id = tx.id;
    perform private.offset_audit('offset.transaction.rejected', 'offset_transactions', tx.id::text,
      tx.contractor_organization_id, tx.reviewer_organization_id, jsonb_build_object('comment', trimmed));
    return private.offset_finish_request(request_key, jsonb_build_object('status', 'rejected', 'transaction_id', tx.id));
  elsif decision is distinct from 'approve' then
    perform private.offset_fail('Unknown decision', 'offsets.validation.decision_invalid', '22023');
  end if;

  if bank_valid_until is not null and (bank_valid_until < private.offset_today() or bank_valid_until > private.offset_today() + 7305) then
    perform private.offset_fail('Banked credit must stay valid from today for at most 20 years',
      'offsets.validation.bank_valid_until_invalid', '22023');
  end if;

  update public.offset_transactions t
  set status = 'approved', decided_at = now(), decided_by = auth.uid(), review_comment = trimmed
  where t.id = tx.id;

  if tx.agreement_id is not null then
    select * into agreement from public.offset_agreements a where a.id = tx.agreement_id for update;
    if agreement.status <> 'active' then
      perform private.offset_fail('The agreement is not active', 'offsets.error.agreement_not_active', 'P0001');
    end if;
    select coalesce(sum(e.amount), 0) into credited
    from public.offset_ledger_entries e where e.agreement_id = agreement.id and e.account = 'agreement';
    -- What fits under the obligation counts towards it; the rest is banked. Each row stands on
    -- its own (no pass-through pair), so every statement keeps the ledger's invariants.
    room := greatest(agreement.obligation_value - credited, 0);
    to_agreement := least(tx.credit_value, room);
    to_bank := tx.credit_value - to_agreement;
    valid_until := coalesce(bank_valid_until, (private.offset_today() + make_interval(months => agreement.bank_validity_months))::date);
    if to_agreement > 0 then
      insert into public.offset_ledger_entries
        (entry_group, contractor_organization_id, reviewer_organization_id, account, agreement_id, kind, amount, currency,
         transaction_id, memo, created_by, created_by_name)
      values (posting_group, tx.contractor_organization_id, tx.reviewer_organization_id, 'agreement', agreement.id, 'credit',
         to_agreement, tx.credit_currency, tx.id, left(tx.title, 2000), auth.uid(), actor_name);
    end if;
    if to_bank > 0 then
      perform private.offset_lock_bank(tx.contractor_organization_id, tx.reviewer_organization_id, tx.credit_currency);
      insert into public.offset_ledger_entries
        (entry_group, contractor_organization_id, reviewer_organization_id, account, agreement_id, kind, amount, currency,
         valid_until, transaction_id, memo, created_by, created_by_name)
      values (posting_group, tx.contractor_organization_id, tx.reviewer_organization_id, 'bank', agreement.id, 'bank_deposit',
         to_bank, tx.credit_currency, valid_until, tx.id, 'Credit beyond the obligation, banked', auth.uid(), actor_name);
    end if;
  else
    to_bank := tx.credit_value;
    valid_until := coalesce(bank_valid_until, (private.offset_today() + interval '60 months')::date);
    perform private.offset_lock_bank(tx.contractor_organization_id, tx.reviewer_organization_id, tx.credit_currency);
    insert into public.offset_ledger_entries
      (entry_group, contractor_organization_id, reviewer_organization_id, account, kind, amount, currency,
       valid_until, transaction_id, memo, created_by, created_by_name)
    values (posting_group, tx.contractor_organization_id, tx.reviewer_organization_id, 'bank', 'bank_deposit',
       to_bank, tx.credit_currency, valid_until, tx.id, left(tx.title, 2000), auth.uid(), actor_name);
  end if;

  update public.offset_transactions t
  set status = 'credited', credited_at = now(), bank_valid_until = case when to_bank > 0 then valid_until end
  where t.id = tx.id;
  perform private.offset_audit('offset.transaction.approved', 'offset_transactions', tx.id::text,
    tx.contractor_organization_id, tx.reviewer_organization_id,
    jsonb_build_object('agreement_id', tx.agreement_id, 'credit_value', tx.credit_value, 'currency', tx.credit_currency,
      'multiplier', tx.multiplier, 'banked', round(to_bank, 2)::text, 'entry_group', posting_group, 'comment', trimmed));
  return private.offset_finish_request(request_key, jsonb_build_object(
    'status', 'credited', 'transaction_id', tx.id, 'entry_group', posting_group,
    'credited', round(to_agreement, 2)::text, 'banked', round(to_bank, 2)::text, 'currency', tx.credit_currency));
end
$$;

-- The reviewer corrects a posting by reversing every row of its group. Refused where banked
-- credit the group put in the bank has since been used.
create or replace function public.offset_reverse_entries(entry_group uuid, reason text, request_key uuid) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  replay jsonb;
  trimmed text := nullif(btrim(coalesce(reason, '')), '');
  originals public.offset_ledger_entries[];
  first_row public.offset_ledger_entries;
  reversal_group uuid := gen_random_uuid();
  account_key record;
  short_lot bigint;
  tx_id uuid;
  request_id uuid;
begin
  replay := private.offset_claim_request(request_key, 'reverse_entries',
    jsonb_build_object('entry_group', entry_group, 'reason', trimmed));
  if replay is not null then
    return replay;
  end if;

  select array_agg(e order by e.id) into originals
  from public.offset_ledger_entries e where e.entry_group = offset_reverse_entries.entry_group;
  if originals is null or not private.is_member_of(originals[1].reviewer_organization_id) then
    perform private.offset_fail('Ledger entries not found', 'offsets.error.not_found', 'P0002');
  end if;
  first_row := originals[1];
  if not private.has_org_role(first_row.reviewer_organization_id, array['owner', 'admin']) then
    perform private.offset_fail('Only the reviewer''s admins reverse entries', 'offsets.error.forbidden', '42501');
  end if;
  if trimmed is null then
    perform private.offset_fail('Say why the entries are reversed', 'offsets.validation.comment_required', '23514');
  end if;
  if char_length(trimmed) > 2000 then
    perform private.offset_fail('The reason is too long', 'offsets.validation.comment_too_long', '22001');
  end if;
  if exists (select 1 from unnest(originals) o where o.kind in ('reversal', 'expiry')) then
    perform private.offset_fail('Reversals and expiries cannot be reversed', 'offsets.error.not_reversible', 'P0001');
  end if;
  if exists (select 1 from unnest(originals) o join public.offset_ledger_entries r on r.reverses_entry_id = o.id) then
    perform private.offset_fail('These entries have already been reversed', 'offsets.error.already_reversed', 'P0001');
  end if;

  -- Locks: agreements first, then bank accounts in key order.
  perform 1 from public.offset_agreements a
  where a.id in (select o.agreement_id from unnest(originals) o where o.account = 'agreement')
  order by a.id for update;
  for account_key in
    select distinct o.contractor_organization_id as contractor, o.reviewer_organization_id as reviewer, o.currency
    from unnest(originals) o where o.account = 'bank'
    order by 1, 2, 3
  loop
    perform private.offset_lock_bank(account_key.contractor, account_key.reviewer, account_key.currency);
  end loop;

  select x.lot into short_lot
  from (
    select coalesce(o.bank_lot_id, o.id) as lot, -sum(o.amount) as delta
    from unnest(originals) o where o.account = 'bank'
    group by coalesce(o.bank_lot_id, o.id)
  ) x
  join lateral (
    select sum(e.amount) as remaining from public.offset_ledger_entries e
    where e.account = 'bank' and (e.id = x.lot or e.bank_lot_id = x.lot)
  ) r on true
  where r.remaining + x.delta < 0
  limit 1;
  if short_lot is not null then
    perform private.offset_fail('Credit this posting banked has already been used or has expired; reverse that use first',
      'offsets.error.reversal_bank_used', 'P0001');
  end if;

  insert into public.offset_ledger_entries
    (entry_group, contractor_organization_id, reviewer_organization_id, account, agreement_id, kind, amount, currency,
     bank_lot_id, transaction_id, bank_request_id, reverses_entry_id, counterparty_organization_id, memo,
     created_by, created_by_name)
  select reversal_group, o.contractor_organization_id, o.reviewer_organization_id, o.account, o.agreement_id, 'reversal',
     -o.amount, o.currency, case when o.account = 'bank' then coalesce(o.bank_lot_id, o.id) end,
     o.transaction_id, o.bank_request_id, o.id, o.counterparty_organization_id, left(trimmed, 2000),
     auth.uid(), private.offset_actor_name()
  from unnest(originals) o order by o.id;

  select o.transaction_id into tx_id from unnest(originals) o where o.transaction_id is not null limit 1;
  if tx_id is not null then
    update public.offset_transactions t
    set status = 'reversed', reversed_at = now(), reversal_reason = trimmed
    where t.id = tx_id and t.status = 'credited';
  end if;
  select o.bank_request_id into request_id from unnest(originals) o where o.bank_request_id is not null limit 1;
  if request_id is not null then
    update public.offset_bank_requests b set reversed_at = now() where b.id = request_id;
  end if;

  perform private.offset_audit('offset.ledger.reversed', 'offset_ledger_entries', entry_group::text,
    first_row.contractor_organization_id, first_row.reviewer_organization_id,
    jsonb_build_object('entry_group', entry_group, 'reversal_group', reversal_group, 'reason', trimmed,
      'transaction_id', tx_id, 'bank_request_id', request_id, 'rows', cardinality(originals)));
  return private.offset_finish_request(request_key, jsonb_build_object(
    'status', 'reversed', 'entry_group', entry_group, 'reversal_group', reversal_group, 'rows', cardinality(originals)));
end
$$;

-- A contractor asks to apply banked credit to one of its agreements, or (where the reviewer
-- allows it) to transfer it to another contractor.
create or replace function public.offset_request_bank_use(
  kind public.offset_bank_request_kind, contractor_organization_id uuid, reviewer_organization_id uuid, currency text,
  amount numeric, request_key uuid, target_agreement_id uuid default null, target_organization_id uuid default null,
  note text default null
) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  replay jsonb;
  target public.offset_agreements;
  available numeric;
  new_id uuid;
  trimmed text := nullif(btrim(coalesce(note, '')), '');
begin
  replay := private.offset_claim_request(request_key, 'request_bank_use', jsonb_build_object(
    'kind', kind, 'contractor', contractor_organization_id, 'reviewer', reviewer_organization_id, 'currency', currency,
    'amount', amount, 'target_agreement_id', target_agreement_id, 'target_organization_id', target_organization_id,
    'note', trimmed));
  if replay is not null then
    return replay;
  end if;
  if not private.has_org_role(contractor_organization_id, array['owner', 'admin'])
     or private.org_kind(contractor_organization_id) is distinct from 'contractor' then
    perform private.offset_fail('Only the contractor''s admins use its banked credit', 'offsets.error.forbidden', '42501');
  end if;
  if amount is null or amount <= 0 or amount <> round(amount, 2) then
    perform private.offset_fail('Enter a positive amount with at most two decimals', 'offsets.validation.amount_invalid', '22023');
  end if;
  if char_length(trimmed) > 2000 then
    perform private.offset_fail('The note is too long', 'offsets.validation.note_too_long', '22001');
  end if;

  if kind = 'application' then
    select * into target from public.offset_agreements a where a.id = target_agreement_id;
    if not found or target.contractor_organization_id <> offset_request_bank_use.contractor_organization_id then
      perform private.offset_fail('Choose one of your agreements', 'offsets.validation.agreement_invalid', '23514');
    end if;
    if target.status <> 'active' then
      perform private.offset_fail('Banked credit is applied to an active agreement', 'offsets.error.agreement_not_active', 'P0001');
    end if;
    if target.reviewer_organization_id <> offset_request_bank_use.reviewer_organization_id
       or target.currency <> offset_request_bank_use.currency then
      perform private.offset_fail('The agreement is under another reviewer or in another currency',
        'offsets.validation.bank_account_mismatch', '23514');
    end if;
    target_organization_id := null;
  elsif kind = 'transfer' then
    if private.org_kind(target_organization_id) is distinct from 'contractor'
       or target_organization_id = contractor_organization_id then
      perform private.offset_fail('Choose another contractor', 'offsets.validation.transfer_target_invalid', '23514');
    end if;
    target_agreement_id := null;
  else
    perform private.offset_fail('Unknown request', 'offsets.validation.decision_invalid', '22023');
  end if;

  select coalesce(sum(l.remaining), 0) into available
  from private.offset_lots(contractor_organization_id, reviewer_organization_id, currency) l
  where l.valid_until >= private.offset_today() and l.remaining > 0;
  if available < amount then
    perform private.offset_fail(format('Only %s %s of banked credit is available', available, currency),
      'offsets.error.bank_insufficient', 'P0001');
  end if;

  insert into public.offset_bank_requests
    (kind, contractor_organization_id, reviewer_organization_id, currency, amount, target_agreement_id,
     target_organization_id, note, requested_by)
  values (kind, contractor_organization_id, reviewer_organization_id, currency, amount, target_agreement_id,
     target_organization_id, trimmed, auth.uid())
  returning id into new_id;
  perform private.offset_audit('offset.bank.requested', 'offset_bank_requests', new_id::text,
    contractor_organization_id, contractor_organization_id,
    jsonb_build_object('kind', kind, 'amount', amount, 'currency', currency, 'target_agreement_id', target_agreement_id,
      'target_organization_id', target_organization_id));
  return private.offset_finish_request(request_key, jsonb_build_object('status', 'submitted', 'bank_request_id', new_id));
end
$$;

create or replace function public.offset_withdraw_bank_request(bank_request_id uuid) returns public.offset_bank_request_status
language plpgsql security definer set search_path = '' as $$
declare
  request public.offset_bank_requests;
begin
  select * into request from public.offset_bank_requests b where b.id = bank_request_id for update;
  if not found or not private.is_member_of(request.contractor_organization_id) then
    perform private.offset_fail('Request not found', 'offsets.error.not_found', 'P0002');
  end if;
  if not private.has_org_role(request.contractor_organization_id, array['owner', 'admin']) then
    perform private.offset_fail('Only the contractor''s admins withdraw requests', 'offsets.error.forbidden', '42501');
  end if;
  if request.status = 'withdrawn' then
    return request.status;
  end if;
  if request.status <> 'submitted' then
    perform private.offset_fail('This request has already been decided', 'offsets.error.already_decided', 'P0001');
  end if;
  update public.offset_bank_requests b set status = 'withdrawn' where b.id = request.id;
  perform private.offset_audit('offset.bank.withdrawn', 'offset_bank_requests', request.id::text,
    request.contractor_organization_id, request.contractor_organization_id, '{}'::jsonb);
  return 'withdrawn';
end
$$;

-- The reviewer decides a bank request. Approval locks the accounts, writes off expired lots,
-- takes the amount from usable lots (soonest expiry first) and posts it in one group.
create or replace function public.offset_decide_bank_request(bank_request_id uuid, decision text, comment text, request_key uuid)
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  replay jsonb;
  request public.offset_bank_requests;
  target public.offset_agreements;
  trimmed text := nullif(btrim(coalesce(comment, '')), '');
  posting_group uuid := gen_random_uuid();
  credited numeric;
  taken record;
  actor_name text := private.offset_actor_name();
begin
  replay := private.offset_claim_request(request_key, 'decide_bank_request',
    jsonb_build_object('bank_request_id', bank_request_id, 'decision', decision, 'comment', trimmed));
  if replay is not null then
    return replay;
  end if;

  select * into request from public.offset_bank_requests b where b.id = offset_decide_bank_request.bank_request_id for update;
  if not found or not private.is_member_of(request.reviewer_organization_id) then
    perform private.offset_fail('Request not found', 'offsets.error.not_found', 'P0002');
  end if;
  if not private.has_org_role(request.reviewer_organization_id, array['owner', 'admin']) then
    perform private.offset_fail('Only the reviewer''s admins decide', 'offsets.error.forbidden', '42501');
  end if;
  if request.status <> 'submitted' then
    perform private.offset_fail('This request has already been decided', 'offsets.error.already_decided', 'P0001');
  end if;
  if char_length(trimmed) > 5000 then
    perform private.offset_fail('The comment is too long', 'offsets.validation.comment_too_long', '22001');
  end if;

  if decision = 'reject' then
    if trimmed is null then
      perform private.offset_fail('Say why the request is rejected', 'offsets.validation.comment_required', '23514');
    end if;
    update public.offset_bank_requests b
    set status = 'rejected', decided_at = now(), decided_by = auth.uid(), review_comment = trimmed
    where b.id = request.id;
    perform private.offset_audit('offset.bank.rejected', 'offset_bank_requests', request.id::text,
      request.contractor_organization_id, request.reviewer_organization_id, jsonb_build_object('comment', trimmed));
    return private.offset_finish_request(request_key, jsonb_build_object('status', 'rejected', 'bank_request_id', request.id));
  elsif decision is distinct from 'approve' then
    perform private.offset_fail('Unknown decision', 'offsets.validation.decision_invalid', '22023');
  end if;

  if request.kind = 'application' then
    select * into target from public.offset_agreements a where a.id = request.target_agreement_id for update;
    if target.status <> 'active' then
      perform private.offset_fail('Banked credit is applied to an active agreement', 'offsets.error.agreement_not_active', 'P0001');
    end if;
    perform private.offset_lock_bank(request.contractor_organization_id, request.reviewer_organization_id, request.currency);
    perform private.offset_expire_lots(request.contractor_organization_id, request.reviewer_organization_id, request.currency);
    select coalesce(sum(e.amount), 0) into credited
    from public.offset_ledger_entries e where e.agreement_id = target.id and e.account = 'agreement';
    if request.amount > target.obligation_value - credited then
      perform private.offset_fail('The amount is more than the agreement''s remaining obligation',
        'offsets.error.application_exceeds_remaining', 'P0001');
    end if;
    perform private.offset_take_from_bank(request.contractor_organization_id, request.reviewer_organization_id,
      request.currency, request.amount, 'bank_application', posting_group, target.id, request.id, null,
      'Banked credit applied to ' || left(target.program, 150));
    insert into public.offset_ledger_entries
      (entry_group, contractor_organization_id, reviewer_organization_id, account, agreement_id, kind, amount, currency,
       bank_request_id, memo, created_by, created_by_name)
    values (posting_group, request.contractor_organization_id, request.reviewer_organization_id, 'agreement', target.id,
       'bank_application', request.amount, request.currency, request.id, 'Banked credit applied', auth.uid(), actor_name);
  else
    -- Both accounts, in key order.
    if request.contractor_organization_id < request.target_organization_id then
      perform private.offset_lock_bank(request.contractor_organization_id, request.reviewer_organization_id, request.currency);
      perform private.offset_lock_bank(request.target_organization_id, request.reviewer_organization_id, request.currency);
    else
      perform private.offset_lock_bank(request.target_organization_id, request.reviewer_organization_id, request.currency);
      perform private.offset_lock_bank(request.contractor_organization_id, request.reviewer_organization_id, request.currency);
    end if;
    perform private.offset_expire_lots(request.contractor_organization_id, request.reviewer_organization_id, request.currency);
    -- The receiving side opens one lot per lot taken, keeping its validity: a transfer never
    -- extends how long credit lives.
    for taken in
      select * from private.offset_take_from_bank(request.contractor_organization_id, request.reviewer_organization_id,
        request.currency, request.amount, 'bank_transfer', posting_group, null, request.id, request.target_organization_id,
        'Banked credit transferred')
    loop
      insert into public.offset_ledger_entries
        (entry_group, contractor_organization_id, reviewer_organization_id, account, kind, amount, currency, valid_until,
         bank_request_id, counterparty_organization_id, memo, created_by, created_by_name)
      values (posting_group, request.target_organization_id, request.reviewer_organization_id, 'bank', 'bank_transfer',
         taken.taken, request.currency, taken.valid_until, request.id, request.contractor_organization_id,
         'Banked credit received by transfer', auth.uid(), actor_name);
    end loop;
  end if;

  update public.offset_bank_requests b
  set status = 'approved', decided_at = now(), decided_by = auth.uid(), review_comment = trimmed, entry_group = posting_group
  where b.id = request.id;
  perform private.offset_audit('offset.bank.approved', 'offset_bank_requests', request.id::text,
    request.contractor_organization_id, request.reviewer_organization_id,
    jsonb_build_object('kind', request.kind, 'amount', request.amount, 'currency', request.currency,
      'target_agreement_id', request.target_agreement_id, 'target_organization_id', request.target_organization_id,
      'entry_group', posting_group, 'comment', trimmed));
  if request.kind = 'transfer' then
    perform private.offset_audit('offset.bank.received', 'offset_bank_requests', request.id::text,
      request.target_organization_id, request.reviewer_organization_id,
      jsonb_build_object('amount', request.amount, 'currency', request.currency, 'from', request.contractor_organization_id));
  end if;
  return private.offset_finish_request(request_key, jsonb_build_object(
    'status', 'approved', 'bank_request_id', request.id, 'entry_group', posting_group));
end
$$;

-- Writes off expired banked credit of the accounts the caller administers (a contractor's admins,
-- a reviewer's admins), or of every account for the service role (a scheduled job); optionally
-- only one contractor's. Returns the amount written off.
create or replace function public.offset_write_off_expired(contractor_organization_id uuid default null) returns numeric
language plpgsql security definer set search_path = '' as $$
declare
  account_key record;
  total numeric := 0;
  -- The service role, or a direct database session of a server job (no user at all).
  everything boolean := auth.uid() is null and (coalesce(auth.role(), '') = 'service_role' or session_user <> 'authenticator');
begin
  for account_key in
    select distinct l.contractor_organization_id as contractor, l.reviewer_organization_id as reviewer, l.currency
    from public.offset_ledger_entries l
    where l.account = 'bank' and l.bank_lot_id is null and l.valid_until < private.offset_today()
      and (offset_write_off_expired.contractor_organization_id is null
           or l.contractor_organization_id = offset_write_off_expired.contractor_organization_id)
      and (everything
           or l.contractor_organization_id = any (private.admin_org_ids())
           or l.reviewer_organization_id = any (private.admin_org_ids()))
    order by 1, 2, 3
  loop
    perform private.offset_lock_bank(account_key.contractor, account_key.reviewer, account_key.currency);
    total := total + private.offset_expire_lots(account_key.contractor, account_key.reviewer, account_key.currency);
  end loop;
  return round(total, 2);
end
$$;

-- Row-level security -------------------------------------------------------------------------

alter table public.offset_default_categories enable row level security;
alter table public.offset_agreements enable row level security;
alter table public.offset_categories enable row level security;
alter table public.offset_transactions enable row level security;
alter table public.offset_bank_requests enable row level security;
alter table public.offset_ledger_entries enable row level security;

create policy "Everyone reads the default offset multipliers" on public.offset_default_categories
  for select to anon, authenticated using (true);
create policy "The platform adds default offset categories" on public.offset_default_categories
  for insert to authenticated with check ((select private.is_platform_admin()));
create policy "The platform edits default offset multipliers" on public.offset_default_categories
  for update to authenticated
  using ((select private.is_platform_admin())) with check ((select private.is_platform_admin()));
create policy "The platform removes default offset categories" on public.offset_default_categories
  for delete to authenticated using ((select private.is_platform_admin()));

create policy "Contractor and, once submitted, reviewer see agreements" on public.offset_agreements
  for select to authenticated
  using (
    contractor_organization_id = any ((select private.member_org_ids())::uuid[])
    or (status <> 'draft' and reviewer_organization_id = any ((select private.member_org_ids())::uuid[]))
  );
create policy "Contractor admins draft agreements for their organization" on public.offset_agreements
  for insert to authenticated
  with check (
    contractor_organization_id = any ((select private.admin_org_ids())::uuid[])
    and (select private.org_kind(contractor_organization_id)) = 'contractor'
  );
create policy "Contractor admins edit their draft agreements" on public.offset_agreements
  for update to authenticated
  using (status = 'draft' and contractor_organization_id = any ((select private.admin_org_ids())::uuid[]))
  with check (status = 'draft' and contractor_organization_id = any ((select private.admin_org_ids())::uuid[]));
create policy "Contractor admins delete draft agreements without transactions" on public.offset_agreements
  for delete to authenticated
  using (status = 'draft' and contractor_organization_id = any ((select private.admin_org_ids())::uuid[]));

create policy "Categories are visible with their agreement" on public.offset_categories
  for select to authenticated
  using (exists (select 1 from public.offset_agreements a where a.id = offset_categories.agreement_id));
create policy "Contractor admins add categories to draft agreements" on public.offset_categories
  for insert to authenticated
  with check (exists (
    select 1 from public.offset_agreements a
    where a.id = offset_categories.agreement_id and a.status = 'draft'
      and a.contractor_organization_id = any ((select private.admin_org_ids())::uuid[])));
create policy "Contractor admins set multipliers of draft agreements" on public.offset_categories
  for update to authenticated
  using (exists (
    select 1 from public.offset_agreements a
    where a.id = offset_categories.agreement_id and a.status = 'draft'
      and a.contractor_organization_id = any ((select private.admin_org_ids())::uuid[])))
  with check (exists (
    select 1 from public.offset_agreements a
    where a.id = offset_categories.agreement_id and a.status = 'draft'
      and a.contractor_organization_id = any ((select private.admin_org_ids())::uuid[])));
create policy "Contractor admins remove categories of draft agreements" on public.offset_categories
  for delete to authenticated
  using (exists (
    select 1 from public.offset_agreements a
    where a.id = offset_categories.agreement_id and a.status = 'draft'
      and a.contractor_organization_id = any ((select private.admin_org_ids())::uuid[])));

create policy "Contractor and, once submitted, reviewer see transactions" on public.offset_transactions
  for select to authenticated
  using (
    contractor_organization_id = any ((select private.member_org_ids())::uuid[])
    or (status <> 'proposed' and reviewer_organization_id = any ((select private.member_org_ids())::uuid[]))
  );
create policy "Contractor admins record transactions" on public.offset_transactions
  for insert to authenticated
  with check (
    contractor_organization_id = any ((select private.admin_org_ids())::uuid[])
    and (select private.org_kind(contractor_organization_id)) = 'contractor'
  );
create policy "Contractor admins edit proposed transactions" on public.offset_transactions
  for update to authenticated
  using (status = 'proposed' and contractor_organization_id = any ((select private.admin_org_ids())::uuid[]))
  with check (status = 'proposed' and contractor_organization_id = any ((select private.admin_org_ids())::uuid[]));
create policy "Contractor admins delete proposed transactions" on public.offset_transactions
  for delete to authenticated
  using (status = 'proposed' and contractor_organization_id = any ((select private.admin_org_ids())::uuid[]));

create policy "Contractor, reviewer and transfer recipient see bank requests" on public.offset_bank_requests
  for select to authenticated
  using (
    contractor_organization_id = any ((select private.member_org_ids())::uuid[])
    or reviewer_organization_id = any ((select private.member_org_ids())::uuid[])
    or (status = 'approved' and target_organization_id = any ((select private.member_org_ids())::uuid[]))
  );
create policy "Bank requests are made through offset_request_bank_use" on public.offset_bank_requests
  for insert to authenticated with check (false);
create policy "Bank requests are decided through the review functions" on public.offset_bank_requests
  for update to authenticated using (false);
create policy "Bank requests are never deleted" on public.offset_bank_requests
  for delete to authenticated using (false);

create policy "The account's contractor and reviewer see ledger entries" on public.offset_ledger_entries
  for select to authenticated
  using (
    contractor_organization_id = any ((select private.member_org_ids())::uuid[])
    or reviewer_organization_id = any ((select private.member_org_ids())::uuid[])
  );
create policy "Ledger entries are written only by the ledger functions" on public.offset_ledger_entries
  for insert to authenticated with check (false);
create policy "Ledger entries are never changed" on public.offset_ledger_entries
  for update to authenticated using (false);
create policy "Ledger entries are never deleted" on public.offset_ledger_entries
  for delete to authenticated using (false);

-- Privileges: beyond RLS, API roles (the service role included, which bypasses RLS) cannot write
-- the ledger or the bank requests directly at all.
revoke insert, update, delete, truncate on public.offset_ledger_entries from anon, authenticated, service_role;
revoke insert, update, delete, truncate on public.offset_bank_requests from anon, authenticated, service_role;
revoke all on public.offset_agreements, public.offset_categories, public.offset_transactions,
  public.offset_ledger_entries, public.offset_bank_requests from anon;
grant select on public.offset_ledger_entries, public.offset_bank_requests to authenticated, service_role;
revoke all on public.offset_agreement_balances, public.offset_bank_lots, public.offset_bank_balances from anon;
grant select on public.offset_agreement_balances, public.offset_bank_lots, public.offset_bank_balances to authenticated, service_role;

revoke execute on function
  public.offset_set_multipliers(uuid, jsonb),
  public.offset_submit_agreement(uuid), public.offset_review_agreement(uuid, text, text),
  public.offset_submit_transaction(uuid), public.offset_decide_transaction(uuid, text, text, uuid, date),
  public.offset_reverse_entries(uuid, text, uuid),
  public.offset_request_bank_use(public.offset_bank_request_kind, uuid, uuid, text, numeric, uuid, uuid, uuid, text),
  public.offset_withdraw_bank_request(uuid), public.offset_decide_bank_request(uuid, text, text, uuid),
  public.offset_write_off_expired(uuid)
from public, anon;
grant execute on function
  public.offset_set_multipliers(uuid, jsonb),
  public.offset_submit_agreement(uuid), public.offset_review_agreement(uuid, text, text),
  public.offset_submit_transaction(uuid), public.offset_decide_transaction(uuid, text, text, uuid, date),
  public.offset_reverse_entries(uuid, text, uuid),
  public.offset_request_bank_use(public.offset_bank_request_kind, uuid, uuid, text, numeric, uuid, uuid, uuid, text),
  public.offset_withdraw_bank_request(uuid), public.offset_decide_bank_request(uuid, text, text, uuid),
  public.offset_write_off_expired(uuid)
to authenticated, service_role;

-- Private helpers: the ones policies, views and invoker triggers call are executable by API
-- roles; the ones that write stay with the definer functions.
revoke execute on function
  private.offset_today(), private.offset_fail(text, text, text), private.refuse_ledger_change(),
  private.check_offset_ledger_invariants(), private.offset_claim_request(uuid, text, jsonb),
  private.offset_finish_request(uuid, jsonb), private.offset_actor_name(),
  private.offset_audit(text, text, text, uuid, uuid, jsonb), private.offset_lock_bank(uuid, uuid, text),
  private.offset_lots(uuid, uuid, text), private.offset_expire_lots(uuid, uuid, text),
  private.offset_take_from_bank(uuid, uuid, text, numeric, public.offset_ledger_entry_kind, uuid, uuid, uuid, uuid, text),
  private.offset_chain(uuid, uuid), private.offset_check_link(uuid, uuid, uuid),
  private.offset_multiplier(uuid, text, boolean), private.offset_is_sme(uuid), private.offset_agreement_row(uuid),
  private.guard_offset_agreement(), private.add_default_offset_categories(), private.guard_offset_category(),
  private.guard_offset_transaction()
from public;
grant execute on function private.offset_today(), private.offset_fail(text, text, text),
  private.offset_chain(uuid, uuid), private.offset_check_link(uuid, uuid, uuid),
  private.offset_multiplier(uuid, text, boolean), private.offset_is_sme(uuid), private.offset_agreement_row(uuid)
to anon, authenticated, service_role;

-- Evidence documents ---------------------------------------------------------------------------
-- offset-evidence  <contractor org>/<transaction id>/<file>  private

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types) values
  ('offset-evidence', 'offset-evidence', false, 26214400, array[
    'application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'text/csv', 'text/plain',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document'])
on conflict (id) do nothing;

-- The transaction a file belongs to, when the path is well formed and the folder matches.
create or replace function private.offset_evidence_transaction(object_name text) returns public.offset_transactions
language sql stable security definer set search_path = '' as $$
  select t from public.offset_transactions t
  where t.id = private.try_uuid(split_part(object_name, '/', 2))
    and t.contractor_organization_id = private.try_uuid(split_part(object_name, '/', 1))
    and array_length(string_to_array(object_name, '/'), 1) = 3
    and split_part(object_name, '/', 3) <> ''
$$;

create or replace function private.can_read_offset_evidence(object_name text) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from private.offset_evidence_transaction(object_name) t
    where t.id is not null and (
      t.contractor_organization_id = any (private.member_org_ids())
      or (t.status <> 'proposed' and t.reviewer_organization_id = any (private.member_org_ids()))))
$$;

-- Evidence is added or removed only while the transaction is proposed; after submission the
-- files are what the reviewer decided on.
create or replace function private.can_write_offset_evidence(object_name text) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from private.offset_evidence_transaction(object_name) t
    where t.id is not null and t.status = 'proposed'
      and t.contractor_organization_id = any (private.admin_org_ids()))
$$;

grant execute on function private.offset_evidence_transaction(text), private.can_read_offset_evidence(text),
  private.can_write_offset_evidence(text)
to anon, authenticated, service_role;

create policy "Contractor and, once submitted, reviewer read offset evidence"
  on storage.objects for select to authenticated
  using (bucket_id = 'offset-evidence' and private.can_read_offset_evidence(name));
create policy "Contractor admins attach evidence to proposed transactions"
  on storage.objects for insert to authenticated
  with check (bucket_id = 'offset-evidence' and private.can_write_offset_evidence(name));
create policy "Contractor admins replace evidence of proposed transactions"
  on storage.objects for update to authenticated
  using (bucket_id = 'offset-evidence' and private.can_write_offset_evidence(name))
  with check (bucket_id = 'offset-evidence' and private.can_write_offset_evidence(name));
create policy "Contractor admins remove evidence of proposed transactions"
  on storage.objects for delete to authenticated
  using (bucket_id = 'offset-evidence' and private.can_write_offset_evidence(name));
