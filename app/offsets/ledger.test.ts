import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import {
  addDays,
  agreementBalance,
  availableBanked,
  bankLots,
  creditedMinor,
  expiringSoon,
  fulfilmentSeries,
  groupNet,
  reversibleGroups,
  runningAgreementBalances,
  seoulDate,
  seoulDateTime,
  type LedgerEntry,
} from "./ledger";
import { fromMinor, sumMinor, toMinor } from "./money";

// Property runs are CPU-bound; on a busy machine they outlast vitest's 5 s default.
vi.setConfig({ testTimeout: 30_000 });

const AGREEMENT = "00000000-0000-4000-8000-00000000000a";

function entry(partial: Partial<LedgerEntry> & Pick<LedgerEntry, "id" | "amount">): LedgerEntry {
  return {
    entryGroup: `g${partial.id}`,
    account: "agreement",
    kind: "credit",
    agreementId: AGREEMENT,
    currency: "USD",
    bankLotId: null,
    validUntil: null,
    reversesEntryId: null,
    createdAt: "2026-01-01T00:00:00Z",
    ...partial,
  };
}

/** Credits (positive cents) and, for some of them, a reversal appended later. */
const creditsWithReversals = fc
  .array(fc.record({ cents: fc.bigInt({ min: 1n, max: 10n ** 12n }), reversed: fc.boolean(), day: fc.integer({ min: 0, max: 60 }) }), {
    maxLength: 30,
  })
  .map((items) => {
    const entries: LedgerEntry[] = [];
    let id = 1;
    for (const item of items) {
      entries.push(entry({ id: id++, amount: fromMinor(item.cents), createdAt: `${addDays("2026-01-01", item.day)}T03:00:00Z` }));
    }
    const originals = entries.slice();
    items.forEach((item, index) => {
      if (!item.reversed) return;
      const original = originals[index]!;
      entries.push(
        entry({
          id: id++,
          kind: "reversal",
          entryGroup: `r${original.id}`,
          amount: fromMinor(-toMinor(original.amount)),
          reversesEntryId: original.id,
          createdAt: `${addDays("2026-01-01", 61 + index)}T03:00:00Z`,
        }),
      );
    });
    return { items, entries };
  });

describe("agreement balances", () => {
  it("credited equals the sum of the agreement's rows, and remaining and fulfilment follow from it", () => {
    fc.assert(
      fc.property(creditsWithReversals, fc.bigInt({ min: 1n, max: 10n ** 14n }), ({ entries }, obligationCents) => {
        const balance = agreementBalance({
          agreementId: AGREEMENT,
          obligation: fromMinor(obligationCents),
          penaltyRatePercent: "10",
          entries,
          pendingCredits: [],
        });
        const sum = sumMinor(entries.map((e) => toMinor(e.amount)));
        expect(toMinor(balance.credited)).toBe(sum);
        const remaining = obligationCents - sum > 0n ? obligationCents - sum : 0n;
        expect(toMinor(balance.remaining)).toBe(remaining);
        expect(Number(balance.fulfilmentPercent)).toBeCloseTo((Number(sum) * 100) / Number(obligationCents), 1);
      }),
    );
  });

  it("ignores bank rows and rows of other agreements", () => {
    const entries = [
      entry({ id: 1, amount: "100.00" }),
      entry({ id: 2, account: "bank", kind: "bank_deposit", amount: "50.00", validUntil: "2030-01-01" }),
      entry({ id: 3, agreementId: "other", amount: "999.00" }),
    ];
    expect(creditedMinor(entries, AGREEMENT)).toBe(10000n);
  });

  it("reports pending credit and the penalty on what remains", () => {
    const balance = agreementBalance({
      agreementId: AGREEMENT,
      obligation: "1000.00",
      penaltyRatePercent: "10",
      entries: [entry({ id: 1, amount: "400.00" })],
      pendingCredits: ["150.00", "25.50"],
    });
    expect(balance).toEqual({
      obligation: "1000.00",
      credited: "400.00",
      pending: "175.50",
      remaining: "600.00",
      fulfilmentPercent: "40.00",
      penaltyExposure: "60.00",
    });
  });
});

describe("reversals", () => {
  it("a group and its reversal net to zero, and reversed groups are no longer reversible", () => {
    fc.assert(
      fc.property(creditsWithReversals, ({ items, entries }) => {
        items.forEach((item, index) => {
          const id = index + 1;
          if (item.reversed) expect(groupNet(entries, [`g${id}`, `r${id}`])).toEqual({ agreement: "0.00", bank: "0.00" });
        });
        const reversible = reversibleGroups(entries);
        items.forEach((item, index) => expect(reversible.has(`g${index + 1}`)).toBe(!item.reversed));
        for (const group of reversible) expect(group.startsWith("r")).toBe(false);
        const kept = sumMinor(items.filter((item) => !item.reversed).map((item) => item.cents));
        expect(creditedMinor(entries, AGREEMENT)).toBe(kept);
      }),
    );
  });
});

describe("fulfilment over time", () => {
  it("ends at the credited balance, one point per Seoul day, in date order", () => {
    fc.assert(
      fc.property(creditsWithReversals, ({ entries }) => {
        const series = fulfilmentSeries(entries, AGREEMENT, "1000000.00");
        if (entries.length === 0) {
          expect(series).toEqual([]);
          return;
        }
        expect(toMinor(series.at(-1)!.credited)).toBe(creditedMinor(entries, AGREEMENT));
        for (let i = 1; i < series.length; i++) expect(series[i]!.date > series[i - 1]!.date).toBe(true);
      }),
    );
  });

  it("counts days in Seoul time", () => {
    expect(seoulDate("2026-03-01T14:59:59Z")).toBe("2026-03-01");
    expect(seoulDate("2026-03-01T15:00:00Z")).toBe("2026-03-02");
    const series = fulfilmentSeries(
      [entry({ id: 1, amount: "10.00", createdAt: "2026-03-01T14:00:00Z" }), entry({ id: 2, amount: "5.00", createdAt: "2026-03-01T16:00:00Z" })],
      AGREEMENT,
      "100.00",
    );
    expect(series).toEqual([
      { date: "2026-03-01", credited: "10.00", percent: "10.00" },
      { date: "2026-03-02", credited: "15.00", percent: "15.00" },
    ]);
  });

  it("shows times in Seoul from numeric parts", () => {
    expect(seoulDateTime("2026-11-25T00:56:47Z")).toBe("2026-11-25 09:56 KST");
    expect(seoulDateTime("2026-03-01T15:30:00Z")).toBe("2026-03-02 00:30 KST");
  });

  it("gives the running balance after each agreement row", () => {
    const running = runningAgreementBalances(
      [entry({ id: 1, amount: "10.00" }), entry({ id: 2, account: "bank", amount: "4.00", validUntil: "2030-01-01" }), entry({ id: 3, amount: "-10.00", kind: "reversal", reversesEntryId: 1 })],
      AGREEMENT,
    );
    expect([...running.entries()]).toEqual([
      [1, "10.00"],
      [3, "0.00"],
    ]);
  });
});

describe("bank lots", () => {
  const lotsArbitrary = fc
    .array(
      fc.record({
        deposit: fc.bigInt({ min: 1n, max: 10n ** 10n }),
        usedShare: fc.integer({ min: 0, max: 100 }),
        validOffset: fc.integer({ min: -30, max: 400 }),
      }),
      { maxLength: 12 },
    )
    .map((specs) => {
      const entries: LedgerEntry[] = [];
      let id = 1;
      for (const spec of specs) {
        const lotId = id++;
        entries.push(
          entry({ id: lotId, account: "bank", kind: "bank_deposit", amount: fromMinor(spec.deposit), validUntil: addDays("2026-06-01", spec.validOffset) }),
        );
        const used = (spec.deposit * BigInt(spec.usedShare)) / 100n;
        if (used > 0n) entries.push(entry({ id: id++, account: "bank", kind: "bank_application", amount: fromMinor(-used), bankLotId: lotId }));
      }
      return { specs, entries };
    });

  it("each lot keeps its deposit minus what was taken from it; usable credit excludes expired lots", () => {
    fc.assert(
      fc.property(lotsArbitrary, ({ specs, entries }) => {
        const lots = bankLots(entries, "2026-06-01");
        expect(lots).toHaveLength(specs.length);
        const total = sumMinor(lots.map((lot) => toMinor(lot.remaining)));
        expect(total).toBe(sumMinor(entries.map((e) => toMinor(e.amount))));
        for (const lot of lots) expect(toMinor(lot.remaining) >= 0n).toBe(true);
        const usable = sumMinor(lots.filter((lot) => lot.validUntil >= "2026-06-01").map((lot) => toMinor(lot.remaining)));
        expect(toMinor(availableBanked(lots))).toBe(usable);
      }),
    );
  });

  it("lists lots expiring within the window, soonest first, leaving out expired and empty ones", () => {
    const entries = [
      entry({ id: 1, account: "bank", kind: "bank_deposit", amount: "10.00", validUntil: "2026-07-01" }),
      entry({ id: 2, account: "bank", kind: "bank_deposit", amount: "20.00", validUntil: "2026-05-31" }),
      entry({ id: 3, account: "bank", kind: "bank_deposit", amount: "30.00", validUntil: "2026-06-15" }),
      entry({ id: 4, account: "bank", kind: "bank_deposit", amount: "40.00", validUntil: "2027-06-15" }),
      entry({ id: 5, account: "bank", kind: "bank_deposit", amount: "5.00", validUntil: "2026-06-02" }),
      entry({ id: 6, account: "bank", kind: "bank_transfer", amount: "-5.00", bankLotId: 5 }),
    ];
    const lots = bankLots(entries, "2026-06-01");
    expect(expiringSoon(lots, "2026-06-01", 90).map((lot) => lot.lotId)).toEqual([3, 1]);
    expect(lots.find((lot) => lot.lotId === 2)?.expired).toBe(true);
    expect(availableBanked(lots)).toBe("80.00");
  });
});
