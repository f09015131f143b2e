/**
 * `npm run db:backup [-- <file.tar.gz>]`: a consistent logical backup of the local database and
 * its stored files (see scripts/backup/logical-backup.ts and docs/decisions/005-backup.md).
 * Needs the stack running (`npm start` or `npm run stack`). Default file: backups/clustermatch-<time>.tar.gz.
 */
import path from "node:path";
import { backupDatabase } from "./backup/logical-backup.ts";
import { projectRoot, resolveStackConfig } from "./stack/config.ts";

const config = resolveStackConfig();
const outFile = path.resolve(process.argv[2] ?? path.join(projectRoot, "backups", `clustermatch-${new Date().toISOString().replaceAll(":", "-")}.tar.gz`));
try {
  const started = Date.now();
  const manifest = await backupDatabase({ databaseUrl: config.databaseUrl, storageDir: config.storageDir, outFile });
  const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
  console.log(
    `Backed up ${manifest.tables.length} tables (${rows} rows), ${manifest.sequences.length} sequences and ` +
      `${manifest.storage.length} stored files to ${outFile} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
} catch (error) {
  const code = (error as { code?: string }).code;
  console.error(code === "ECONNREFUSED" ? `No database at ${config.databaseUrl}: start the stack first (npm run stack).` : error);
  process.exitCode = 1;
}
