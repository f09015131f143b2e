import { json } from "@remix-run/node";
import { checkServices } from "~/utils/service-health.server";

/**
 * Liveness of what a page needs: PostgREST (and the database behind it) and Auth through the
 * Supabase gateway, and Meilisearch. 200 when all answer, 503 otherwise; never throws.
 */
export async function loader() {
  const checks = await checkServices();
  const healthy = Object.values(checks).every((result) => result === "ok");
  return json(
    { status: healthy ? "ok" : "degraded", checks },
    { status: healthy ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
