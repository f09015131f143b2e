/**
 * `npm run db:restore -- <file.tar.gz> [--database <name>]`: restores a backup made by db:backup.
 * The target database is dropped and created empty first (default: the stack's own database),
 * the migrations build the schema (no seed), then the rows and stored files are loaded and every
 * table's count and checksum is checked against the backup's manifest.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { restoreDatabase } from "./backup/logical-backup.ts";
import { resolveStackConfig } from "./stack/config.ts";

const args = process.argv.slice(2);
const databaseFlag = args.indexOf("--database");
const databaseName = databaseFlag >= 0 ? args[databaseFlag + 1] : undefined;
const file = args.find((arg, index) => !arg.startsWith("--") && (databaseFlag < 0 || index !== databaseFlag + 1));
if (!file || !fs.existsSync(file) || (databaseFlag >= 0 && !/^[a-z_][a-z0-9_]*$/.test(databaseName ?? ""))) {
  console.error("Usage: npm run db:restore -- <backup.tar.gz> [--database <name>]");
  process.exit(1);
}

const config = resolveStackConfig();
if (!config.local.supabase) {
  console.error("db:restore restores the local database only; a hosted project is restored from Supabase's own backups.");
  process.exit(1);
}
const target = new URL(config.databaseUrl);
const name = databaseName ?? target.pathname.slice(1);
target.pathname = `/${name}`;
const maintenance = new URL(config.databaseUrl);
maintenance.pathname = "/template1";

try {
  const started = Date.now();
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  // Stored files belong to the stack's database only; another database gets its own folder.
  const storageDir = databaseName && databaseName !== new URL(config.databaseUrl).pathname.slice(1) ? path.join(config.dataDir, `storage-${name}`) : config.storageDir;
  const report = await restoreDatabase({ databaseUrl: target.toString(), storageDir, file, authenticatorPassword: config.authenticatorPassword });
  console.log(
    `Restored ${report.tables} tables (${report.rows} rows) and ${report.storageFiles} stored files into ${name} ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s; every count and checksum matches the backup.`,
  );
} catch (error) {
  const code = (error as { code?: string }).code;
  console.error(code === "ECONNREFUSED" ? `No database at ${config.databaseUrl}: start the stack first (npm run stack).` : error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
