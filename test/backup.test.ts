import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import ws from "ws";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { controlService } from "./setup/control.ts";
import { backupDatabase, BACKED_UP_SCHEMAS, restoreDatabase, tableChecksum, type Manifest } from "../scripts/backup/logical-backup.ts";

const stack = inject("stack");
const controlUrl = inject("controlUrl");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "clustermatch-backup-test-"));
const suffix = Date.now().toString(36);
const restoreDbs = [`restore_test_${suffix}`, `restore_tampered_${suffix}`];
const urlFor = (database: string) => {
  const url = new URL(stack.databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("set timezone = 'UTC'; set datestyle = 'ISO, MDY'; set intervalstyle = 'postgres'; set extra_float_digits = 1; set bytea_output = 'hex'");
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Counts and digests computed straight from the catalogue, independently of the manifest. */
async function snapshotOf(url: string) {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ schema: string; name: string }>(
      `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'r' and n.nspname = any($1::text[]) order by 1, 2`,
      [BACKED_UP_SCHEMAS],
    );
    const tables: Record<string, { rows: number; checksum: string }> = {};
    for (const { schema, name } of rows) tables[`${schema}.${name}`] = await tableChecksum(client, schema, name);
    return tables;
  });
}

const storedPath = `backup-test/${suffix}.pdf`;
let manifest: Manifest;
let source: Awaited<ReturnType<typeof snapshotOf>>;
const backupFile = path.join(work, "backup.tar.gz");

beforeAll(async () => {
  await withClient(stack.databaseUrl, async (client) => {
    for (const database of restoreDbs) await client.query(`create database ${database}`);
  });
  // A stored file through Storage itself, so the round trip covers a real object and its row.
  const admin = createClient(stack.supabaseUrl, stack.serviceRoleKey, { auth: { persistSession: false }, realtime: { transport: ws as never } });
  const upload = await admin.storage.from("brochures").upload(storedPath, new Blob([`%PDF-1.4 backup ${suffix}\n%%EOF\n`], { type: "application/pdf" }));
  expect(upload.error).toBeNull();
  // The sync worker marks outbox rows as it indexes: paused, the source holds still for comparison.
  await controlService(controlUrl, "search-sync", "stop");
  manifest = await backupDatabase({ databaseUrl: stack.databaseUrl, storageDir: stack.storageDir, outFile: backupFile });
  source = await snapshotOf(stack.databaseUrl);
});

afterAll(async () => {
  await controlService(controlUrl, "search-sync", "start");
  await withClient(stack.databaseUrl, async (client) => {
    for (const database of restoreDbs) await client.query(`drop database if exists ${database} with (force)`);
  });
  fs.rmSync(work, { recursive: true, force: true });
});

describe("logical backup and restore", () => {
  it("backs up every table of the seeded database with counts that match the database", async () => {
    expect(manifest.tables.map((table) => `${table.schema}.${table.name}`).sort()).toEqual(Object.keys(source).sort());
    for (const table of manifest.tables) expect(source[`${table.schema}.${table.name}`]).toEqual({ rows: table.rows, checksum: table.checksum });
    // The seed is really in there: people, organizations and the applied migrations.
    const rowsOf = (name: string) => manifest.tables.find((table) => `${table.schema}.${table.name}` === name)?.rows ?? 0;
    expect(rowsOf("auth.users")).toBeGreaterThanOrEqual(5);
    expect(rowsOf("public.organizations")).toBeGreaterThan(0);
    expect(rowsOf("supabase_migrations.schema_migrations")).toBe(manifest.migrations.length);
    expect(manifest.migrations.length).toBeGreaterThan(0);
  });

  it("restores into a fresh database with identical rows, sequences and stored files", async () => {
    const restoredStorage = path.join(work, "restored-storage");
    const report = await restoreDatabase({ databaseUrl: urlFor(restoreDbs[0]!), storageDir: restoredStorage, file: backupFile });
    expect(report.tables).toBe(manifest.tables.length);
    expect(report.rows).toBe(manifest.tables.reduce((sum, table) => sum + table.rows, 0));

    // Computed afresh from the restored database, compared with the source at backup time.
    expect(await snapshotOf(urlFor(restoreDbs[0]!))).toEqual(source);

    const sequences = await withClient(urlFor(restoreDbs[0]!), async (client) => {
      const values: Record<string, string> = {};
      for (const sequence of manifest.sequences) {
        const { rows } = await client.query<{ last_value: string }>(`select last_value::text from "${sequence.schema}"."${sequence.name}"`);
        values[`${sequence.schema}.${sequence.name}`] = rows[0]!.last_value;
      }
      return values;
    });
    for (const sequence of manifest.sequences) expect(sequences[`${sequence.schema}.${sequence.name}`]).toBe(sequence.lastValue);

    expect(manifest.storage.some((entry) => entry.path.includes(storedPath))).toBe(true);
    for (const entry of manifest.storage) {
      expect(fs.readFileSync(path.join(restoredStorage, entry.path))).toEqual(fs.readFileSync(path.join(stack.storageDir, entry.path)));
    }
    const restoredObject = await withClient(urlFor(restoreDbs[0]!), async (client) =>
      (await client.query("select 1 from storage.objects where bucket_id = 'brochures' and name = $1", [storedPath])).rowCount,
    );
    expect(restoredObject).toBe(1);
  });

  it("refuses a damaged backup and rolls the rows back", async () => {
    const unpacked = path.join(work, "tampered");
    fs.mkdirSync(unpacked);
    const { execFileSync } = await import("node:child_process");
    execFileSync("tar", ["-xzf", backupFile, "-C", unpacked]);
    const organizations = manifest.tables.find((table) => table.schema === "public" && table.name === "organizations")!;
    const file = path.join(unpacked, organizations.file);
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    fs.writeFileSync(file, `${lines.slice(1).join("\n")}\n`);
    const tampered = path.join(work, "tampered.tar.gz");
    execFileSync("tar", ["-czf", tampered, "-C", unpacked, "."]);

    await expect(
      restoreDatabase({ databaseUrl: urlFor(restoreDbs[1]!), storageDir: path.join(work, "tampered-storage"), file: tampered }),
    ).rejects.toThrow(/public\.organizations: \d+ rows/);
    const left = await withClient(urlFor(restoreDbs[1]!), async (client) => (await client.query<{ n: string }>("select count(*)::text as n from public.organizations")).rows[0]!.n);
    expect(left).toBe("0");
  });
});
