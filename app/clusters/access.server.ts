import { getClusterBySlug, getViewer } from "~/models/clusters.server";
import { requireUser } from "~/utils/supabase.server";

/**
 * The cluster behind a page that edits it, for a signed-in admin of its managing authority or a
 * platform operator; a 404 for an unknown cluster and a 403 for anyone else. The database checks
 * again on every write (row-level security); this only spares others a form they cannot use.
 */
export async function requireClusterEditor(request: Request, slug: string) {
  const { user, supabase, headers } = await requireUser(request);
  const cluster = await getClusterBySlug(supabase, { slug });
  if (!cluster) throw new Response("Not found", { status: 404, headers });
  const viewer = await getViewer(supabase, { userId: user.id });
  const canEdit = viewer.isPlatform || viewer.managedClusters.some((item) => item.id === cluster.id && item.canEdit);
  if (!canEdit) throw new Response("Forbidden", { status: 403, headers });
  return { user, supabase, headers, cluster, viewer };
}
