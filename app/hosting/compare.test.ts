import { describe, expect, it } from "vitest";
import { bestOf, densityGrid, matchIncentives, summarizeLand, uncoveredProcesses } from "./compare";

const parcel = (id: string, area: number, price: number | null, currency = "KRW") => ({ id, area_m2: area, price_per_m2: price, currency, status: "available" });

describe("summarizeLand", () => {
  it("adds up offered parcels and prices the requested area at the offered price", () => {
    const summary = summarizeLand(20000, [parcel("a", 12000, 500000), parcel("b", 9000, 420000)], { land_price_per_m2: 400000, currency: "KRW" });
    expect(summary).toEqual({ offeredArea: 21000, coversRequestedArea: true, lowestPricePerM2: 420000, estimatedLandCost: 8_000_000_000, currency: "KRW" });
  });

  it("falls back to the cheapest parcel in the offer's currency, and reports a shortfall", () => {
    const summary = summarizeLand(20000, [parcel("a", 5000, 300000), parcel("b", 5000, 1, "USD")], { land_price_per_m2: null, currency: "KRW" });
    expect(summary.coversRequestedArea).toBe(false);
    expect(summary.lowestPricePerM2).toBe(300000);
    expect(summary.estimatedLandCost).toBe(6_000_000_000);
  });

  it("has no cost and never covers the area without parcels or prices", () => {
    expect(summarizeLand(1, [], null)).toEqual({ offeredArea: 0, coversRequestedArea: false, lowestPricePerM2: null, estimatedLandCost: null, currency: "KRW" });
  });
});

describe("matchIncentives", () => {
  it("splits the kinds asked for into offered and missing, in the asked order", () => {
    expect(matchIncentives(["tax", "land", "hiring"], ["hiring", "tax", "other"])).toEqual({ matched: ["tax", "hiring"], missing: ["land"] });
  });
});

describe("densityGrid", () => {
  it("fills zeros for pairs the database left out and ignores rows outside the grid", () => {
    const grid = densityGrid(["c1", "c2"], ["pcb-assembly", "ndt-ut"], [
      { cluster_id: "c1", process_code: "pcb-assembly", supplier_count: 4 },
      { cluster_id: "c9", process_code: "pcb-assembly", supplier_count: 7 },
      { cluster_id: "c2", process_code: "welding", supplier_count: 2 },
    ]);
    expect([...grid.get("c1")!.entries()]).toEqual([
      ["pcb-assembly", 4],
      ["ndt-ut", 0],
    ]);
    expect(grid.has("c9")).toBe(false);
    expect(uncoveredProcesses(grid, "c1")).toEqual(["ndt-ut"]);
    expect(uncoveredProcesses(grid, "c2")).toEqual(["pcb-assembly", "ndt-ut"]);
    expect(uncoveredProcesses(grid, "nope")).toEqual([]);
  });
});

describe("bestOf", () => {
  it("marks the best item, shares ties, and marks nothing when all are equal or only one has a value", () => {
    const a = { v: 3 };
    const b = { v: 5 };
    const c = { v: 5 };
    expect([...bestOf([a, b, c], (x) => x.v, "high")]).toEqual([b, c]);
    expect([...bestOf([a, b], (x) => x.v, "low")]).toEqual([a]);
    expect(bestOf([b, c], (x) => x.v, "high").size).toBe(0);
    expect(bestOf([a, { v: null as number | null }], (x) => x.v, "high").size).toBe(0);
  });
});
