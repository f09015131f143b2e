/**
 * Bulk import from the command line:
 *
 *   npm run import -- <file> --org <organization-slug> [--dry-run] [--json]
 *
 * Reads a CSV, XLSX or JSON Lines file in the interchange format (docs/import-format.md) and
 * imports it for the given cluster authority or platform organization, exactly as the /import page
 * does: same validation, same idempotent write, same report (stored as an import run).
 * Uses the service role: SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY from the environment, or the
 * local stack's defaults. Exit code 0 when every row was imported (or would be), 1 when some rows
 * have errors, 2 when the file or the command could not be used at all.
 */
import fs from "node:fs";
import path from "node:path";
import { createClient } from "@supabase/supabase-js";
import ws from "ws";
import { fullReport, runImport, type ImporterKind } from "../app/import/commit.server.ts";
import { resolveStackConfig } from "./stack/config.ts";

type Options = { file: string; org: string; dryRun: boolean; json: boolean };

const USAGE = "Usage: npm run import -- <file> --org <organization-slug> [--dry-run] [--json]";

function parseArguments(argv: string[]): Options {
  let file: string | undefined;
  let org: string | undefined;
  let dryRun = false;
  let json = false;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === "--org") org = argv[++index];
    else if (argument.startsWith("--org=")) org = argument.slice("--org=".length);
    else if (argument === "--dry-run") dryRun = true;
    else if (argument === "--json") json = true;
    else if (argument === "--help" || argument === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (argument.startsWith("--")) throw new Error(`Unknown option ${argument}.\n${USAGE}`);
    else if (!file) file = argument;
    else throw new Error(`Only one file at a time.\n${USAGE}`);
  }
  if (!file || !org) throw new Error(USAGE);
  return { file, org, dryRun, json };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const stack = resolveStackConfig(process.env);
  const url = process.env.SUPABASE_URL || stack.supabaseUrl;
  const serviceKey = process.env.SUPABASE_SERVICE_ROLE_KEY || stack.serviceRoleKey;
  if (!serviceKey) throw new Error("SUPABASE_SERVICE_ROLE_KEY is not set (Project settings → API → service_role key).");
  const supabase = createClient(url, serviceKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
  });

  const { data: organization, error } = await supabase.from("organizations").select("id, kind, name_en").eq("slug", options.org).maybeSingle();
  if (error) throw new Error(`Could not reach the database at ${url}: ${error.message}`);
  if (!organization) throw new Error(`No organization has the slug "${options.org}".`);
  if (organization.kind !== "cluster_authority" && organization.kind !== "platform") {
    throw new Error(`"${options.org}" is a ${organization.kind} organization; only cluster authorities and the platform import suppliers.`);
  }

  const bytes = new Uint8Array(fs.readFileSync(options.file));
  const started = Date.now();
  const outcome = await runImport(supabase, {
    organizationId: organization.id as string,
    importerKind: organization.kind as ImporterKind,
    fileName: path.basename(options.file),
    bytes,
    mode: options.dryRun ? "dry_run" : "commit",
    onProgress: (progress) => {
      if (!options.json) process.stderr.write(`\r  ${progress.processed} written in this batch, ${progress.remaining} to go   `);
    },
  });
  if (!options.json) process.stderr.write("\n");

  const issues = outcome.fileError ? [outcome.fileError] : outcome.runId ? await fullReport(supabase, { runId: outcome.runId }) : [];
  const run = outcome.run;

  if (options.json) {
    console.log(JSON.stringify({ run, issues }, null, 2));
  } else {
    console.log(`${options.dryRun ? "Dry run" : "Import"} of ${path.basename(options.file)} for ${organization.name_en} (${options.org})`);
    if (run) {
      console.log(`  run ${run.id}, ${run.total_rows} rows, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (run.mode === "dry_run") {
        console.log(`  ${run.valid_rows} valid, ${run.invalid_rows} with errors, ${run.warning_rows} with warnings; nothing written`);
        console.log(`  importing would create ${run.would_create_rows} and update or confirm ${run.valid_rows - run.would_create_rows}`);
      } else {
        console.log(
          `  ${run.created_rows} created, ${run.updated_rows} updated, ${run.unchanged_rows} unchanged, ` +
            `${run.invalid_rows} invalid (not imported), ${run.skipped_rows} skipped, ${run.failed_rows} failed; ${run.warning_rows} with warnings`,
        );
      }
    }
    if (issues.length === 0) console.log("  no problems found");
    for (const issue of issues) {
      const where = issue.row === 0 ? "file" : `row ${issue.row}`;
      console.log(`  ${issue.severity.padEnd(7)} ${where.padEnd(9)} ${(issue.field || "-").padEnd(24)} ${issue.message_en} / ${issue.message_ko}`);
    }
  }

  if (outcome.fileError || (run && run.file_issues.some((issue) => issue.severity === "error"))) process.exit(2);
  if (run && (run.invalid_rows > 0 || run.failed_rows > 0)) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
