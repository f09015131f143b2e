/**
 * `npm run search:reindex [-- suppliers clusters needs]`: rebuilds the indexes from the database.
 * Each is built under a temporary name and swapped in, so searches keep working throughout, and
 * changes the sync worker applied meanwhile are replayed onto the new index.
 */
import pg from "pg";
import { applySearchSetup, reindexAll } from "../../app/search/indexer.server.ts";
import { createAdminClient } from "../../app/search/meili.server.ts";
import { INDEX_NAMES, type IndexName } from "../../app/search/sources.server.ts";
import { searchJobConfig } from "./job-config.ts";

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const unknown = requested.filter((name) => !(INDEX_NAMES as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`Unknown index ${unknown.join(", ")}; choose from ${INDEX_NAMES.join(", ")}.`);
  process.exit(2);
}

const config = searchJobConfig();
const admin = createAdminClient(config.meili, 120_000);
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
const started = Date.now();
try {
  await applySearchSetup(pool, admin);
  const counts = await reindexAll(() => pool.connect(), admin, {
    indexes: requested.length > 0 ? (requested as IndexName[]) : INDEX_NAMES,
    log: (line) => console.log(line),
  });
  console.log(
    `Reindexed ${Object.entries(counts)
      .map(([index, n]) => `${index} (${n})`)
      .join(", ")} in ${((Date.now() - started) / 1000).toFixed(1)} s`
  );
} catch (error) {
  console.error(`search:reindex failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
