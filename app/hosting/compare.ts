/*
 * Side-by-side comparison of the clusters an inquiry went to: pure arithmetic over what the
 * loader read, so that it is unit-tested and the page only renders.
 */

export type ComparedParcel = { id: string; area_m2: number; price_per_m2: number | null; currency: string; status: string };

export type LandSummary = {
  /** Total area of the offered parcels, m². */
  offeredArea: number;
  /** Whether the offered parcels together reach the requested area. */
  coversRequestedArea: boolean;
  /** Lowest price per m² among offered parcels (in the offer's currency when the offer names one). */
  lowestPricePerM2: number | null;
  /** Requested area × the price that applies (the offer's land price, else the lowest parcel price). */
  estimatedLandCost: number | null;
  currency: string;
};

export function summarizeLand(
  requestedArea: number,
  parcels: readonly ComparedParcel[],
  offer: { land_price_per_m2: number | null; currency: string } | null,
): LandSummary {
  const offeredArea = parcels.reduce((sum, parcel) => sum + parcel.area_m2, 0);
  const currency = offer?.currency ?? parcels[0]?.currency ?? "KRW";
  const prices = parcels
    .filter((parcel) => parcel.price_per_m2 !== null && parcel.currency === currency)
    .map((parcel) => parcel.price_per_m2 as number);
  const lowestPricePerM2 = prices.length > 0 ? Math.min(...prices) : null;
  const applicable = offer?.land_price_per_m2 ?? lowestPricePerM2;
  return {
    offeredArea,
    coversRequestedArea: parcels.length > 0 && offeredArea >= requestedArea,
    lowestPricePerM2,
    estimatedLandCost: applicable === null ? null : Math.round(applicable * requestedArea),
    currency,
  };
}

/** Which of the kinds the contractor asked for an offer (or a cluster page) answers, and which not. */
export function matchIncentives(sought: readonly string[], offered: readonly string[]): { matched: string[]; missing: string[] } {
  const have = new Set(offered);
  return {
    matched: sought.filter((kind) => have.has(kind)),
    missing: sought.filter((kind) => !have.has(kind)),
  };
}

export type DensityRow = { cluster_id: string; process_code: string; supplier_count: number };

/** cluster → process → count, with 0 for every pair the database did not return. */
export function densityGrid(clusterIds: readonly string[], processCodes: readonly string[], rows: readonly DensityRow[]) {
  const grid = new Map<string, Map<string, number>>();
  for (const clusterId of clusterIds) grid.set(clusterId, new Map(processCodes.map((code) => [code, 0])));
  for (const row of rows) {
    const byProcess = grid.get(row.cluster_id);
    if (byProcess && byProcess.has(row.process_code)) byProcess.set(row.process_code, row.supplier_count);
  }
  return grid;
}

/** Processes with no verified supplier within the distance of a cluster: the hosting risk. */
export function uncoveredProcesses(grid: ReturnType<typeof densityGrid>, clusterId: string): string[] {
  const byProcess = grid.get(clusterId);
  if (!byProcess) return [];
  return [...byProcess.entries()].filter(([, count]) => count === 0).map(([code]) => code);
}

/** The cluster (among those answering) with the highest value of a figure; ties share the mark. */
export function bestOf<T>(items: readonly T[], value: (item: T) => number | null, prefer: "high" | "low"): Set<T> {
  const scored = items.map((item) => ({ item, score: value(item) })).filter((entry): entry is { item: T; score: number } => entry.score !== null);
  if (scored.length < 2) return new Set();
  const best = prefer === "high" ? Math.max(...scored.map((entry) => entry.score)) : Math.min(...scored.map((entry) => entry.score));
  const winners = scored.filter((entry) => entry.score === best);
  return winners.length === scored.length ? new Set() : new Set(winners.map((entry) => entry.item));
}
