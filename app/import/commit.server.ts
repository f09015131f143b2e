import { createHash } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import { loadTaxonomies } from "~/models/taxonomy.server";
import { parseImportFile } from "./parse.server";
import { renderIssue, validateFile, type ImportContext, type ImportIssue, type ParsedFile, type RenderedIssue, type ValidationResult } from "./validate";

/*
 * The write path of bulk imports. A run stores every row of a file, already judged; a commit run
 * is then written by the database one supplier at a time (public.process_import_rows), each
 * supplier atomically together with its row's status. So the run survives a crash of this
 * process: calling processImportRun again resumes with the rows still pending, and rows already
 * written are never written twice. Re-importing the same file finds every supplier unchanged.
 */

export type ImportMode = "dry_run" | "commit";
export type ImporterKind = "cluster_authority" | "platform";
export type ImportRunStatus = "preparing" | "running" | "completed" | "failed";

export type ImportRun = {
  id: string;
  organization_id: string;
  mode: ImportMode;
  status: ImportRunStatus;
  file_name: string;
  file_format: "csv" | "xlsx" | "jsonl";
  file_issues: ImportIssue[];
  would_create_rows: number;
  total_rows: number;
  valid_rows: number;
  invalid_rows: number;
  pending_rows: number;
  created_rows: number;
  updated_rows: number;
  unchanged_rows: number;
  skipped_rows: number;
  failed_rows: number;
  warning_rows: number;
  error_message: string | null;
  created_at: string;
  heartbeat_at: string | null;
  finished_at: string | null;
  source_run_id: string | null;
};

const RUN_COLUMNS =
  "id, organization_id, mode, status, file_name, file_format, file_issues, would_create_rows, total_rows, valid_rows, invalid_rows, pending_rows, created_rows, updated_rows, unchanged_rows, skipped_rows, failed_rows, warning_rows, error_message, created_at, heartbeat_at, finished_at, source_run_id";

/** A running run whose processor has not reported for this long is shown as interrupted. */
export const STALE_RUN_MILLISECONDS = 60_000;

export function isInterrupted(run: Pick<ImportRun, "status" | "mode" | "heartbeat_at" | "created_at">, now = Date.now()): boolean {
  if (run.status !== "running" || run.mode !== "commit") return false;
  const last = Date.parse(run.heartbeat_at ?? run.created_at);
  return now - last > STALE_RUN_MILLISECONDS;
}

/** Clusters, taxonomies and the importer's rights: everything validation needs from the database. */
export async function loadImportContext(
  supabase: SupabaseClient,
  { organizationId, kind }: { organizationId: string; kind: ImporterKind },
): Promise<ImportContext> {
  const [taxonomies, clusters] = await Promise.all([
    loadTaxonomies(supabase),
    supabase.from("clusters").select("slug, managing_organization_id").order("slug"),
  ]);
  if (clusters.error) throw new Error(`Could not read clusters: ${clusters.error.message}`);
  const rows = (clusters.data ?? []) as Array<{ slug: string; managing_organization_id: string | null }>;
  const managed = rows.filter((cluster) => cluster.managing_organization_id === organizationId).map((cluster) => cluster.slug);
  return {
    processes: taxonomies.processes,
    materials: taxonomies.materials,
    certificationTypes: taxonomies.certificationTypes,
    clusterSlugs: new Set(rows.map((cluster) => cluster.slug)),
    allowedClusterSlugs: kind === "platform" ? null : new Set(managed),
    defaultClusterSlug: kind === "cluster_authority" && managed.length === 1 ? managed[0]! : null,
  };
}

/** Which of these external ids this organization has imported before (for the dry run's forecast). */
async function knownExternalIds(supabase: SupabaseClient, organizationId: string, externalIds: string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (let start = 0; start < externalIds.length; start += 200) {
    const { data, error } = await supabase
      .from("sme_profiles")
      .select("external_id")
      .eq("imported_by_organization_id", organizationId)
      .in("external_id", externalIds.slice(start, start + 200));
    if (error) throw new Error(`Could not read earlier imports: ${error.message}`);
    for (const row of data ?? []) known.add(row.external_id as string);
  }
  return known;
}

const INSERT_BATCH = 500;

/**
 * Stores a judged file as a run. A dry run is complete right away; a commit run is left running,
 * ready for processImportRun.
 */
export async function createImportRun(
  supabase: SupabaseClient,
  input: {
    organizationId: string;
    mode: ImportMode;
    fileName: string;
    format: ParsedFile["format"];
    sha256: string | null;
    validation: ValidationResult;
  },
): Promise<string> {
  const { validation } = input;
  const fileIssues = validation.fileIssues.filter((issue) => issue.row === 0);
  const lineIssues = validation.fileIssues.filter((issue) => issue.row > 0);
  let wouldCreate = 0;
  if (input.mode === "dry_run") {
    const validIds = validation.rows.filter((row) => row.valid && row.external_id).map((row) => row.external_id as string);
    const known = await knownExternalIds(supabase, input.organizationId, validIds);
    wouldCreate = validIds.filter((id) => !known.has(id)).length;
  }
  const { data: run, error } = await supabase
    .from("import_runs")
    .insert({
      organization_id: input.organizationId,
      mode: input.mode,
      file_name: input.fileName.slice(0, 255) || "import",
      file_format: input.format,
      file_sha256: input.sha256,
      file_issues: fileIssues,
      would_create_rows: wouldCreate,
    })
    .select("id")
    .single();
  if (error) throw Object.assign(new Error(`Could not start the import: ${error.message}`), { code: error.code });
  const runId = run.id as string;

  const linesByRow = new Map<number, ImportIssue[]>();
  for (const issue of lineIssues) linesByRow.set(issue.row, [...(linesByRow.get(issue.row) ?? []), issue]);
  const rows = [
    ...validation.rows.map((row) => ({
      run_id: runId,
      row_number: row.row,
      external_id: row.external_id?.slice(0, 200) ?? null,
      status: row.valid ? (input.mode === "dry_run" ? "valid" : "pending") : "invalid",
      payload: row.payload,
      issues: row.issues,
      has_warnings: row.issues.some((issue) => issue.severity === "warning"),
    })),
    ...[...linesByRow].map(([rowNumber, issues]) => ({
      run_id: runId,
      row_number: rowNumber,
      external_id: null,
      status: "invalid",
      payload: null,
      issues,
      has_warnings: false,
    })),
  ].sort((a, b) => a.row_number - b.row_number);

  try {
    for (let start = 0; start < rows.length; start += INSERT_BATCH) {
      const { error: rowsError } = await supabase.from("import_rows").insert(rows.slice(start, start + INSERT_BATCH));
      if (rowsError) throw new Error(`Could not store the import rows: ${rowsError.message}`);
    }
    const { error: statusError } = await supabase
      .from("import_runs")
      .update(input.mode === "dry_run" ? { status: "completed", finished_at: new Date().toISOString() } : { status: "running" })
      .eq("id", runId);
    if (statusError) throw new Error(`Could not start the import: ${statusError.message}`);
  } catch (failure) {
    // A run that never finished preparing must not look like one that is still coming.
    await supabase.from("import_runs").update({ status: "failed", error_message: String((failure as Error).message).slice(0, 2000) }).eq("id", runId);
    throw failure;
  }
  return runId;
}

export type ProcessProgress = { processed: number; remaining: number; status: ImportRunStatus };

/**
 * Rows per call of process_import_rows. The database writes a batch with one statement per kind
 * of change, so a batch costs little more than one row; it still answers within a second or so,
 * which keeps progress moving and the run's heartbeat fresh.
 */
export const PROCESS_BATCH_ROWS = 200;

/**
 * Batches written at once. A batch's own writes are one database backend's work; while one batch
 * is written, the next can be too, on the other core (imports at 100,000 suppliers, issue 10).
 * The database hands each pending row to one caller, so parallel writers never share a row.
 */
export const PROCESS_CONCURRENCY = 2;

/**
 * Writes the pending rows of a commit run in batches until none are left. Safe to call again after
 * a crash or alongside another processor: the database hands each pending row to one caller.
 */
export async function processImportRun(
  supabase: SupabaseClient,
  {
    runId,
    batchSize = PROCESS_BATCH_ROWS,
    concurrency = PROCESS_CONCURRENCY,
    onProgress,
    signal,
  }: { runId: string; batchSize?: number; concurrency?: number; onProgress?: (progress: ProcessProgress) => void; signal?: AbortSignal },
): Promise<ProcessProgress> {
  let last: ProcessProgress = { processed: 0, remaining: Number.POSITIVE_INFINITY, status: "running" };
  let finished = false;
  const writer = async () => {
    let idleRounds = 0;
    while (!signal?.aborted && !finished) {
      const { data, error } = await supabase.rpc("process_import_rows", { p_run_id: runId, p_limit: batchSize });
      if (error) {
        finished = true; // the other writers stop after their current batch
        throw Object.assign(new Error(`Import processing failed: ${error.message}`), { code: error.code });
      }
      const progress = data as ProcessProgress;
      last = latest(last, progress);
      onProgress?.(progress);
      if (progress.status !== "running" || progress.remaining === 0) {
        finished = true;
        break;
      }
      // Rows still pending but none handed to us: another processor holds them. Wait, then look again.
      if (progress.processed === 0) {
        idleRounds++;
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * idleRounds)));
      } else {
        idleRounds = 0;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, writer));
  return last;
}

/** Parallel writers' answers may arrive out of order: a finished run, else the fewest rows remaining. */
function latest(a: ProcessProgress, b: ProcessProgress): ProcessProgress {
  if (a.status !== "running") return a;
  if (b.status !== "running") return b;
  return b.remaining <= a.remaining ? b : a;
}

export async function getImportRun(supabase: SupabaseClient, { runId }: { runId: string }): Promise<ImportRun | null> {
  const { data, error } = await supabase.from("import_runs").select(RUN_COLUMNS).eq("id", runId).maybeSingle();
  if (error) {
    if (error.code === "22P02") return null; // not a uuid
    throw new Error(`Could not read the import: ${error.message}`);
  }
  return data as ImportRun | null;
}

export async function listImportRuns(supabase: SupabaseClient, { organizationIds, limit = 20 }: { organizationIds: string[]; limit?: number }) {
  if (organizationIds.length === 0) return [];
  const { data, error } = await supabase
    .from("import_runs")
    .select(RUN_COLUMNS)
    .in("organization_id", organizationIds)
    .order("created_at", { ascending: false })
    .limit(limit);
  if (error) throw new Error(`Could not read imports: ${error.message}`);
  return (data ?? []) as ImportRun[];
}

export type ReportRow = { row: number; external_id: string | null; status: string; issues: ImportIssue[] };

/** Rows that have something to say (errors, warnings, skips, failures), in file order. */
export async function listReportRows(
  supabase: SupabaseClient,
  { runId, offset = 0, limit = 100 }: { runId: string; offset?: number; limit?: number },
): Promise<{ rows: ReportRow[]; total: number }> {
  const { data, error, count } = await supabase
    .from("import_rows")
    .select("row_number, external_id, status, issues", { count: "exact" })
    .eq("run_id", runId)
    .or("status.in.(invalid,failed,skipped),has_warnings.eq.true")
    .order("row_number")
    .range(offset, offset + limit - 1);
  if (error) throw new Error(`Could not read the import report: ${error.message}`);
  return {
    total: count ?? 0,
    rows: (data ?? []).map((row) => ({
      row: row.row_number as number,
      external_id: row.external_id as string | null,
      status: row.status as string,
      issues: ((row.issues ?? []) as ImportIssue[]).map((issue) => ({ ...issue, row: row.row_number as number })),
    })),
  };
}

/** Every issue of a run with messages in both languages: file-level first, then by row. */
export async function fullReport(supabase: SupabaseClient, { runId }: { runId: string }): Promise<Array<RenderedIssue & { external_id: string | null }>> {
  const run = await getImportRun(supabase, { runId });
  if (!run) return [];
  const issues = run.file_issues.map((issue) => ({ ...renderIssue(issue), external_id: null as string | null }));
  // PostgREST answers at most 1000 rows per request.
  for (let offset = 0; ; offset += 1000) {
    const page = await listReportRows(supabase, { runId, offset, limit: 1000 });
    for (const row of page.rows) issues.push(...row.issues.map((issue) => ({ ...renderIssue(issue), external_id: row.external_id })));
    if (page.rows.length < 1000) break;
  }
  return issues;
}

/** "Import the valid rows" of a finished dry run: a new commit run with the same rows. */
export async function commitDryRun(supabase: SupabaseClient, { runId }: { runId: string }): Promise<string> {
  const { data, error } = await supabase.rpc("commit_dry_run", { p_run_id: runId });
  if (error) throw Object.assign(new Error(`Could not start the import: ${error.message}`), { code: error.code });
  return data as string;
}

export function sha256Hex(bytes: Uint8Array) {
  return createHash("sha256").update(bytes).digest("hex");
}

export type ImportOutcome = {
  runId: string | null;
  run: ImportRun | null;
  /** Set when the file could not be read at all; nothing was stored. */
  fileError: RenderedIssue | null;
  validation: ValidationResult | null;
};

/**
 * The whole pipeline for one file: read, judge, store as a run, and (commit) write the valid
 * rows. Used by the CLI, the API and tests; the web page runs the write step in the background.
 */
export async function runImport(
  supabase: SupabaseClient,
  input: {
    organizationId: string;
    importerKind: ImporterKind;
    fileName: string;
    bytes: Uint8Array;
    mode: ImportMode;
    onProgress?: (progress: ProcessProgress) => void;
  },
): Promise<ImportOutcome> {
  const parsed = await parseImportFile({ fileName: input.fileName, bytes: input.bytes });
  if ("error" in parsed) return { runId: null, run: null, fileError: renderIssue(parsed.error), validation: null };
  const context = await loadImportContext(supabase, { organizationId: input.organizationId, kind: input.importerKind });
  const validation = validateFile(parsed, context);
  const runId = await createImportRun(supabase, {
    organizationId: input.organizationId,
    mode: input.mode,
    fileName: input.fileName,
    format: parsed.format,
    sha256: sha256Hex(input.bytes),
    validation,
  });
  if (input.mode === "commit") await processImportRun(supabase, { runId, onProgress: input.onProgress });
  return { runId, run: await getImportRun(supabase, { runId }), fileError: null, validation };
}
