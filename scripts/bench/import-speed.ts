/**
 * Import throughput alone, against a stack that is already running (`npm run stack` or the
 * benchmark's): the same measurement as `npm run bench` (importCorpus in measure.ts), without
 * starting a stack, building the app or measuring anything else. For profiling the import path.
 *
 *   npx tsx scripts/bench/import-speed.ts [--suppliers 5000] [--rows-per-file 1000] [--prefix BENCH]
 *
 * The stack is found as `npm run import` finds it: the local stack's defaults, or GATEWAY_PORT,
 * POSTGRES_PORT, MEILI_PORT (and the other variables of scripts/stack/config.ts) when set.
 * Re-running with the same prefix imports the same suppliers again (all unchanged): that is the
 * idempotent re-import's speed.
 */
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import ws from "ws";
import { resolveStackConfig } from "../stack/config.ts";
import { loadCorpusSources } from "./corpus.ts";
import { importCorpus } from "./measure.ts";

const USAGE = "Usage: npx tsx scripts/bench/import-speed.ts [--suppliers 5000] [--rows-per-file 1000] [--prefix BENCH]";

function parseArguments(argv: string[]) {
  const options = { suppliers: 5_000, rowsPerFile: 1_000, prefix: "BENCH" };
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = argv[index]!.split("=", 2) as [string, string | undefined];
    const value = () => inline ?? argv[++index] ?? "";
    if (flag === "--suppliers" || flag === "--rows-per-file") {
      const number = Number(value());
      if (!Number.isInteger(number) || number < 1) throw new Error(`${flag} must be a positive whole number.\n${USAGE}`);
      if (flag === "--suppliers") options.suppliers = number;
      else options.rowsPerFile = number;
    } else if (flag === "--prefix") options.prefix = value();
    else throw new Error(`${flag === "--help" || flag === "-h" ? "" : `Unknown option ${flag}.\n`}${USAGE}`);
  }
  return options;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const config = resolveStackConfig(process.env);
  const db = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
  const service = createClient(config.supabaseUrl, config.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
  });
  const started = Date.now();
  const log = (line: string) => console.log(`[import ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  try {
    const before = await db.query<{ count: number }>("select count(*)::int from public.sme_profiles");
    log(`${before.rows[0]!.count} suppliers in the database; importing ${options.suppliers} (${options.rowsPerFile} per file, prefix ${options.prefix})`);
    const sources = await loadCorpusSources(db);
    const figures = await importCorpus({ db, service, config, sources, log }, options);
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await db.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
