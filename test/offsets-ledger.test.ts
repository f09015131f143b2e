import { randomUUID } from "node:crypto";
import fc from "fast-check";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  addEvidenceObject,
  addMember,
  asRole,
  asUser,
  connect,
  createActiveAgreement,
  createOrganization,
  createUser,
  expectRefusal,
  submitTransaction,
} from "./offsets-fixtures";
import { creditValue, fromMinor, toMinor } from "../app/offsets/money";

/*
 * Property-based tests of the offset ledger, run against the real database functions: random
 * sequences of approvals, rejections, reversals, bank applications, transfers, expiries, replays
 * and tampering attempts, each checked against a small independent model of what the balances
 * must be, plus invariants read straight from the ledger after every step.
 */

const stack = inject("stack");
const CATEGORIES = ["parts_supply", "localization", "mro", "technology_transfer", "division_hosting"] as const;
const DEFAULT_MULTIPLIERS: Record<(typeof CATEGORIES)[number], { base: string; sme: string }> = {
  parts_supply: { base: "1.000", sme: "2.000" },
  localization: { base: "1.000", sme: "1.500" },
  mro: { base: "1.000", sme: "1.500" },
  technology_transfer: { base: "2.000", sme: "3.000" },
  division_hosting: { base: "1.500", sme: "1.500" },
};

let db: pg.Client;
let reviewer: string;
let reviewerAdmin: string;
let contractorAdmin: string;
let sme: string;
let today: string;

beforeAll(async () => {
  db = await connect(stack.databaseUrl);
  reviewer = await createOrganization(db, "government_reviewer", "Ledger test reviewer");
  reviewerAdmin = (await createUser(db, "ledger-reviewer")).id;
  await addMember(db, reviewer, reviewerAdmin, "owner");
  contractorAdmin = (await createUser(db, "ledger-contractor")).id;
  sme = await createOrganization(db, "sme", "Ledger test SME");
  today = (await db.query<{ today: string }>("select private.offset_today()::text as today")).rows[0]!.today;
});

afterAll(async () => {
  await db?.end();
});

type LedgerRow = {
  id: string;
  entry_group: string;
  contractor_organization_id: string;
  account: "agreement" | "bank";
  agreement_id: string | null;
  kind: string;
  amount: string;
  bank_lot_id: string | null;
  valid_until: string | null;
  reverses_entry_id: string | null;
};

async function ledgerRows(contractors: string[]): Promise<LedgerRow[]> {
  const { rows } = await db.query<LedgerRow>(
    `select id::text, entry_group::text, contractor_organization_id::text, account::text, agreement_id::text, kind::text,
            amount::text, bank_lot_id::text, valid_until::text, reverses_entry_id::text
     from public.offset_ledger_entries where contractor_organization_id = any ($1::uuid[]) order by id`,
    [contractors],
  );
  return rows;
}

/** Every column of every row, to prove nothing is edited in place between two points in time. */
async function ledgerSnapshot(contractors: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; row: string }>(
    `select e.id::text, to_jsonb(e)::text as row from public.offset_ledger_entries e
     where e.contractor_organization_id = any ($1::uuid[])`,
    [contractors],
  );
  return new Map(rows.map((r) => [r.id, r.row]));
}

type Lot = { owner: "A" | "B"; remaining: bigint; validUntil: string };
type Model = {
  agreements: Array<{ id: string; obligation: bigint; credited: bigint }>;
  lots: Map<string, Lot>;
  reversibleGroups: Set<string>;
};

function usable(lot: Lot) {
  return lot.validUntil >= today && lot.remaining > 0n;
}

function available(model: Model, owner: "A" | "B") {
  let total = 0n;
  for (const lot of model.lots.values()) if (lot.owner === owner && usable(lot)) total += lot.remaining;
  return total;
}

/** Lots in the order the database takes from them: soonest validity first, then oldest. */
function takeOrder(model: Model, owner: "A" | "B") {
  return [...model.lots.entries()]
    .filter(([, lot]) => lot.owner === owner && usable(lot))
    .sort(([idA, a], [idB, b]) => a.validUntil.localeCompare(b.validUntil) || Number(BigInt(idA) - BigInt(idB)));
}

function writeOffExpired(model: Model, owner: "A" | "B") {
  for (const lot of model.lots.values()) if (lot.owner === owner && lot.validUntil < today && lot.remaining > 0n) lot.remaining = 0n;
}

const commandArbitrary = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant("credit" as const),
      agreement: fc.constantFrom(0, 1, null),
      cents: fc.bigInt({ min: 1n, max: 300_000n }),
      category: fc.constantFrom(...CATEGORIES),
      withSme: fc.boolean(),
      // Days of validity the reviewer gives banked credit; null keeps the agreement's default.
      validDays: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("reject" as const), cents: fc.bigInt({ min: 1n, max: 300_000n }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("reverse" as const), pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({ type: fc.constant("apply" as const), agreement: fc.constantFrom(0, 1), cents: fc.bigInt({ min: 1n, max: 400_000n }) }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("transfer" as const), cents: fc.bigInt({ min: 1n, max: 400_000n }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("expiredLot" as const), cents: fc.bigInt({ min: 1n, max: 200_000n }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("writeOff" as const) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("replay" as const) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("tamper" as const), pick: fc.nat() }) },
);

describe("offset ledger properties (real database functions)", () => {
  it("keeps balances equal to the sum of entries, reversals netting to zero, banked credit non-negative and unusable after expiry, replays not double-counted, and entries unedited", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(commandArbitrary, { minLength: 1, maxLength: 10 }),
        fc.tuple(fc.bigInt({ min: 10_000n, max: 2_000_000n }), fc.bigInt({ min: 10_000n, max: 2_000_000n })),
        async (commands, contractValues) => {
          // A fresh pair of contractors per run, so every run starts from empty bank accounts.
          const contractorA = await createOrganization(db, "contractor", "Ledger contractor A");
          const contractorB = await createOrganization(db, "contractor", "Ledger contractor B");
          await addMember(db, contractorA, contractorAdmin, "owner");
          await addMember(db, contractorB, contractorAdmin, "owner");
          const parties = { contractor: contractorA, contractorAdmin, reviewer, reviewerAdmin, sme };
          const currency = "USD";
          const model: Model = { agreements: [], lots: new Map(), reversibleGroups: new Set() };
          for (const cents of contractValues) {
            const agreement = await createActiveAgreement(db, parties, { contractValue: fromMinor(cents), obligationPercent: "50", currency });
            model.agreements.push({ id: agreement.id, obligation: toMinor(agreement.obligation), credited: 0n });
          }
          const contractors = [contractorA, contractorB];
          let lastKeyed: { sql: string; params: unknown[]; as: string; result: Record<string, unknown> } | null = null;

          const keyed = async (as: string, sql: string, params: unknown[]) => {
            const key = randomUUID();
            const { rows } = await asUser(db, as, (c) => c.query<{ result: Record<string, unknown> }>(sql, [...params, key]));
            const result = rows[0]!.result;
            lastKeyed = { sql, params: [...params, key], as, result };
            return result;
          };

          for (const command of commands) {
            const before = await ledgerSnapshot(contractors);

            if (command.type === "credit" || command.type === "reject") {
              const agreementIndex = command.type === "credit" ? command.agreement : 0;
              const agreement = agreementIndex === null ? null : model.agreements[agreementIndex]!;
              const category = command.type === "credit" ? command.category : "parts_supply";
              const withSme = command.type === "credit" ? command.withSme : true;
              const tx = await submitTransaction(db, parties, {
                agreementId: agreement?.id ?? null,
                value: fromMinor(command.cents),
                currency,
                category,
                withSme,
              });
              const expectedMultiplier = withSme ? DEFAULT_MULTIPLIERS[category].sme : DEFAULT_MULTIPLIERS[category].base;
              expect(tx.multiplier).toBe(expectedMultiplier);
              const credit = toMinor(creditValue(fromMinor(command.cents), "1", expectedMultiplier));
              expect(toMinor(tx.creditValue)).toBe(credit);

              if (command.type === "reject") {
                const result = await keyed(reviewerAdmin, "select public.offset_decide_transaction($1, 'reject', 'Not eligible', $2) as result", [tx.id]);
                expect(result.status).toBe("rejected");
              } else {
                const validDays = command.validDays;
                const result = await keyed(
                  reviewerAdmin,
                  "select public.offset_decide_transaction($1, 'approve', null, $3, private.offset_today() + $2::int) as result",
                  [tx.id, validDays],
                );
                const room = agreement ? agreement.obligation - agreement.credited : 0n;
                const toAgreement = agreement ? (credit < room ? credit : room) : 0n;
                const toBank = credit - toAgreement;
                expect(toMinor(String(result.credited ?? "0"))).toBe(toAgreement);
                expect(toMinor(String(result.banked))).toBe(toBank);
                const group = String(result.entry_group);
                const groupRows = (await ledgerRows(contractors)).filter((row) => row.entry_group === group);
                expect(groupRows.reduce((sum, row) => sum + toMinor(row.amount), 0n)).toBe(credit);
                if (agreement) agreement.credited += toAgreement;
                for (const row of groupRows.filter((r) => r.account === "bank")) {
                  model.lots.set(row.id, { owner: "A", remaining: toMinor(row.amount), validUntil: row.valid_until! });
                }
                model.reversibleGroups.add(group);
              }
            } else if (command.type === "reverse") {
              const groups = [...model.reversibleGroups];
              if (groups.length === 0) continue;
              const group = groups[command.pick % groups.length]!;
              const rows = (await ledgerRows(contractors)).filter((row) => row.entry_group === group);
              // Would any lot go below zero once this group's bank rows are undone?
              const deltas = new Map<string, bigint>();
              for (const row of rows.filter((r) => r.account === "bank")) {
                const lot = row.bank_lot_id ?? row.id;
                deltas.set(lot, (deltas.get(lot) ?? 0n) - toMinor(row.amount));
              }
              const blocked = [...deltas].some(([lot, delta]) => model.lots.get(lot)!.remaining + delta < 0n);
              const call = keyed(reviewerAdmin, "select public.offset_reverse_entries($1, 'Correction', $2) as result", [group]);
              if (blocked) {
                expect((await expectRefusal(call)).hint).toBe("offsets.error.reversal_bank_used");
                continue;
              }
              const result = await call;
              const reversalRows = (await ledgerRows(contractors)).filter((row) => row.entry_group === result.reversal_group);
              expect(reversalRows).toHaveLength(rows.length);
              // A reversal nets to zero with what it reverses, in each account and in total.
              for (const account of ["agreement", "bank"] as const) {
                const sum = [...rows, ...reversalRows].filter((r) => r.account === account).reduce((s, r) => s + toMinor(r.amount), 0n);
                expect(sum).toBe(0n);
              }
              for (const row of rows) {
                if (row.account === "agreement") model.agreements.find((a) => a.id === row.agreement_id)!.credited -= toMinor(row.amount);
              }
              for (const [lot, delta] of deltas) model.lots.get(lot)!.remaining += delta;
              model.reversibleGroups.delete(group);
            } else if (command.type === "apply") {
              const agreement = model.agreements[command.agreement]!;
              const request = asUser(db, contractorAdmin, (c) =>
                c.query<{ result: Record<string, unknown> }>(
                  `select public.offset_request_bank_use('application', $1, $2, $3, $4, $5, $6) as result`,
                  [contractorA, reviewer, currency, fromMinor(command.cents), randomUUID(), agreement.id],
                ),
              );
              if (command.cents > available(model, "A")) {
                // Expired credit never counts, even when it would cover the amount.
                expect((await expectRefusal(request)).hint).toBe("offsets.error.bank_insufficient");
                continue;
              }
              const requestId = String((await request).rows[0]!.result.bank_request_id);
              const decide = keyed(reviewerAdmin, "select public.offset_decide_bank_request($1, 'approve', null, $2) as result", [requestId]);
              if (command.cents > agreement.obligation - agreement.credited) {
                expect((await expectRefusal(decide)).hint).toBe("offsets.error.application_exceeds_remaining");
                continue;
              }
              const result = await decide;
              writeOffExpired(model, "A");
              let needed = command.cents;
              const expectedTakes = new Map<string, bigint>();
              for (const [lotId, lot] of takeOrder(model, "A")) {
                if (needed === 0n) break;
                const portion = lot.remaining < needed ? lot.remaining : needed;
                expectedTakes.set(lotId, portion);
                lot.remaining -= portion;
                needed -= portion;
              }
              agreement.credited += command.cents;
              const groupRows = (await ledgerRows(contractors)).filter((row) => row.entry_group === result.entry_group);
              const takes = new Map(groupRows.filter((r) => r.account === "bank").map((r) => [r.bank_lot_id!, -toMinor(r.amount)]));
              expect(takes).toEqual(expectedTakes);
              model.reversibleGroups.add(String(result.entry_group));
            } else if (command.type === "transfer") {
              const request = asUser(db, contractorAdmin, (c) =>
                c.query<{ result: Record<string, unknown> }>(
                  `select public.offset_request_bank_use('transfer', $1, $2, $3, $4, $5, null, $6) as result`,
                  [contractorA, reviewer, currency, fromMinor(command.cents), randomUUID(), contractorB],
                ),
              );
              if (command.cents > available(model, "A")) {
                expect((await expectRefusal(request)).hint).toBe("offsets.error.bank_insufficient");
                continue;
              }
              const requestId = String((await request).rows[0]!.result.bank_request_id);
              const result = await keyed(reviewerAdmin, "select public.offset_decide_bank_request($1, 'approve', 'Allowed', $2) as result", [requestId]);
              writeOffExpired(model, "A");
              let needed = command.cents;
              const sourceValidities: string[] = [];
              for (const [, lot] of takeOrder(model, "A")) {
                if (needed === 0n) break;
                const portion = lot.remaining < needed ? lot.remaining : needed;
                lot.remaining -= portion;
                needed -= portion;
                sourceValidities.push(lot.validUntil);
              }
              const groupRows = (await ledgerRows(contractors)).filter((row) => row.entry_group === result.entry_group);
              const received = groupRows.filter((r) => r.contractor_organization_id === contractorB);
              expect(received.reduce((s, r) => s + toMinor(r.amount), 0n)).toBe(command.cents);
              // A transfer keeps each lot's validity: it never extends how long credit lives.
              expect(received.map((r) => r.valid_until).sort()).toEqual(sourceValidities.sort());
              for (const row of received) model.lots.set(row.id, { owner: "B", remaining: toMinor(row.amount), validUntil: row.valid_until! });
              model.reversibleGroups.add(String(result.entry_group));
            } else if (command.type === "expiredLot") {
              // Time passing: a lot banked earlier whose validity ended yesterday (written as the
              // database owner, the way the functions write, since the clock cannot be moved).
              const { rows } = await db.query<{ id: string; valid_until: string }>(
                `insert into public.offset_ledger_entries (entry_group, contractor_organization_id, reviewer_organization_id, account,
                   kind, amount, currency, valid_until, memo)
                 values (gen_random_uuid(), $1, $2, 'bank', 'bank_deposit', $3, $4, private.offset_today() - 1, 'Expired test lot')
                 returning id::text, valid_until::text`,
                [contractorA, reviewer, fromMinor(command.cents), currency],
              );
              model.lots.set(rows[0]!.id, { owner: "A", remaining: command.cents, validUntil: rows[0]!.valid_until });
            } else if (command.type === "writeOff") {
              const expiredBefore = [...model.lots.values()].filter((l) => l.validUntil < today).reduce((s, l) => s + l.remaining, 0n);
              const { rows } = await asUser(db, contractorAdmin, (c) =>
                c.query<{ total: string }>(
                  "select (public.offset_write_off_expired($1) + public.offset_write_off_expired($2))::text as total",
                  [contractorA, contractorB],
                ),
              );
              expect(toMinor(rows[0]!.total)).toBe(expiredBefore);
              writeOffExpired(model, "A");
              writeOffExpired(model, "B");
            } else if (command.type === "replay") {
              if (!lastKeyed) continue;
              const replay: { sql: string; params: unknown[]; as: string; result: Record<string, unknown> } = lastKeyed;
              const { rows } = await asUser(db, replay.as, (c) => c.query<{ result: Record<string, unknown> }>(replay.sql, replay.params));
              expect(rows[0]!.result).toEqual({ ...replay.result, replayed: true });
              expect(await ledgerSnapshot(contractors)).toEqual(before);
              continue;
            } else if (command.type === "tamper") {
              const rows = await ledgerRows(contractors);
              if (rows.length === 0) continue;
              const target = rows[command.pick % rows.length]!;
              for (const who of [{ userId: contractorAdmin }, { userId: reviewerAdmin }, "service_role"] as const) {
                await expectRefusal(asRole(db, who, (c) => c.query("update public.offset_ledger_entries set amount = amount * 2 where id = $1", [target.id])));
                await expectRefusal(asRole(db, who, (c) => c.query("delete from public.offset_ledger_entries where id = $1", [target.id])));
                await expectRefusal(
                  asRole(db, who, (c) =>
                    c.query(
                      `insert into public.offset_ledger_entries (entry_group, contractor_organization_id, reviewer_organization_id, account,
                         agreement_id, kind, amount, currency) values (gen_random_uuid(), $1, $2, 'agreement', $3, 'credit', 1, 'USD')`,
                      [contractorA, reviewer, model.agreements[0]!.id],
                    ),
                  ),
                );
              }
              // Not even the table owner edits in place: the append-only trigger fires for every role.
              const owner = await expectRefusal(db.query("update public.offset_ledger_entries set memo = 'edited' where id = $1", [target.id]));
              expect(owner.hint).toBe("offsets.error.ledger_append_only");
              expect((await expectRefusal(db.query("delete from public.offset_ledger_entries where id = $1", [target.id]))).hint).toBe(
                "offsets.error.ledger_append_only",
              );
              await expectRefusal(db.query("truncate public.offset_ledger_entries"));
            }

            // Nothing that existed before this step changed.
            const after = await ledgerSnapshot(contractors);
            for (const [id, row] of before) expect(after.get(id)).toBe(row);

            // Balances equal the sum of entries, and match the model.
            const rows = await ledgerRows(contractors);
            const { rows: balances } = await asUser(db, contractorAdmin, (c) =>
              c.query<{ agreement_id: string; credited: string; remaining: string; obligation_value: string }>(
                `select agreement_id::text, credited::text, remaining::text, obligation_value::text
                 from public.offset_agreement_balances where agreement_id = any ($1::uuid[])`,
                [model.agreements.map((a) => a.id)],
              ),
            );
            for (const agreement of model.agreements) {
              const balance = balances.find((b) => b.agreement_id === agreement.id)!;
              const sum = rows.filter((r) => r.account === "agreement" && r.agreement_id === agreement.id).reduce((s, r) => s + toMinor(r.amount), 0n);
              expect(toMinor(balance.credited)).toBe(sum);
              expect(sum).toBe(agreement.credited);
              expect(toMinor(balance.remaining)).toBe(agreement.obligation - agreement.credited);
            }
            const { rows: lots } = await asUser(db, contractorAdmin, (c) =>
              c.query<{ lot_id: string; remaining: string }>(
                "select lot_id::text, remaining::text from public.offset_bank_lots where contractor_organization_id = any ($1::uuid[])",
                [contractors],
              ),
            );
            expect(lots).toHaveLength(model.lots.size);
            for (const lot of lots) {
              // Banked credit never goes negative, and each lot is what the model says.
              expect(toMinor(lot.remaining) >= 0n).toBe(true);
              expect(toMinor(lot.remaining)).toBe(model.lots.get(lot.lot_id)!.remaining);
            }
            const { rows: bankBalances } = await asUser(db, contractorAdmin, (c) =>
              c.query<{ contractor_organization_id: string; available: string }>(
                "select contractor_organization_id::text, available::text from public.offset_bank_balances where contractor_organization_id = any ($1::uuid[])",
                [contractors],
              ),
            );
            for (const [owner, id] of [["A", contractorA], ["B", contractorB]] as const) {
              const balance = bankBalances.find((b) => b.contractor_organization_id === id);
              expect(toMinor(balance?.available ?? "0")).toBe(available(model, owner));
            }
          }
        },
      ),
      { numRuns: 60, endOnFailure: true },
    );
  }, 240_000);

  it("refuses to use credit after its validity ended, and writes off only what remains", async () => {
    const contractor = await createOrganization(db, "contractor", "Expiry contractor");
    await addMember(db, contractor, contractorAdmin, "owner");
    const parties = { contractor, contractorAdmin, reviewer, reviewerAdmin, sme };
    const agreement = await createActiveAgreement(db, parties, { contractValue: "100000.00", obligationPercent: "50", currency: "EUR" });
    await db.query(
      `insert into public.offset_ledger_entries (entry_group, contractor_organization_id, reviewer_organization_id, account, kind,
         amount, currency, valid_until, memo)
       values (gen_random_uuid(), $1, $2, 'bank', 'bank_deposit', 500, 'EUR', private.offset_today() - 1, 'Expired yesterday'),
              (gen_random_uuid(), $1, $2, 'bank', 'bank_deposit', 200, 'EUR', private.offset_today(), 'Valid through today')`,
      [contractor, reviewer],
    );
    const tooMuch = asUser(db, contractorAdmin, (c) =>
      c.query("select public.offset_request_bank_use('application', $1, $2, 'EUR', 300, $3, $4)", [contractor, reviewer, randomUUID(), agreement.id]),
    );
    expect((await expectRefusal(tooMuch)).hint).toBe("offsets.error.bank_insufficient");

    const { rows } = await asUser(db, contractorAdmin, (c) =>
      c.query<{ result: { bank_request_id: string } }>(
        "select public.offset_request_bank_use('application', $1, $2, 'EUR', 200, $3, $4) as result",
        [contractor, reviewer, randomUUID(), agreement.id],
      ),
    );
    await asUser(db, reviewerAdmin, (c) =>
      c.query("select public.offset_decide_bank_request($1, 'approve', null, $2)", [rows[0]!.result.bank_request_id, randomUUID()]),
    );
    const { rows: lots } = await db.query<{ remaining: string; expired: boolean }>(
      "select remaining::text, expired from public.offset_bank_lots where contractor_organization_id = $1 order by lot_id",
      [contractor],
    );
    // Approving wrote off the expired lot and used the valid one.
    expect(lots).toEqual([
      { remaining: "0.00", expired: true },
      { remaining: "0.00", expired: false },
    ]);
    const { rows: expiries } = await db.query<{ amount: string }>(
      "select amount::text from public.offset_ledger_entries where contractor_organization_id = $1 and kind = 'expiry'",
      [contractor],
    );
    expect(expiries).toEqual([{ amount: "-500.00" }]);
    const { rows: balance } = await db.query<{ credited: string }>(
      "select credited::text from public.offset_agreement_balances where agreement_id = $1",
      [agreement.id],
    );
    expect(balance[0]!.credited).toBe("200.00");
  });

  // The property above tampers only when fast-check draws a "tamper" step; this checks every run.
  it("never edits or deletes a posted entry, whoever asks: members, the service role and the table's owner", async () => {
    const contractor = await createOrganization(db, "contractor", "Append-only contractor");
    await addMember(db, contractor, contractorAdmin, "owner");
    const parties = { contractor, contractorAdmin, reviewer, reviewerAdmin, sme };
    const agreement = await createActiveAgreement(db, parties, { contractValue: "10000.00", obligationPercent: "50", currency: "USD" });
    const tx = await submitTransaction(db, parties, { agreementId: agreement.id, value: "100", currency: "USD", category: "parts_supply" });
    await asUser(db, reviewerAdmin, (c) => c.query("select public.offset_decide_transaction($1, 'approve', null, $2)", [tx.id, randomUUID()]));
    const before = await ledgerSnapshot([contractor]);
    expect(before.size).toBe(1);
    const [entryId] = [...before.keys()];

    for (const who of [{ userId: contractorAdmin }, { userId: reviewerAdmin }, "service_role"] as const) {
      await expectRefusal(asRole(db, who, (c) => c.query("update public.offset_ledger_entries set amount = 0 where id = $1", [entryId])));
      await expectRefusal(asRole(db, who, (c) => c.query("delete from public.offset_ledger_entries where id = $1", [entryId])));
    }

    // As the role that owns the table (which row-level security and grants do not restrict).
    const { rows } = await db.query<{ owner: string }>(
      "select tableowner as owner from pg_tables where schemaname = 'public' and tablename = 'offset_ledger_entries'",
    );
    const asOwner = async (sql: string) => {
      await db.query("begin");
      try {
        await db.query(`set local role ${db.escapeIdentifier(rows[0]!.owner)}`);
        expect((await db.query<{ current_user: string }>("select current_user")).rows[0]!.current_user).toBe(rows[0]!.owner);
        await db.query(sql, [entryId]);
        await db.query("commit");
      } catch (error) {
        await db.query("rollback");
        throw error;
      }
    };
    for (const sql of [
      "update public.offset_ledger_entries set amount = amount * 2 where id = $1",
      "update public.offset_ledger_entries set memo = 'edited', created_at = now() - interval '1 year' where id = $1",
      "delete from public.offset_ledger_entries where id = $1",
    ]) {
      expect((await expectRefusal(asOwner(sql))).hint).toBe("offsets.error.ledger_append_only");
    }
    expect((await expectRefusal(db.query("truncate public.offset_ledger_entries"))).hint).toBe("offsets.error.ledger_append_only");
    expect(await ledgerSnapshot([contractor])).toEqual(before);
  });

  it("answers the same request twice with one posting, and refuses a key reused for another request", async () => {
    const contractor = await createOrganization(db, "contractor", "Idempotency contractor");
    await addMember(db, contractor, contractorAdmin, "owner");
    const parties = { contractor, contractorAdmin, reviewer, reviewerAdmin, sme };
    const agreement = await createActiveAgreement(db, parties, { contractValue: "10000.00", obligationPercent: "100", currency: "KRW" });
    const tx = await submitTransaction(db, parties, { agreementId: agreement.id, value: "1000", currency: "KRW", category: "localization" });
    const key = randomUUID();
    const approve = () =>
      asUser(db, reviewerAdmin, (c) =>
        c.query<{ result: Record<string, unknown> }>("select public.offset_decide_transaction($1, 'approve', 'ok', $2) as result", [tx.id, key]),
      );
    // Two concurrent submissions of the same request (a double click) on two connections.
    const second = await connect(stack.databaseUrl);
    try {
      const [a, b] = await Promise.all([
        approve(),
        asUser(second, reviewerAdmin, (c) =>
          c.query<{ result: Record<string, unknown> }>("select public.offset_decide_transaction($1, 'approve', 'ok', $2) as result", [tx.id, key]),
        ),
      ]);
      const results = [a.rows[0]!.result, b.rows[0]!.result];
      expect(results.map((r) => r.replayed).sort()).toEqual([false, true]);
      expect(results[0]!.entry_group).toBe(results[1]!.entry_group);
    } finally {
      await second.end();
    }
    const third = await approve();
    expect(third.rows[0]!.result.replayed).toBe(true);
    const { rows } = await db.query<{ n: number; total: string }>(
      "select count(*)::int as n, sum(amount)::text as total from public.offset_ledger_entries where transaction_id = $1",
      [tx.id],
    );
    expect(rows[0]).toEqual({ n: 1, total: "1500.00" });

    const reused = asUser(db, reviewerAdmin, (c) => c.query("select public.offset_decide_transaction($1, 'reject', 'changed my mind', $2)", [tx.id, key]));
    expect((await expectRefusal(reused)).hint).toBe("offsets.error.request_key_reused");
  });

  it("derives the multiplier itself and keeps a transaction's evidence and figures fixed once submitted", async () => {
    const contractor = await createOrganization(db, "contractor", "Guard contractor");
    await addMember(db, contractor, contractorAdmin, "owner");
    const parties = { contractor, contractorAdmin, reviewer, reviewerAdmin, sme };
    const agreement = await createActiveAgreement(db, parties, { contractValue: "5000.00", obligationPercent: "30", currency: "USD" });
    const { rows } = await asUser(db, contractorAdmin, (c) =>
      c.query<{ id: string; multiplier: string }>(
        `insert into public.offset_transactions (contractor_organization_id, reviewer_organization_id, agreement_id, category_code, title,
           sme_organization_id, value, currency, transaction_date, multiplier, credit_currency)
         values ($1, $2, $3, 'parts_supply', 'Client picks its own multiplier', $4, 100, 'USD', private.offset_today(), 20, 'USD')
         returning id, multiplier::text`,
        [contractor, reviewer, agreement.id, sme],
      ),
    );
    expect(rows[0]!.multiplier).toBe("2.000");
    const submitWithoutEvidence = asUser(db, contractorAdmin, (c) => c.query("select public.offset_submit_transaction($1)", [rows[0]!.id]));
    expect((await expectRefusal(submitWithoutEvidence)).hint).toBe("offsets.error.evidence_required");
    await addEvidenceObject(db, contractor, rows[0]!.id);
    await asUser(db, contractorAdmin, (c) => c.query("select public.offset_submit_transaction($1)", [rows[0]!.id]));
    const edit = await asUser(db, contractorAdmin, (c) => c.query("update public.offset_transactions set value = 1000 where id = $1", [rows[0]!.id]));
    expect(edit.rowCount).toBe(0);
  });
});
