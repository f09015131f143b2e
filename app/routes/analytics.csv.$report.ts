import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvFileName, toCsv } from "~/analytics/csv";
import { expiringTable, funnelTable, gapTable, isReportName, mapTable, verificationTable, type ReportTable } from "~/analytics/reports";
import { resolveAnalyticsScope } from "~/analytics/scope.server";
import { getServerT } from "~/i18n/i18n.server";
import { demandSupplyMap, eoiFunnel, expiringCertifications, localizationGap, verificationShares } from "~/models/analytics.server";
import { HTTP_STATUS } from "~/models/result.server";

/*
 * CSV export of one analytics report (/analytics/csv/gap?cluster=changwon): the same table the
 * page shows under the chart, in the reader's language, with the same scope rules.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const report = params.report;
  if (!isReportName(report)) return new Response("Unknown report", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { supabase, headers, scope } = await resolveAnalyticsScope(request);
  const { t, locale } = getServerT(request);
  const clusterId = scope.clusterId;

  let table: ReportTable;
  let failure: keyof typeof HTTP_STATUS | null = null;
  switch (report) {
    case "gap": {
      const result = await localizationGap(supabase, { clusterId });
      table = gapTable(result.ok ? result.rows : [], t, locale, clusterId === null);
      if (!result.ok) failure = result.error.code;
      break;
    }
    case "funnel": {
      const result = await eoiFunnel(supabase, { clusterId });
      table = funnelTable(result.ok ? result.rows : [], t, locale);
      if (!result.ok) failure = result.error.code;
      break;
    }
    case "verification": {
      const result = await verificationShares(supabase, { clusterId });
      table = verificationTable(result.ok ? result.rows : [], t);
      if (!result.ok) failure = result.error.code;
      break;
    }
    case "expiring": {
      const result = await expiringCertifications(supabase, { clusterId });
      table = expiringTable(result.ok ? result.rows : [], t, locale);
      if (!result.ok) failure = result.error.code;
      break;
    }
    case "map": {
      const result = await demandSupplyMap(supabase, { clusterId });
      table = mapTable(result.ok ? result.rows : [], t, locale);
      if (!result.ok) failure = result.error.code;
      break;
    }
  }
  if (failure) {
    headers.set("Content-Type", "text/plain; charset=utf-8");
    return new Response(failure === "forbidden" ? "Forbidden" : "The report could not be computed; try again.", { status: HTTP_STATUS[failure], headers });
  }
  headers.set("Content-Type", "text/csv; charset=utf-8");
  headers.set("Content-Disposition", `attachment; filename="${csvFileName(["clustermatch", report, scope.slug ?? "all-clusters"])}"`);
  headers.set("Cache-Control", "private, no-store");
  return new Response(toCsv(table.header, table.rows), { status: 200, headers });
}
