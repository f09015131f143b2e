import { getViewer, listClusters } from "~/models/clusters.server";
import { requireUser } from "~/utils/supabase.server";

export type AnalyticsScope = {
  /** null = every cluster (the platform only). */
  clusterId: string | null;
  slug: string | null;
  name_en: string | null;
  name_ko: string | null;
};

/**
 * Who may see which analytics: a cluster authority its own cluster(s), the platform any cluster
 * or all of them. `?cluster=<slug>` picks one; the platform's default is all clusters, an
 * authority's its first cluster. Throws 403 for anyone else and for another authority's cluster,
 * 404 for an unknown slug. The SQL functions check the same rule again.
 */
export async function resolveAnalyticsScope(request: Request) {
  const { user, supabase, headers } = await requireUser(request);
  const viewer = await getViewer(supabase, { userId: user.id });
  if (!viewer.isPlatform && viewer.managedClusters.length === 0) throw new Response("Forbidden", { status: 403, headers });
  const requested = new URL(request.url).searchParams.get("cluster")?.trim() || null;
  const clusters = viewer.isPlatform
    ? (await listClusters(supabase)).map((cluster) => ({ id: cluster.id, slug: cluster.slug, name_en: cluster.name_en, name_ko: cluster.name_ko }))
    : viewer.managedClusters.map((cluster) => ({ id: cluster.id, slug: cluster.slug, name_en: cluster.name_en, name_ko: cluster.name_ko }));

  let scope: AnalyticsScope;
  if (requested === null || requested === "all") {
    if (viewer.isPlatform) scope = { clusterId: null, slug: null, name_en: null, name_ko: null };
    else {
      if (requested === "all") throw new Response("Forbidden", { status: 403, headers });
      const first = clusters[0]!;
      scope = { clusterId: first.id, slug: first.slug, name_en: first.name_en, name_ko: first.name_ko };
    }
  } else {
    const match = clusters.find((cluster) => cluster.slug === requested);
    if (!match) throw new Response(viewer.isPlatform ? "Not found" : "Forbidden", { status: viewer.isPlatform ? 404 : 403, headers });
    scope = { clusterId: match.id, slug: match.slug, name_en: match.name_en, name_ko: match.name_ko };
  }
  return { user, supabase, headers, viewer, scope, choices: clusters, canSeeAll: viewer.isPlatform };
}
