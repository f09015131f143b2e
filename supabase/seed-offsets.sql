-- Offsets demo data, to run after supabase/seed.sql (it looks up the seeded users and
-- organizations by e-mail, so it does not depend on generated ids). Demonstration data only:
-- the agreement, its program and its figures are fictional.
--
--   * an ACTIVE agreement of the seeded contractor (contractor@clustermatch.test) under the
--     seeded reviewer (reviewer@clustermatch.test), with its default multipliers, two credits
--     posted on earlier dates (so the fulfilment chart has a history) and one submitted
--     transaction waiting in the reviewer's queue;
--   * banked credit earned before an agreement, part of it expiring within 90 days.
--
-- The awarded EOIs of the seed stay free for recording new transactions. Posted rows are written
-- as the database owner, the way the ledger functions write them; no evidence files are seeded
-- (storage files live outside the database), so the seeded transactions carry none.
do $$
declare
  contractor uuid;
  contractor_user uuid;
  reviewer uuid;
  reviewer_user uuid;
  sme uuid;
  agreement constant uuid := 'a0ff5e70-0000-4000-8000-000000000001';
  credit_one constant uuid := 'a0ff5e70-0000-4000-8000-000000000011';
  credit_two constant uuid := 'a0ff5e70-0000-4000-8000-000000000012';
  waiting constant uuid := 'a0ff5e70-0000-4000-8000-000000000013';
  banked constant uuid := 'a0ff5e70-0000-4000-8000-000000000021';
begin
  select m.organization_id, m.user_id into contractor, contractor_user
  from public.memberships m join auth.users u on u.id = m.user_id join public.organizations o on o.id = m.organization_id
  where u.email = 'contractor@clustermatch.test' and o.kind = 'contractor' order by m.created_at limit 1;
  select m.organization_id, m.user_id into reviewer, reviewer_user
  from public.memberships m join auth.users u on u.id = m.user_id join public.organizations o on o.id = m.organization_id
  where u.email = 'reviewer@clustermatch.test' and o.kind = 'government_reviewer' order by m.created_at limit 1;
  select m.organization_id into sme
  from public.memberships m join auth.users u on u.id = m.user_id join public.organizations o on o.id = m.organization_id
  where u.email = 'sme@clustermatch.test' and o.kind = 'sme' order by m.created_at limit 1;
  if contractor is null or reviewer is null or sme is null then
    raise exception 'seed-offsets.sql needs the seeded contractor, reviewer and SME users';
  end if;
  if exists (select 1 from public.offset_agreements a where a.id = agreement) then
    return;
  end if;

  insert into public.offset_agreements
    (id, contractor_organization_id, reviewer_organization_id, program, reference, contract_value, currency,
     obligation_percent, deadline, penalty_rate_percent, bank_validity_months, notes, status,
     submitted_at, submitted_by, decided_at, decided_by, created_by, created_at)
  values
    (agreement, contractor, reviewer, 'Maritime patrol aircraft support (demo)', 'DEMO-OFFSET-2026-01', 240000000, 'USD',
     50, (now() at time zone 'Asia/Seoul')::date + 1460, 10, 60,
     'Demonstration data: a fictional agreement for trying out offset tracking. 데모용 가상 합의입니다.', 'active',
     now() - interval '120 days', contractor_user, now() - interval '115 days', reviewer_user, contractor_user, now() - interval '121 days');

  insert into public.offset_transactions
    (id, contractor_organization_id, reviewer_organization_id, agreement_id, category_code, title, description,
     sme_organization_id, value, currency, exchange_rate, credit_currency, multiplier, transaction_date, status,
     submitted_at, submitted_by, decided_at, decided_by, review_comment, credited_at, created_by, created_at)
  values
    (credit_one, contractor, reviewer, agreement, 'parts_supply', 'Machined aluminium frame parts, first lot (demo)',
     'Demonstration data.', sme, 4500000, 'USD', 1, 'USD', 2.0, (now() - interval '90 days')::date, 'credited',
     now() - interval '85 days', contractor_user, now() - interval '80 days', reviewer_user, 'Invoices and delivery notes checked.',
     now() - interval '80 days', contractor_user, now() - interval '90 days'),
    (credit_two, contractor, reviewer, agreement, 'mro', 'Hydraulic component overhaul line set-up (demo)',
     'Demonstration data.', sme, 6000000, 'USD', 1, 'USD', 1.5, (now() - interval '40 days')::date, 'credited',
     now() - interval '35 days', contractor_user, now() - interval '30 days', reviewer_user, 'Site visit report attached to the file.',
     now() - interval '30 days', contractor_user, now() - interval '40 days'),
    (waiting, contractor, reviewer, agreement, 'technology_transfer', 'Composite repair training package (demo)',
     'Demonstration data.', sme, 1200000, 'USD', 1, 'USD', 3.0, (now() - interval '10 days')::date, 'submitted',
     now() - interval '2 days', contractor_user, null, null, null, null, contractor_user, now() - interval '10 days');

  insert into public.offset_transactions
    (id, contractor_organization_id, reviewer_organization_id, agreement_id, category_code, title, description,
     sme_organization_id, value, currency, exchange_rate, credit_currency, multiplier, transaction_date, status,
     submitted_at, submitted_by, decided_at, decided_by, review_comment, credited_at, bank_valid_until, created_by, created_at)
  values
    (banked, contractor, reviewer, null, 'localization', 'Pre-agreement localization pilot (demo)', 'Demonstration data.',
     sme, 2000000, 'USD', 1, 'USD', 1.5, (now() - interval '1700 days')::date, 'credited',
     now() - interval '1690 days', contractor_user, now() - interval '1680 days', reviewer_user, 'Banked for a later agreement.',
     now() - interval '1680 days', (now() at time zone 'Asia/Seoul')::date + 45, contractor_user, now() - interval '1700 days');

  insert into public.offset_ledger_entries
    (entry_group, contractor_organization_id, reviewer_organization_id, account, agreement_id, kind, amount, currency,
     valid_until, transaction_id, memo, created_by, created_by_name, created_at)
  values
    ('a0ff5e70-0000-4000-8000-0000000000a1', contractor, reviewer, 'agreement', agreement, 'credit', 9000000, 'USD',
     null, credit_one, 'Machined aluminium frame parts, first lot (demo)', reviewer_user, 'Seed', now() - interval '80 days'),
    ('a0ff5e70-0000-4000-8000-0000000000a2', contractor, reviewer, 'agreement', agreement, 'credit', 9000000, 'USD',
     null, credit_two, 'Hydraulic component overhaul line set-up (demo)', reviewer_user, 'Seed', now() - interval '30 days'),
    ('a0ff5e70-0000-4000-8000-0000000000a3', contractor, reviewer, 'bank', null, 'bank_deposit', 3000000, 'USD',
     (now() at time zone 'Asia/Seoul')::date + 45, banked, 'Pre-agreement localization pilot (demo)', reviewer_user, 'Seed',
     now() - interval '1680 days');
end
$$;
