/**
 * `npm run db:reset`: drops the local database and rebuilds it from the migrations and the seed,
 * like `supabase db reset`. Works whether or not `npm start` is running.
 */
import fs from "node:fs";
import pg from "pg";
import { resolveStackConfig } from "./stack/config.ts";
import { migrate } from "./stack/migrate.ts";
import { StackError, StackLock } from "./stack/preflight.ts";
import { startStack, type RunningStack } from "./stack/stack.ts";

const config = resolveStackConfig();
if (!config.local.supabase) {
  console.error("db:reset only resets the local database. For a hosted project use `supabase db reset --linked`.");
  process.exit(1);
}

let ownStack: RunningStack | null = null;
try {
  const started = Date.now();
  if (!StackLock.isHeld(config.dataDir)) {
    ownStack = await startStack({ config, withApp: false, seed: false, log: () => {} });
  }
  const admin = new pg.Client({ connectionString: config.databaseUrl.replace(/\/postgres$/, "/template1") });
  await admin.connect();
  try {
    await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = 'postgres' and pid <> pg_backend_pid()");
    await admin.query("drop database if exists postgres with (force)");
    await admin.query("create database postgres");
  } finally {
    await admin.end();
  }
  fs.rmSync(config.storageDir, { recursive: true, force: true });
  fs.mkdirSync(config.storageDir, { recursive: true });
  const report = await migrate(config.databaseUrl, {
    bootstrapLocal: true,
    authenticatorPassword: config.authenticatorPassword,
    seed: true,
  });
  console.log(
    `Database rebuilt: ${report.applied.length} migrations applied, seed ${report.seeded ? "loaded" : "not found"} ` +
      `(${((Date.now() - started) / 1000).toFixed(1)} s).`,
  );
  if (!ownStack) console.log("The running stack reconnects by itself; the search index catches up from the outbox.");
} catch (error) {
  console.error(error instanceof StackError ? error.message : error);
  process.exitCode = 1;
} finally {
  await ownStack?.stop();
}
