import { json, type LoaderFunctionArgs } from "@remix-run/node";
import Papa from "papaparse";
import { fullReport, getImportRun } from "~/import/commit.server";
import { isUuid } from "~/models/sme.server";
import { requireUser } from "~/utils/supabase.server";

/** An import's problems as CSV: row, external_id, field, severity, and the message in both languages. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const runId = params.runId ?? "";
  const run = isUuid(runId) ? await getImportRun(supabase, { runId }) : null;
  if (!run) throw json(null, { status: 404, headers });
  const issues = await fullReport(supabase, { runId });
  const csv = Papa.unparse({
    fields: ["row", "external_id", "field", "severity", "code", "message_en", "message_ko"],
    data: issues.map((issue) => [issue.row === 0 ? "" : issue.row, issue.external_id ?? "", issue.field, issue.severity, issue.code, issue.message_en, issue.message_ko]),
  });
  const name = `${run.file_name.replace(/\.[^.]+$/, "").replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80) || "import"}-report.csv`;
  headers.set("Content-Type", "text/csv; charset=utf-8");
  headers.set("Content-Disposition", `attachment; filename="${name}"`);
  headers.set("Cache-Control", "private, no-store");
  return new Response(`\uFEFF${csv}\r\n`, { headers });
}
