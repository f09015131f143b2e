/**
 * `npm run search:setup`: creates the suppliers, clusters and needs indexes if missing, applies
 * their settings (synonyms from the taxonomy and glossary included) and the search-only key.
 * Idempotent: run it as often as you like; unchanged settings cause no re-indexing.
 * `--fill-if-empty` also rebuilds the suppliers index when it is empty but the database is not.
 * Supplier documents written in an older format (SUPPLIER_DOCUMENT_FORMAT) are rebuilt once.
 */
import pg from "pg";
import { SUPPLIER_DOCUMENT_FORMAT } from "../../app/search/documents.server.ts";
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
    const connect = () => pool.connect();
    let filled = false;
    let rebuilt = false;
    if (options.fillIfEmpty && (await suppliersIndexNeedsFill(pool, admin))) {
      const counts = await reindexAll(connect, admin, { log });
      log(`filled the empty indexes: ${JSON.stringify(counts)}`);
      filled = true;
    } else if ((await documentFormat(pool)) !== SUPPLIER_DOCUMENT_FORMAT) {
      log("supplier documents were written in an older format: rebuilding the suppliers index (searches keep the old one until the swap)");
      const counts = await reindexAll(connect, admin, { indexes: ["suppliers"], log });
      log(`rebuilt: ${JSON.stringify(counts)}`);
      rebuilt = true;
    }
    await pool.query(
      `insert into private.search_sync_state (key, value, updated_at) values ('supplier_document_format', $1, now())
       on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
      [SUPPLIER_DOCUMENT_FORMAT]
    );
    return { ...setup, filled, rebuilt };
  } finally {
    await pool.end();
  }
}

async function documentFormat(pool: pg.Pool): Promise<string | null> {
  const { rows } = await pool.query<{ value: string }>("select value from private.search_sync_state where key = 'supplier_document_format'");
  return rows[0]?.value ?? null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runSearchSetup(searchJobConfig(), { fillIfEmpty: process.argv.includes("--fill-if-empty") }).catch((error: unknown) => {
    console.error(`search:setup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
