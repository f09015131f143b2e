/**
 * `npm run search:setup`: creates the suppliers, clusters and needs indexes if missing, applies
 * their settings (synonyms from the taxonomy and glossary included) and the search-only key.
 * Idempotent: run it as often as you like; unchanged settings cause no re-indexing.
 * `--fill-if-empty` also rebuilds the suppliers index when it is empty but the database is not.
 */
import pg from "pg";
import { applySearchSetup, reindexAll, suppliersIndexNeedsFill } from "../../app/search/indexer.server.ts";
import { createAdminClient } from "../../app/search/meili.server.ts";
import { searchJobConfig } from "./job-config.ts";

export async function runSearchSetup(
  config: ReturnType<typeof searchJobConfig>,
  options: { fillIfEmpty?: boolean; log?: (line: string) => void } = {}
) {
  const log = options.log ?? ((line: string) => console.log(line));
  const admin = createAdminClient(config.meili);
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
  try {
    const setup = await applySearchSetup(pool, admin);
    for (const [index, changes] of Object.entries(setup.changes)) {
      log(`${index}: ${changes.length === 0 ? "settings up to date" : `updated ${changes.join(", ")}`}`);
    }
    log(`search-only key: ${setup.key}; ${setup.synonymCount} synonym entries`);
    let filled = false;
    if (options.fillIfEmpty && (await suppliersIndexNeedsFill(pool, admin))) {
      const counts = await reindexAll(
        async () => {
          const client = await pool.connect();
          return client;
        },
        admin,
        { log }
      );
      log(`filled the empty indexes: ${JSON.stringify(counts)}`);
      filled = true;
    }
    return { ...setup, filled };
  } finally {
    await pool.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runSearchSetup(searchJobConfig(), { fillIfEmpty: process.argv.includes("--fill-if-empty") }).catch((error: unknown) => {
    console.error(`search:setup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
