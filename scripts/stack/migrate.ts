import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { projectRoot } from "./config.ts";

const localDir = path.join(projectRoot, "supabase", "local");
const migrationsDir = path.join(projectRoot, "supabase", "migrations");
/** The seed files, in the order supabase/config.toml's [db.seed] sql_paths gives `supabase start`. */
export function seedFiles(): string[] {
  const config = fs.readFileSync(path.join(projectRoot, "supabase", "config.toml"), "utf8");
  const list = /^\s*sql_paths\s*=\s*\[([^\]]*)\]/m.exec(config)?.[1] ?? '"./seed.sql"';
  return [...list.matchAll(/"([^"]+)"/g)].map((match) => path.resolve(projectRoot, "supabase", match[1]!));
}

function sqlFiles(dir: string) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .sort();
}

export type MigrationReport = { applied: string[]; skipped: number; seeded: boolean };

/**
 * Brings a database to the current schema. The local bootstrap (what hosted Supabase already has)
 * is idempotent and runs every time; migrations run once each, in file-name order, recorded in the
 * same table the Supabase CLI uses, so `supabase db push` and this runner agree on what is applied.
 */
export async function migrate(
  databaseUrl: string,
  options: { bootstrapLocal: boolean; authenticatorPassword?: string; seed: boolean | "if-empty" },
): Promise<MigrationReport> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Serialize concurrent runners (two launchers, a launcher and db:reset) on one database.
    await client.query("select pg_advisory_lock(hashtext('clustermatch.migrate'))");
    if (options.bootstrapLocal) {
      for (const name of sqlFiles(localDir)) {
        await client.query(fs.readFileSync(path.join(localDir, name), "utf8"));
      }
      if (options.authenticatorPassword) {
        await client.query(`alter role authenticator with login password '${options.authenticatorPassword.replaceAll("'", "''")}'`);
      }
    }
    await client.query(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key,
        statements text[],
        name text
      );
      create table if not exists supabase_migrations.seed_files (
        path text primary key,
        hash text not null,
        created_at timestamptz not null default now()
      );
    `);
    const { rows } = await client.query<{ version: string }>("select version from supabase_migrations.schema_migrations");
    const done = new Set(rows.map((row) => row.version));
    const applied: string[] = [];
    let skipped = 0;
    for (const file of sqlFiles(migrationsDir)) {
      const match = /^(\d+)_(.+)\.sql$/.exec(file);
      if (!match) throw new Error(`Migration file name must look like <timestamp>_<name>.sql: ${file}`);
      const [, version, name] = match as unknown as [string, string, string];
      if (done.has(version)) {
        skipped++;
        continue;
      }
      const sql = fs.readFileSync(path.join(migrationsDir, file), "utf8");
      await client.query("begin");
      try {
        await client.query(sql);
        await client.query(
          "insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)",
          [version, name, [sql]],
        );
        await client.query("commit");
      } catch (error) {
        await client.query("rollback");
        throw new Error(`Migration ${file} failed: ${(error as Error).message}`);
      }
      applied.push(file);
    }
    let seeded = false;
    const seeds = options.seed ? seedFiles().filter((file) => fs.existsSync(file)) : [];
    if (seeds.length > 0) {
      const { rows: seedRows } = await client.query("select 1 from supabase_migrations.seed_files where path = 'seed.sql'");
      if (options.seed === true || seedRows.length === 0) {
        const sql = seeds.map((file) => fs.readFileSync(file, "utf8")).join("\n;\n");
        await client.query("begin");
        try {
          for (const file of seeds) await client.query(fs.readFileSync(file, "utf8"));
          await client.query(
            `insert into supabase_migrations.seed_files (path, hash) values ('seed.sql', md5($1))
             on conflict (path) do update set hash = excluded.hash, created_at = now()`,
            [sql],
          );
          await client.query("commit");
        } catch (error) {
          await client.query("rollback");
          throw new Error(`Seed failed: ${(error as Error).message}`);
        }
        seeded = true;
      }
    }
    // PostgREST caches the schema; tell it to look again.
    await client.query("select pg_notify('pgrst', 'reload schema')");
    return { applied, skipped, seeded };
  } finally {
    await client.query("select pg_advisory_unlock_all()").catch(() => undefined);
    await client.end();
  }
}
