/**
 * Labels the search page and API show next to codes (taxonomy, clusters), cached briefly per
 * server process. Read through the caller's Supabase client: all of it is public reference data.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { Bilingual } from "./query";

export type ClusterPlace = { id: string; slug: string; name: Bilingual; lat: number; lng: number; region: string };

export type ReferenceData = {
  process: Map<string, Bilingual>;
  material: Map<string, Bilingual>;
  cert: Map<string, Bilingual>;
  clustersBySlug: Map<string, ClusterPlace>;
  clustersById: Map<string, ClusterPlace>;
};

const TTL_MS = 5 * 60_000;
const RETRY_AFTER_FAILURE_MS = 10_000;
let cache: { value: ReferenceData; loadedAt: number; complete: boolean } | null = null;
let inflight: Promise<ReferenceData> | null = null;

const EMPTY: ReferenceData = {
  process: new Map(),
  material: new Map(),
  cert: new Map(),
  clustersBySlug: new Map(),
  clustersById: new Map(),
};

type LabelRow = { code: string; label_en: string; label_ko: string };
type ClusterRow = { id: string; slug: string; name_en: string; name_ko: string; center_lat: number; center_lng: number; region: string };

async function load(supabase: SupabaseClient): Promise<{ value: ReferenceData; complete: boolean }> {
  const [processes, materials, certs, clusters] = await Promise.all([
    supabase.from("processes").select("code, label_en, label_ko").order("sort_order"),
    supabase.from("materials").select("code, label_en, label_ko").order("sort_order"),
    supabase.from("certification_types").select("code, label_en, label_ko").order("sort_order"),
    supabase.from("clusters").select("id, slug, name_en, name_ko, center_lat, center_lng, region").order("name_en"),
  ]);
  const labels = (rows: LabelRow[] | null) => new Map((rows ?? []).map((row) => [row.code, { en: row.label_en, ko: row.label_ko }]));
  const clusterPlaces = ((clusters.data ?? []) as ClusterRow[]).map((row) => ({
    id: row.id,
    slug: row.slug,
    name: { en: row.name_en, ko: row.name_ko },
    lat: row.center_lat,
    lng: row.center_lng,
    region: row.region,
  }));
  return {
    value: {
      process: labels(processes.data as LabelRow[] | null),
      material: labels(materials.data as LabelRow[] | null),
      cert: labels(certs.data as LabelRow[] | null),
      clustersBySlug: new Map(clusterPlaces.map((cluster) => [cluster.slug, cluster])),
      clustersById: new Map(clusterPlaces.map((cluster) => [cluster.id, cluster])),
    },
    complete: !processes.error && !materials.error && !certs.error && !clusters.error,
  };
}

/** Never throws: with the database away, stale data (or none: codes are shown) beats an error page. */
export async function getReferenceData(supabase: SupabaseClient, options: { fresh?: boolean } = {}): Promise<ReferenceData> {
  const age = cache ? Date.now() - cache.loadedAt : Infinity;
  if (cache && !options.fresh && age < (cache.complete ? TTL_MS : RETRY_AFTER_FAILURE_MS)) return cache.value;
  inflight ??= load(supabase)
    .then(({ value, complete }) => {
      // Keep a complete older copy rather than replace it with a partial one.
      if (complete || !cache?.complete) cache = { value, loadedAt: Date.now(), complete };
      else cache = { ...cache, loadedAt: Date.now() - TTL_MS + RETRY_AFTER_FAILURE_MS };
      return cache.value;
    })
    .catch(() => cache?.value ?? EMPTY)
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

export function labelOf(map: Map<string, Bilingual>, code: string): Bilingual {
  return map.get(code) ?? { en: code, ko: code };
}
