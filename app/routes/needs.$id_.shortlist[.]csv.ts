import type { LoaderFunctionArgs } from "@remix-run/node";
import { getServerT } from "~/i18n/i18n.server";
import { buildShortlistCsv } from "~/needs/shortlist-csv.server";
import { requireUser } from "~/utils/supabase.server";

/** The need's shortlist with scores, reasons and gaps, as CSV for the contractor's own tools. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const { t, locale } = getServerT(request);
  const csv = await buildShortlistCsv(supabase, { needId: params.id ?? "", locale, siteUrl: new URL(request.url).origin });
  if (!csv) return new Response(t("needs.error.not_found"), { status: 404, headers });
  headers.set("Content-Type", "text/csv; charset=utf-8");
  headers.set("Content-Disposition", `attachment; filename="shortlist-${csv.needId}.csv"`);
  headers.set("Cache-Control", "private, no-store");
  return new Response(csv.body, { status: 200, headers });
}
