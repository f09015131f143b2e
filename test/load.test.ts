/**
 * A tiny run of the load script (scripts/load/) against the integration stack: 3 users for 5 s
 * through Remix's request handler in-process (the integration stack has no app server). No timing
 * assertions: it checks that the simulated users get no errors, that every write the app
 * confirmed is in the database as written, and that the lost-write check itself can fail.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import ws from "ws";
import type { AppClient } from "../scripts/bench/measure.ts";
import { LOAD_RATE_LIMITS } from "../scripts/load/run.ts";
import { renderLoadMarkdown, updateLoadSection, type LoadReport } from "../scripts/load/report.ts";
import { createLoadFixture, findLostWrites, removeLoadFixture, runLoad, type LoadFixture } from "../scripts/load/simulation.ts";
import { startHarness, type Harness } from "./api-harness.ts";

const stack = inject("stack");
const clientOptions = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }, realtime: { transport: ws as never } };

let db: pg.Pool;
let service: SupabaseClient;
let harness: Harness;
let app: AppClient;
let fixture: LoadFixture | null = null;

beforeAll(async () => {
  db = new pg.Pool({ connectionString: stack.databaseUrl, max: 3 });
  service = createClient(stack.supabaseUrl, stack.serviceRoleKey, clientOptions);
  harness = await startHarness(stack, LOAD_RATE_LIMITS);
  // A browser sends Host itself; Remix compares it with Origin before any action runs.
  const host = new URL(harness.siteUrl).host;
  app = { request: (pathAndQuery, init = {}) => harness.call(pathAndQuery, { method: init.method, headers: { ...init.headers, Host: host }, body: init.body }) };
});

afterAll(async () => {
  if (fixture) await removeLoadFixture({ db, service }, fixture).catch(() => undefined);
  harness?.restoreEnv();
  await db?.end();
});

describe("load script, tiny run", () => {
  it("3 users for 5 s: no errors and no lost writes", { timeout: 180_000 }, async () => {
    fixture = await createLoadFixture({ db, service }, { users: 3, runId: `t${Date.now().toString(36)}`, needs: 3 });
    expect(fixture.personas.map((persona) => persona.kind).sort()).toEqual(["contractor", "sme", "sme"]);

    const { result, ledger } = await runLoad(app, fixture, { users: 3, seconds: 5, thinkMs: 50, seed: 7, origin: new URL(harness.siteUrl).origin });
    expect(result.error_samples).toEqual([]);
    expect(result.errors).toBe(0);
    expect(result.by_operation.sign_in.n).toBe(3);
    expect(result.operations).toBeGreaterThan(0);
    // The SMEs wrote something, so the lost-write check below has something to check.
    expect(result.writes.profile_edits + result.writes.eoi_drafts + result.writes.eoi_submissions).toBeGreaterThan(0);
    expect(ledger.profiles.size + ledger.eois.size).toBeGreaterThan(0);

    expect(await findLostWrites(db, ledger)).toEqual([]);

    // The check sees a write that did not land: overwrite one confirmed value behind the app's back.
    const profile = [...ledger.profiles].find(([, value]) => value.confirmed !== null);
    const eoi = [...ledger.eois.values()].find((value) => value.confirmed !== null);
    if (profile) await db.query("update public.sme_profiles set capacity_note = 'changed behind the app' where organization_id = $1", [profile[0]]);
    else await db.query("update public.eois set message = 'changed behind the app' where sme_organization_id = $1 and need_id = $2", [eoi!.smeOrganizationId, eoi!.needId]);
    const lost = await findLostWrites(db, ledger);
    expect(lost.length).toBeGreaterThan(0);
    expect(lost[0]!.found).toBe("changed behind the app");

    const report: LoadReport = {
      started_at: new Date().toISOString(),
      finished_at: new Date().toISOString(),
      command: "test",
      machine: { nproc: 2, memory_gb: 1, cpu: "test", node: process.version, platform: "test" },
      load_average: { before: [1, 1, 1], after: [1, 1, 1] },
      rate_limits: LOAD_RATE_LIMITS,
      result,
      lost_writes: [],
    };
    const section = renderLoadMarkdown(report);
    const doc = "# Benchmarks\n\n<!-- bench:start -->\nbench\n<!-- bench:end -->\n";
    const once = updateLoadSection(doc, section);
    expect(once).toContain("<!-- bench:start -->\nbench\n<!-- bench:end -->");
    expect(once).toContain("| errors | 0 |");
    expect(updateLoadSection(once, section)).toBe(once);
  });
});
