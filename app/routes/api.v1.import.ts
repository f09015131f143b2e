import { requireAuthenticated } from "~/api/auth.server";
import { apiJson, apiRoute, parseQuery, readBodyBytes, requireMediaType } from "~/api/handler.server";
import { IMPORT_MEDIA_TYPES } from "~/api/import-media";
import { actingOrganization } from "~/api/organization.server";
import { ApiProblem, fieldError } from "~/api/problem.server";
import { importQuerySchema } from "~/api/schemas";
import { fullReport, runImport, type ImporterKind } from "~/import/commit.server";
import { MAX_IMPORT_BYTES } from "~/import/parse.server";

const MAX_ISSUES = 1000;

// POST /api/v1/import: suppliers in the interchange format, one per JSON line; ?dry_run=true checks only.
export const { loader, action } = apiRoute({
  POST: async ({ request, url, caller }) => {
    requireAuthenticated(caller);
    const organization = await actingOrganization(caller, {
      kinds: ["cluster_authority", "platform"],
      requested: url.searchParams.get("organization_id"),
      forbidden: "api.problem.importers_only",
    });
    const withoutOrganization = new URL(url);
    withoutOrganization.searchParams.delete("organization_id");
    const query = parseQuery(withoutOrganization, importQuerySchema);
    requireMediaType(request, IMPORT_MEDIA_TYPES);
    const bytes = await readBodyBytes(request, MAX_IMPORT_BYTES);
    if (bytes.byteLength === 0 || new TextDecoder().decode(bytes.subarray(0, 4096)).trim() === "") {
      throw new ApiProblem("validation_failed", { errors: [fieldError("body", "api.error.empty_body")] });
    }
    const dryRun = query.dry_run ?? false;
    const outcome = await runImport(caller.supabase, {
      organizationId: organization.id,
      importerKind: organization.kind as ImporterKind,
      // The name decides the format: the body is always JSON Lines.
      fileName: "api-import.jsonl",
      bytes,
      mode: dryRun ? "dry_run" : "commit",
    });
    if (outcome.fileError) {
      // The body is JSON Lines within the size limit, so the reader only refuses what the
      // checks above let through by mistake; say so as a 400 with the reader's own words.
      const issue = outcome.fileError;
      throw new ApiProblem("validation_failed", {
        detail: "api.problem.import_unreadable",
        errors: [{ field: "body", code: issue.code, message_en: issue.message_en, message_ko: issue.message_ko }],
      });
    }
    if (!outcome.runId || !outcome.run) throw new ApiProblem("internal_error");
    const run = outcome.run;
    const issues = await fullReport(caller.supabase, { runId: outcome.runId });
    return apiJson({
      run_id: run.id,
      dry_run: dryRun,
      status: run.status,
      counts: {
        total: run.total_rows,
        valid: run.valid_rows,
        invalid: run.invalid_rows,
        warnings: run.warning_rows,
        would_create: run.would_create_rows,
        created: run.created_rows,
        updated: run.updated_rows,
        unchanged: run.unchanged_rows,
        skipped: run.skipped_rows,
        failed: run.failed_rows,
      },
      issues: issues.slice(0, MAX_ISSUES).map((issue) => ({
        row: issue.row,
        field: issue.field,
        severity: issue.severity,
        code: issue.code,
        message_en: issue.message_en,
        message_ko: issue.message_ko,
      })),
      issues_truncated: issues.length > MAX_ISSUES,
    });
  },
});
