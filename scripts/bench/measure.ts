/**
 * The benchmark's measurements, each a function of a running stack, so the CLI (scripts/bench/run.ts)
 * and the test suite (test/bench.test.ts) run the same code. App-level figures go through an
 * AppClient: HTTP on loopback in the CLI, Remix's request handler in-process in the test.
 */
import fs from "node:fs";
import path from "node:path";
import type { SupabaseClient } from "@supabase/supabase-js";
import type pg from "pg";
import { runImport } from "../../app/import/commit.server.ts";
import { createApiKey } from "../../app/models/api-keys.server.ts";
import { createSearchClient } from "../../app/search/meili.server.ts";
import { parseSupplierSearch, type SupplierSearch } from "../../app/search/query.ts";
import { getReferenceData } from "../../app/search/reference.server.ts";
import { buildSupplierQueries, resolveCentre } from "../../app/search/suppliers.server.ts";
import { checkMapChunks, MAIN_PAGES } from "../check-map-chunk.ts";
import type { StackConfig } from "../stack/config.ts";
import { measureLag } from "../search/lag.ts";
import { corpusFiles, type CorpusSources } from "./corpus.ts";
import type { MatchBody } from "./queries.ts";
import { mapLimit, summarize, type Summary } from "./stats.ts";

export type AppClient = {
  request: (pathAndQuery: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<Response>;
};

/** The app over HTTP, as a browser or API client sees it. */
export function httpAppClient(baseUrl: string): AppClient {
  return {
    request: (pathAndQuery, init = {}) =>
      fetch(new URL(pathAndQuery, baseUrl), { method: init.method ?? "GET", headers: init.headers, body: init.body, signal: AbortSignal.timeout(30_000) }),
  };
}

export type Log = (line: string) => void;

// Import -------------------------------------------------------------------------------------------

export type ImportFigures = {
  rows: number;
  files: number;
  created: number;
  updated: number;
  unchanged: number;
  invalid: number;
  failed: number;
  warnings: number;
  import_seconds: number;
  index_catch_up_seconds: number;
  rows_per_second_including_indexing: number;
  rows_per_second_import_only: number;
  indexed_documents: number;
  published_profiles: number;
  /** The VACUUM (ANALYZE) the benchmark runs after the import (vacuumAfterImport). */
  vacuum_analyze_seconds?: number;
};

/**
 * VACUUM (ANALYZE) after the bulk import, as PostgreSQL's guide to populating a database advises:
 * fresh planner statistics, and the visibility maps that the match query's index-only scans need.
 * Autovacuum does the same on its own within a minute or two of an import this size; running it
 * here means the latencies measured next describe the platform after that, rather than
 * autovacuum's catch-up competing with them for the two cores.
 */
export async function vacuumAfterImport(db: pg.Pool): Promise<number> {
  const started = performance.now();
  await db.query("vacuum (analyze)");
  return Math.round((performance.now() - started) / 100) / 10;
}

export async function platformOrganizationId(db: pg.Pool): Promise<string> {
  const { rows } = await db.query<{ id: string }>("select id::text from public.organizations where kind = 'platform' order by created_at limit 1");
  if (!rows[0]) throw new Error("No platform organization: load the seed first.");
  return rows[0].id;
}

async function pendingTasks(config: StackConfig): Promise<number> {
  const response = await fetch(`${config.meiliUrl}/tasks?statuses=enqueued,processing&limit=1`, {
    headers: { Authorization: `Bearer ${config.meiliMasterKey}` },
  });
  if (!response.ok) throw new Error(`Meilisearch /tasks answered ${response.status}`);
  return ((await response.json()) as { total?: number }).total ?? 0;
}

async function indexedSuppliers(config: StackConfig): Promise<number> {
  const response = await fetch(`${config.meiliUrl}/indexes/suppliers/stats`, { headers: { Authorization: `Bearer ${config.meiliMasterKey}` } });
  if (!response.ok) throw new Error(`Meilisearch stats answered ${response.status}`);
  return ((await response.json()) as { numberOfDocuments: number }).numberOfDocuments;
}

/** Waits until the sync worker has drained the outbox and Meilisearch has applied every task. */
export async function waitForIndexCatchUp(db: pg.Pool, config: StackConfig, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const {
      rows: [outbox],
    } = await db.query<{ pending: number }>("select count(*)::int as pending from public.search_outbox where processed_at is null");
    if (outbox!.pending === 0 && (await pendingTasks(config)) === 0) {
      // The worker may hold a batch it took before marking it processed; a second look confirms.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const again = await db.query<{ pending: number }>("select count(*)::int as pending from public.search_outbox where processed_at is null");
      if (again.rows[0]!.pending === 0 && (await pendingTasks(config)) === 0) break;
    }
    if (Date.now() > deadline) throw new Error(`The search index did not catch up within ${timeoutMs / 1000} s (${outbox!.pending} outbox rows pending)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const {
    rows: [published],
  } = await db.query<{ count: number }>("select count(*)::int from public.sme_profiles where published");
  return { indexedDocuments: await indexedSuppliers(config), publishedProfiles: published!.count };
}

/** Generates the corpus and imports it through the import path as the platform organization. */
export async function importCorpus(
  context: { db: pg.Pool; service: SupabaseClient; config: StackConfig; sources: CorpusSources; log: Log },
  options: { suppliers: number; rowsPerFile?: number; prefix?: string; indexTimeoutMs?: number }
): Promise<ImportFigures> {
  const organizationId = await platformOrganizationId(context.db);
  const totals = { rows: 0, files: 0, created: 0, updated: 0, unchanged: 0, invalid: 0, failed: 0, warnings: 0 };
  const started = performance.now();
  for (const file of corpusFiles(context.sources, { suppliers: options.suppliers, rowsPerFile: options.rowsPerFile ?? 1_000, prefix: options.prefix })) {
    const outcome = await runImport(context.service, {
      organizationId,
      importerKind: "platform",
      fileName: `bench-${file.first}.jsonl`,
      bytes: new TextEncoder().encode(file.text),
      mode: "commit",
    });
    if (outcome.fileError || !outcome.run) throw new Error(`Import of rows from ${file.first} failed: ${outcome.fileError?.message_en ?? "no run"}`);
    const run = outcome.run;
    totals.rows += run.total_rows;
    totals.files++;
    totals.created += run.created_rows;
    totals.updated += run.updated_rows;
    totals.unchanged += run.unchanged_rows;
    totals.invalid += run.invalid_rows;
    totals.failed += run.failed_rows;
    totals.warnings += run.warning_rows;
    context.log(`  imported ${file.first + file.rows - 1} / ${options.suppliers} rows (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  const imported = performance.now();
  const index = await waitForIndexCatchUp(context.db, context.config, options.indexTimeoutMs ?? 30 * 60_000);
  const caughtUp = performance.now();
  const importSeconds = (imported - started) / 1000;
  const totalSeconds = (caughtUp - started) / 1000;
  return {
    ...totals,
    import_seconds: round(importSeconds),
    index_catch_up_seconds: round((caughtUp - imported) / 1000),
    rows_per_second_including_indexing: round(totals.rows / totalSeconds),
    rows_per_second_import_only: round(totals.rows / importSeconds),
    indexed_documents: index.indexedDocuments,
    published_profiles: index.publishedProfiles,
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

// Timing helpers -----------------------------------------------------------------------------------

export type LatencyFigures = Summary & { errors: number; warmup: number; notes?: string[] };

/** Runs `call` once per item after `warmup` untimed calls, one at a time: latency, not throughput. */
async function timeEach<T>(items: readonly T[], warmup: number, call: (item: T) => Promise<void>): Promise<LatencyFigures> {
  for (let index = 0; index < warmup; index++) await call(items[index % items.length]!).catch(() => undefined);
  const samples: number[] = [];
  let errors = 0;
  const messages = new Map<string, number>();
  for (const item of items) {
    const started = performance.now();
    try {
      await call(item);
      samples.push(performance.now() - started);
    } catch (error) {
      errors++;
      const message = error instanceof Error ? error.message : String(error);
      messages.set(message, (messages.get(message) ?? 0) + 1);
    }
  }
  const notes = [...messages].map(([message, count]) => `${count}× ${message}`);
  return { ...summarize(samples), errors, warmup, ...(notes.length ? { notes } : {}) };
}

// Search: app, Meilisearch, PostgreSQL ------------------------------------------------------------------

/** GET /api/v1/suppliers; a reduced-mode answer (the PostgreSQL fallback) counts as an error here. */
export function timeSearchApi(app: AppClient, queries: readonly string[], warmup = 20) {
  return timeEach(queries, warmup, async (query) => {
    const response = await app.request(`/api/v1/suppliers?${query}`, { headers: { Accept: "application/json", "Accept-Language": "en" } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${body.slice(0, 120)}`);
    if (response.headers.get("X-Search-Mode") !== "full") throw new Error(`search mode ${response.headers.get("X-Search-Mode")}`);
  });
}

function parsed(query: string): SupplierSearch {
  const result = parseSupplierSearch(new URLSearchParams(query));
  if (!result.success) throw new Error(`The workload has an invalid query: ${query}`);
  return result.search;
}

/** The same multi-search the app sends (app/search/suppliers.server.ts), straight to Meilisearch with the search-only key. */
export async function timeMeiliDirect(context: { anon: SupabaseClient; config: StackConfig }, queries: readonly string[], warmup = 20) {
  const reference = await getReferenceData(context.anon, { fresh: true });
  const client = createSearchClient({ url: context.config.meiliUrl, masterKey: context.config.meiliMasterKey }, 10_000);
  return timeEach(queries, warmup, async (query) => {
    const search = parsed(query);
    const { centre, origin } = resolveCentre(search, reference);
    await client.multiSearch({ queries: buildSupplierQueries(search, centre, origin, new Date()) });
  });
}

/**
 * The same searches in PostgreSQL (full text and trigram, public.search_suppliers_fallback): what a
 * Supabase-only app would run, called through supabase-js and PostgREST as the app's degraded
 * mode does, with the filters the app passes (mirrors fallbackFilters in suppliers.server.ts).
 */
export async function timePostgres(context: { anon: SupabaseClient }, queries: readonly string[], warmup = 20) {
  const reference = await getReferenceData(context.anon, { fresh: true });
  return timeEach(queries, warmup, async (query) => {
    const search = parsed(query);
    const { centre, origin } = resolveCentre(search, reference);
    const { error } = await context.anon.rpc("search_suppliers_fallback", {
      q: search.q,
      filters: {
        processes: search.process,
        materials: search.material,
        certifications: search.cert,
        include_expired: search.expired,
        clusters: search.cluster,
        regions: search.region,
        sizes: search.size,
        designated: search.designated,
        verified: search.verified,
        ...(centre && search.radiusKm !== null ? { geo: { lat: centre.lat, lng: centre.lng, radius_km: search.radiusKm } } : {}),
        ...(search.bbox ? { bbox: search.bbox } : {}),
        ...(origin ? { origin } : {}),
      },
      sort: search.sort,
      page_number: search.page,
      page_size: search.perPage,
    });
    if (error) throw new Error(error.message);
  });
}

// Matching -----------------------------------------------------------------------------------------

/** An API key for the seed's contractor organization (created with the service role, as the settings page would). */
export async function contractorApiKey(db: pg.Pool, service: SupabaseClient): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `select m.organization_id::text as id from public.memberships m join auth.users u on u.id = m.user_id
     join public.organizations o on o.id = m.organization_id
     where u.email = 'contractor@clustermatch.test' and o.kind = 'contractor' limit 1`
  );
  if (!rows[0]) throw new Error("The seed's contractor organization is missing.");
  const created = await createApiKey(service, { organizationId: rows[0].id, name: `benchmark ${new Date().toISOString()}` });
  if (!created.ok) throw new Error(`Could not create an API key: ${JSON.stringify(created.error)}`);
  return created.value.key;
}

export function timeMatch(app: AppClient, apiKey: string, bodies: readonly MatchBody[], warmup = 10) {
  return timeEach(bodies, warmup, async (body) => {
    const response = await app.request("/api/v1/match", {
      method: "POST",
      headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 160)}`);
    const parsedBody = JSON.parse(text) as { results?: unknown[] };
    if (!Array.isArray(parsedBody.results)) throw new Error("no results array");
  });
}

// Edit-to-searchable ---------------------------------------------------------------------------------

export async function editToSearchable(config: StackConfig, edits: number) {
  const report = await measureLag({ databaseUrl: config.databaseUrl, meili: { url: config.meiliUrl, masterKey: config.meiliMasterKey } }, { edits });
  return { n: report.samples.length, p50: report.p50, p95: report.p95, max: report.max, timed_out: report.timedOut };
}

// Search page under concurrency ---------------------------------------------------------------------------

export type PageLoadFigures = {
  clients: number;
  requests: number;
  errors: number;
  error_samples: string[];
  seconds: number;
  requests_per_second: number;
  /** Pages whose search took longer than the page waits (app/routes/search.tsx): sent first, results streamed after. */
  streamed: number;
  ttfb_ms: Summary;
  full_response_ms: Summary;
};

/**
 * Which engine answered a search page: the X-Search-Mode header of a page sent whole, or, for a
 * page whose results were streamed after its first bytes, the mode the streamed results carry.
 */
export function searchPageMode(response: Response, body: string): { mode: string | null; streamed: boolean } {
  const header = response.headers.get("X-Search-Mode");
  if (header) return { mode: header, streamed: false };
  const modes = [...body.matchAll(/data-search-mode="([a-z]+)"/g)].map((match) => match[1]!).filter((mode) => mode !== "pending");
  return { mode: modes.at(-1) ?? null, streamed: true };
}

/**
 * Server-rendered /search with `clients` concurrent clients, each running a bounded loop over the
 * queries; time to first byte is when the response's headers arrive. `onTick` runs every 500 ms
 * while the load lasts (memory sampling).
 */
export async function searchPageLoad(
  app: AppClient,
  queries: readonly string[],
  options: { clients: number; requestsPerClient: number; warmup?: number; onTick?: () => void }
): Promise<PageLoadFigures> {
  for (let index = 0; index < (options.warmup ?? 10); index++) await (await app.request(`/search?${queries[index % queries.length]}`)).text().catch(() => "");
  const ttfb: number[] = [];
  const full: number[] = [];
  const errors: string[] = [];
  let streamed = 0;
  const ticker = options.onTick ? setInterval(options.onTick, 500) : null;
  const started = performance.now();
  try {
    await mapLimit(
      Array.from({ length: options.clients }, (_, client) => client),
      options.clients,
      async (client) => {
        for (let round = 0; round < options.requestsPerClient; round++) {
          const query = queries[(client * options.requestsPerClient + round) % queries.length]!;
          const sent = performance.now();
          try {
            const response = await app.request(`/search?${query}`, { headers: { Accept: "text/html", "Accept-Language": round % 2 ? "ko" : "en" } });
            const firstByte = performance.now();
            const body = await response.text();
            if (response.status !== 200 || !body.includes("</html>")) throw new Error(`HTTP ${response.status}`);
            // A page answered from the PostgreSQL fallback is not the search being measured.
            const mode = searchPageMode(response, body);
            if (mode.streamed) streamed++;
            if (mode.mode !== "full") throw new Error(`search mode ${mode.mode ?? "missing"}`);
            ttfb.push(firstByte - sent);
            full.push(performance.now() - sent);
          } catch (error) {
            errors.push(error instanceof Error ? error.message : String(error));
          }
        }
      }
    );
  } finally {
    if (ticker) clearInterval(ticker);
  }
  const seconds = (performance.now() - started) / 1000;
  const requests = options.clients * options.requestsPerClient;
  return {
    clients: options.clients,
    requests,
    errors: errors.length,
    error_samples: [...new Set(errors)].slice(0, 5),
    seconds: round(seconds),
    requests_per_second: round(requests / seconds),
    streamed,
    ttfb_ms: summarize(ttfb),
    full_response_ms: summarize(full),
  };
}

// Initial JavaScript --------------------------------------------------------------------------------------

/** Pages a visitor lands on (kept with the check, whose test holds them to the budget); every route is reported. */
export { MAIN_PAGES };

export function initialJavaScript(projectRoot: string) {
  const report = checkMapChunks({ projectRoot, allowMissing: true });
  const kb = (bytes: number) => round(bytes / 1024);
  const routes = report.routes.map((route) => ({ route: route.route, files: route.files, kb: kb(route.bytes), gzip_kb: kb(route.gzipBytes) }));
  const main = routes.filter((route) => MAIN_PAGES.includes(route.route));
  return {
    manifest: report.manifest,
    problems: report.problems,
    main_pages: main,
    max_main_page_gzip_kb: Math.max(...main.map((route) => route.gzip_kb)),
    max_any_page_gzip_kb: Math.max(...routes.map((route) => route.gzip_kb)),
    map_chunks: report.mapChunks.map((chunk) => ({ file: chunk.file, contains: chunk.contains, kb: kb(chunk.bytes), gzip_kb: kb(chunk.gzipBytes) })),
    all_routes: routes,
  };
}

// Memory ----------------------------------------------------------------------------------------------------

type ProcStatus = { pid: number; ppid: number; name: string; rssKb: number; pssKb: number | null; pssFileKb: number | null };

function readStatus(pid: number): ProcStatus | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return null;
  }
  const field = (name: string) => text.match(new RegExp(`^${name}:\\s+(\\S+)`, "m"))?.[1];
  let pssKb: number | null = null;
  let pssFileKb: number | null = null;
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const match = rollup.match(/^Pss:\s+(\d+) kB/m);
    if (match) pssKb = Number(match[1]);
    const file = rollup.match(/^Pss_File:\s+(\d+) kB/m);
    if (file) pssFileKb = Number(file[1]);
  } catch {
    // Not readable (another user's process): RSS only.
  }
  return { pid, ppid: Number(field("PPid") ?? 0), name: field("Name") ?? "?", rssKb: Number(field("VmRSS") ?? 0), pssKb, pssFileKb };
}

/** A process and all its descendants (PostgreSQL's backends hang off the postmaster). */
export function processTree(rootPid: number): ProcStatus[] {
  const all = fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStatus(Number(name)))
    .filter((status): status is ProcStatus => status !== null);
  const byParent = new Map<number, ProcStatus[]>();
  for (const status of all) byParent.set(status.ppid, [...(byParent.get(status.ppid) ?? []), status]);
  const root = all.find((status) => status.pid === rootPid);
  if (!root) return [];
  const tree: ProcStatus[] = [];
  const queue = [root];
  while (queue.length) {
    const next = queue.shift()!;
    tree.push(next);
    queue.push(...(byParent.get(next.pid) ?? []));
  }
  return tree;
}

/**
 * pss_file_mb: the part of PSS that is pages of files mapped into the process (program code, and
 * Meilisearch's memory-mapped index). Clean file pages stay resident only while memory is free:
 * the kernel drops them under pressure and reads them again when touched, unlike the rest
 * (heap, PostgreSQL's shared buffers).
 */
export type ServiceMemory = { service: string; pid: number; processes: number; rss_mb: number; pss_mb: number | null; pss_file_mb?: number | null };
export type MemorySnapshot = { services: ServiceMemory[]; total_rss_mb: number; total_pss_mb: number | null; total_pss_file_mb?: number | null };

/**
 * Memory of each stack process from the launcher's state file (<dataDir>/stack.json): VmRSS summed
 * over each service's process tree, and PSS (shared pages split between the processes sharing
 * them), which is what adds up honestly: PostgreSQL's shared buffers appear in every backend's RSS.
 * The launcher (which also runs the Supabase gateway) is counted on its own, without its children.
 */
export function stackMemory(dataDir: string): MemorySnapshot {
  const state = JSON.parse(fs.readFileSync(path.join(dataDir, "stack.json"), "utf8")) as {
    launcherPid: number;
    children: Record<string, { pid: number }>;
  };
  const mb = (kb: number) => round(kb / 1024);
  const services: ServiceMemory[] = [];
  const sum = (tree: ProcStatus[], key: "pssKb" | "pssFileKb") => (tree.every((status) => status[key] !== null) ? mb(tree.reduce((total, status) => total + status[key]!, 0)) : null);
  const launcher = readStatus(state.launcherPid);
  if (launcher)
    services.push({ service: "launcher + gateway", pid: launcher.pid, processes: 1, rss_mb: mb(launcher.rssKb), pss_mb: sum([launcher], "pssKb"), pss_file_mb: sum([launcher], "pssFileKb") });
  for (const [service, { pid }] of Object.entries(state.children)) {
    const tree = processTree(pid);
    if (tree.length === 0) continue;
    services.push({ service, pid, processes: tree.length, rss_mb: mb(tree.reduce((total, status) => total + status.rssKb, 0)), pss_mb: sum(tree, "pssKb"), pss_file_mb: sum(tree, "pssFileKb") });
  }
  const total = (key: "pss_mb" | "pss_file_mb") => (services.every((service) => typeof service[key] === "number") ? round(services.reduce((all, service) => all + service[key]!, 0)) : null);
  return { services, total_rss_mb: round(services.reduce((all, service) => all + service.rss_mb, 0)), total_pss_mb: total("pss_mb"), total_pss_file_mb: total("pss_file_mb") };
}

/** The larger of two snapshots, per service (peak under load). */
export function peakMemory(a: MemorySnapshot | null, b: MemorySnapshot): MemorySnapshot {
  if (!a) return b;
  const services = b.services.map((service) => {
    const before = a.services.find((other) => other.service === service.service);
    if (!before) return service;
    return {
      ...service,
      rss_mb: Math.max(before.rss_mb, service.rss_mb),
      pss_mb: service.pss_mb === null || before.pss_mb === null ? service.pss_mb : Math.max(before.pss_mb, service.pss_mb),
    };
  });
  return {
    services,
    total_rss_mb: Math.max(a.total_rss_mb, b.total_rss_mb),
    total_pss_mb: a.total_pss_mb === null || b.total_pss_mb === null ? b.total_pss_mb : Math.max(a.total_pss_mb, b.total_pss_mb),
  };
}
