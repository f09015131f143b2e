/**
 * A small run of the benchmark (scripts/bench/) against the integration stack: 200 suppliers,
 * fewer queries. No timing assertions: it checks that every figure is produced and sane, so the
 * benchmark keeps working. App-level figures run through Remix's request handler in-process
 * (test/api-harness.ts) rather than HTTP, since the integration stack has no app server; the
 * stack's memory comes from its state file, as in the real run.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import ws from "ws";
import { loadCorpusSources, type CorpusSources } from "../scripts/bench/corpus.ts";
import {
  contractorApiKey,
  editToSearchable,
  importCorpus,
  initialJavaScript,
  platformOrganizationId,
  searchPageLoad,
  stackMemory,
  timeMatch,
  timeMeiliDirect,
  vacuumAfterImport,
  timePostgres,
  timeSearchApi,
  type AppClient,
} from "../scripts/bench/measure.ts";
import { matchBodies, searchQueries } from "../scripts/bench/queries.ts";
import { judge, renderMarkdown, type BenchReport } from "../scripts/bench/report.ts";
import { projectRoot } from "../scripts/stack/config.ts";
import { startHarness, type Harness } from "./api-harness.ts";

const stack = inject("stack");
const PREFIX = "BENCHTEST";
const clientOptions = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }, realtime: { transport: ws as never } };

let db: pg.Pool;
let anon: SupabaseClient;
let service: SupabaseClient;
let harness: Harness;
let app: AppClient;
let sources: CorpusSources;

async function removeBenchSuppliers() {
  const platform = await platformOrganizationId(db);
  await db.query(
    `delete from public.organizations where id in (
       select organization_id from public.sme_profiles where imported_by_organization_id = $1 and external_id like $2)`,
    [platform, `${PREFIX}-%`]
  );
  await db.query("delete from public.import_runs where organization_id = $1 and file_name like 'bench-%'", [platform]);
}

beforeAll(async () => {
  db = new pg.Pool({ connectionString: stack.databaseUrl, max: 4 });
  anon = createClient(stack.supabaseUrl, stack.anonKey, clientOptions);
  service = createClient(stack.supabaseUrl, stack.serviceRoleKey, clientOptions);
  harness = await startHarness(stack, {
    API_RATE_LIMIT_IP_BURST: "100000",
    API_RATE_LIMIT_IP_PER_MINUTE: "100000",
    API_RATE_LIMIT_KEY_BURST: "100000",
    API_RATE_LIMIT_KEY_PER_MINUTE: "100000",
  });
  app = { request: (pathAndQuery, init = {}) => harness.call(pathAndQuery, { method: init.method, headers: init.headers, body: init.body }) };
  sources = await loadCorpusSources(db);
});

afterAll(async () => {
  await removeBenchSuppliers().catch(() => undefined);
  // The deletions go through the outbox too: leave the index as the next file expects it.
  await import("../scripts/bench/measure.ts").then(({ waitForIndexCatchUp }) => waitForIndexCatchUp(db, stack, 60_000)).catch(() => undefined);
  harness?.restoreEnv();
  await db?.end();
});

describe("benchmark, small run", () => {
  it("produces every figure with sane values", { timeout: 240_000 }, async () => {
    const log = () => undefined;
    const before = await db.query<{ count: number }>("select count(*)::int from public.sme_profiles");
    const imported = await importCorpus({ db, service, config: stack, sources, log }, { suppliers: 200, rowsPerFile: 120, prefix: PREFIX, indexTimeoutMs: 120_000 });
    expect(imported).toMatchObject({ rows: 200, files: 2, invalid: 0, failed: 0 });
    expect(imported.created + imported.updated + imported.unchanged).toBe(200);
    expect(imported.rows_per_second_including_indexing).toBeGreaterThan(0);
    expect(imported.rows_per_second_including_indexing).toBeLessThanOrEqual(imported.rows_per_second_import_only);
    expect(await vacuumAfterImport(db)).toBeGreaterThanOrEqual(0);
    const after = await db.query<{ count: number }>("select count(*)::int from public.sme_profiles");
    expect(after.rows[0]!.count - before.rows[0]!.count).toBe(imported.created);
    // Everything published is in the index once it has caught up.
    expect(imported.indexed_documents).toBe(imported.published_profiles);

    const queries = searchQueries(sources, 30);
    expect(new Set(queries).size).toBeGreaterThan(20);
    const api = await timeSearchApi(app, queries, 3);
    const meilisearch = await timeMeiliDirect({ anon, config: stack }, queries, 3);
    const postgres = await timePostgres({ anon }, queries, 3);
    for (const figures of [api, meilisearch, postgres]) {
      expect(figures).toMatchObject({ n: 30, errors: 0 });
      expect(figures.p50).toBeGreaterThan(0);
      expect(figures.p95).toBeGreaterThanOrEqual(figures.p50);
      expect(figures.max).toBeGreaterThanOrEqual(figures.p95);
    }

    const key = await contractorApiKey(db, service);
    const match = await timeMatch(app, key, matchBodies(sources, 10), 2);
    expect(match).toMatchObject({ n: 10, errors: 0 });

    const lag = await editToSearchable(stack, 3);
    expect(lag).toMatchObject({ n: 3, timed_out: 0 });
    expect(lag.p95).toBeGreaterThan(0);

    let ticks = 0;
    const page = await searchPageLoad(app, queries, { clients: 4, requestsPerClient: 3, warmup: 1, onTick: () => ticks++ });
    expect(page).toMatchObject({ clients: 4, requests: 12, errors: 0 });
    expect(page.ttfb_ms.n).toBe(12);
    expect(page.full_response_ms.p50).toBeGreaterThanOrEqual(page.ttfb_ms.p50);
    expect(ticks).toBeGreaterThanOrEqual(0);

    const js = initialJavaScript(projectRoot);
    expect(js.main_pages.map((route) => route.route)).toEqual(expect.arrayContaining(["routes/search", "routes/_index"]));
    expect(js.max_main_page_gzip_kb).toBeGreaterThan(20);
    expect(js.map_chunks.length).toBeGreaterThan(0);

    const memory = stackMemory(stack.dataDir);
    const names = memory.services.map((entry) => entry.service);
    expect(names).toEqual(expect.arrayContaining(["launcher + gateway", "postgres", "postgrest", "meilisearch", "search-sync"]));
    expect(memory.services.find((entry) => entry.service === "postgres")!.processes).toBeGreaterThan(1);
    expect(memory.total_rss_mb).toBeGreaterThan(50);

    const report: BenchReport = {
      started_at: new Date().toISOString(),
      finished_at: new Date().toISOString(),
      command: "test",
      suppliers: 200,
      machine: { nproc: 1, memory_gb: 1, cpu: "test", node: process.version, platform: "test" },
      corpus: { suppliers_in_database: after.rows[0]!.count, published_profiles: imported.published_profiles, indexed_documents: imported.indexed_documents },
      import: imported,
      search: { queries: queries.length, api, meilisearch, postgres, overhead_ratio_p95: api.p95 / meilisearch.p95, advantage_ratio_p95: postgres.p95 / api.p95 },
      match,
      edit_to_searchable_ms: lag,
      search_page: page,
      initial_js: js,
      memory: { idle: memory, under_load: memory },
      skipped: [],
    };
    const verdicts = judge(report);
    expect(verdicts).toHaveLength(8);
    expect(verdicts.every((verdict) => verdict.met !== null && verdict.measured !== "not measured")).toBe(true);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("| search API p95 |");
    expect(markdown).toContain("<!-- bench:end -->");
    expect(fs.existsSync(stack.dataDir)).toBe(true);
  });
});
