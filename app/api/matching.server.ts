import type { z } from "zod";
import type { Locale } from "~/i18n";
import { matchNeed } from "~/matching/candidates.server";
import type { ClusterMatchResult, MatchableNeed, MatchResult } from "~/matching/types";
import type { clusterMatchSchema, matchResultSchema } from "./schemas";

/*
 * The matching module answers with more than the API documents (factor scores, structured
 * reasons); the API shows the documented fields, so integrations rely on a stable shape.
 */

export function matchResultRepresentation(result: MatchResult): z.infer<typeof matchResultSchema> {
  return {
    supplier_id: result.supplier_id,
    external_id: result.external_id,
    name_en: result.name_en,
    name_ko: result.name_ko,
    score: result.score,
    distance_km: result.distance_km,
    meets_required: result.meets_required,
    reasons: [...result.reasons],
    gaps: [...result.gaps],
  };
}

export function clusterMatchRepresentation(cluster: ClusterMatchResult): z.infer<typeof clusterMatchSchema> {
  return {
    cluster_id: cluster.cluster_id,
    slug: cluster.slug,
    name_en: cluster.name_en,
    name_ko: cluster.name_ko,
    score: cluster.score,
    distance_km: cluster.distance_km,
    reasons: [...cluster.reasons],
  };
}

export async function rankForNeed(context: { supabase: Parameters<typeof matchNeed>[0]; locale: Locale }, need: MatchableNeed, limit: number) {
  const { results, clusters } = await matchNeed(context.supabase, { need, limit, locale: context.locale });
  return { results: results.map(matchResultRepresentation), clusters: clusters.map(clusterMatchRepresentation) };
}
