import pg from "pg";
import { describe, expect, inject, it } from "vitest";

const stack = inject("stack");

describe("the local stack", () => {
  it("records every migration once in the Supabase CLI's table", async () => {
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query("select version, name from supabase_migrations.schema_migrations order by version");
      const versions = rows.map((row) => row.version);
      expect(new Set(versions).size).toBe(versions.length);
    } finally {
      await client.end();
    }
  });

  it("serves PostgREST under /rest/v1 with the anon key and refuses a missing or forged key", async () => {
    const ok = await fetch(`${stack.supabaseUrl}/rest/v1/`, { headers: { apikey: stack.anonKey } });
    expect(ok.status).toBe(200);
    const missing = await fetch(`${stack.supabaseUrl}/rest/v1/`);
    expect(missing.status).toBe(401);
    const forged = await fetch(`${stack.supabaseUrl}/rest/v1/`, { headers: { apikey: `${stack.anonKey.slice(0, -4)}AAAA` } });
    expect(forged.status).toBe(401);
  });

  it("answers Meilisearch health with the master key configured", async () => {
    const health = await fetch(`${stack.meiliUrl}/health`);
    expect(await health.json()).toEqual({ status: "available" });
    const keys = await fetch(`${stack.meiliUrl}/keys`);
    expect(keys.status).toBe(401);
  });
});
