import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { getServerT } from "~/i18n/i18n.server";
import { parseSupplierSearch, type MapSupplierPoint } from "~/search/query";
import { SearchFieldError, searchSupplierMapPoints, SearchUnavailableError } from "~/search/suppliers.server";
import { createSupabaseServerClient } from "~/utils/supabase.server";

export type MapPointsData = { status: "ok" | "invalid" | "unavailable"; points: MapSupplierPoint[] };

/**
 * The supplier map's markers for a search (up to MAP_POINT_LIMIT), fetched by the search page once
 * it has rendered: a thousand points are most of the page's data, and keeping them out of the
 * server render is what keeps /search's first byte fast under load.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = createSupabaseServerClient(request);
  const { locale } = getServerT(request);
  headers.set("Cache-Control", "private, max-age=30");
  const parsed = parseSupplierSearch(new URL(request.url).searchParams);
  if (!parsed.success) return json<MapPointsData>({ status: "invalid", points: [] }, { status: 400, headers });
  try {
    const points = await searchSupplierMapPoints({ supabase, locale }, parsed.search);
    return json<MapPointsData>({ status: "ok", points }, { headers });
  } catch (error) {
    if (error instanceof SearchFieldError) return json<MapPointsData>({ status: "invalid", points: [] }, { status: 400, headers });
    if (!(error instanceof SearchUnavailableError)) console.error("[search] unexpected error while loading map points", error);
    return json<MapPointsData>({ status: "unavailable", points: [] }, { status: 503, headers });
  }
}
