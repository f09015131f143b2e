/**
 * Needs search with the viewer's visibility applied on the server. The needs index only ever
 * holds open, public or registered-only, not export-controlled needs (private.need_is_indexable);
 * the filter below restates those rules for the viewer, so a document that should not be there
 * still could not reach someone who may not see it, neither as a hit nor in a facet count.
 */
import type { SupabaseClient, User } from "@supabase/supabase-js";
import type { Meilisearch, SearchParams } from "meilisearch";
import { getEnv } from "~/env.server";
import { createSearchClient } from "./meili.server";

export type Viewer = { userId: string | null; organizationIds: string[] };

export const ANONYMOUS: Viewer = { userId: null, organizationIds: [] };

/** The viewer's organizations, read as the viewer (RLS shows a user only their own memberships). */
export async function loadViewer(supabase: SupabaseClient, user: User | null): Promise<Viewer> {
  if (!user) return ANONYMOUS;
  const { data, error } = await supabase.from("memberships").select("organization_id").eq("user_id", user.id);
  if (error) return { userId: user.id, organizationIds: [] };
  return { userId: user.id, organizationIds: (data ?? []).map((row: { organization_id: string }) => row.organization_id) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function needVisibilityFilter(viewer: Viewer): string {
  const base = 'status = "open" AND export_controlled = false';
  if (!viewer.userId) return `${base} AND visibility = "public"`;
  const organizations = viewer.organizationIds.filter((id) => UUID.test(id));
  const own =
    organizations.length > 0
      ? ` OR organization_id IN [${organizations.map((id) => JSON.stringify(id)).join(", ")}] OR invited_organization_ids IN [${organizations
          .map((id) => JSON.stringify(id))
          .join(", ")}]`
      : "";
  return `${base} AND (visibility IN ["public", "registered"]${own})`;
}

export type NeedHit = {
  id: string;
  kind: string;
  title_en: string | null;
  title_ko: string | null;
  organization_name_en: string | null;
  organization_name_ko: string | null;
  process_codes: string[];
  visibility: string;
  response_deadline: number | null;
};

let client: Meilisearch | null = null;

export async function searchNeeds(
  viewer: Viewer,
  query: { q: string; page?: number; perPage?: number; processes?: string[]; facets?: string[] },
  meili: Meilisearch = (client ??= createSearchClient({ url: getEnv().MEILI_URL, masterKey: getEnv().MEILI_MASTER_KEY }))
) {
  const filters = [needVisibilityFilter(viewer)];
  if (query.processes?.length) filters.push(`process_codes IN [${query.processes.map((code) => JSON.stringify(code)).join(", ")}]`);
  const response = await meili.index("needs").search<NeedHit, SearchParams & { page: number; hitsPerPage: number }>(query.q, {
    filter: filters.join(" AND "),
    page: query.page ?? 1,
    hitsPerPage: Math.min(query.perPage ?? 20, 100),
    facets: query.facets ?? ["kind", "process_codes", "visibility"],
    attributesToRetrieve: [
      "id",
      "kind",
      "title_en",
      "title_ko",
      "organization_name_en",
      "organization_name_ko",
      "process_codes",
      "visibility",
      "response_deadline",
    ],
  });
  return { total: response.totalHits ?? response.hits.length, hits: response.hits, facets: response.facetDistribution ?? {} };
}
