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

  it("keeps an idle connection open while a client is busy between two requests", { timeout: 30_000 }, async () => {
    const url = `${stack.supabaseUrl}/rest/v1/clusters?select=slug&limit=1`;
    const first = await fetch(url, { headers: { apikey: stack.anonKey } });
    await first.text();
    // Clients reuse an idle connection for as long as the server says it keeps it.
    expect(Number(/timeout=(\d+)/.exec(first.headers.get("keep-alive") ?? "")?.[1])).toBeGreaterThanOrEqual(60);
    // An import validating a large file blocks its event loop like this, past Node's default 5 s;
    // the next request reuses the connection and must not find it closed ("fetch failed").
    const until = Date.now() + 6_000;
    while (Date.now() < until) {
      // busy, as validation is
    }
    const second = await fetch(url, { headers: { apikey: stack.anonKey } });
    expect(second.status).toBe(200);
    await second.text();
  });

  it("answers Meilisearch health with the master key configured", async () => {
    const health = await fetch(`${stack.meiliUrl}/health`);
    expect(await health.json()).toEqual({ status: "available" });
    const keys = await fetch(`${stack.meiliUrl}/keys`);
    expect(keys.status).toBe(401);
  });
});
