/**
 * Faults: the app and the search sync worker die with kill -9 in the middle of a bulk import and
 * of a burst of edits; PostgREST and Meilisearch go away and come back. Runs the built app as its
 * own process (the stack's on-demand "app" service, `npx remix build` first) so it can really be
 * killed, and talks to it over HTTP as users do.
 *
 * To kill the app while an import batch is inside its transaction (not by luck of timing), the
 * test holds row locks the import has to wait for: first on the later rows of the file, so the
 * importer has done its first batches and waits; then on the run itself, so the next batch blocks
 * after writing its first supplier. Both are ordinary locks another writer could hold.
 */
import fs from "node:fs";
import path from "node:path";
import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generateApiKey } from "~/api/keys.server";
import { createTranslator } from "~/i18n";
import { sessionCookie } from "./api-harness.ts";
import { controlService } from "./setup/control.ts";
import { PASSWORD, SupplierFixtures, tagOf, type Person } from "./suppliers-fixtures.ts";
import { PROCESS_BATCH_ROWS, PROCESS_CONCURRENCY } from "~/import/commit.server";

const stack = inject("stack");
const controlUrl = inject("controlUrl");
const fixtures = new SupplierFixtures(stack);
const meili = new Meilisearch({ host: stack.meiliUrl, apiKey: stack.meiliMasterKey });
// The site's own address: Remix refuses a form post whose Origin names another host than the request.
const appUrl = stack.siteUrl.replace(/\/$/, "");

/** Rows the importer may write before it has to wait for the test's lock: the first batch of each of its writers. */
const FIRST_ROWS = PROCESS_CONCURRENCY * PROCESS_BATCH_ROWS;
const SAMPLE_ROWS = 50;
/**
 * Enough copies of the 50-row sample for three rounds of batches: the first round is written
 * before the test's lock, the second is in flight when the app dies (and commits whole
 * afterwards), and the rest are still pending for the re-run and the resume.
 */
const COPIES_OF_SAMPLE = Math.ceil((2 * FIRST_ROWS + 100) / SAMPLE_ROWS);

type Control = "stop" | "kill" | "start";
const control = (service: "app" | "search-sync" | "postgrest" | "meilisearch", action: Control) => controlService(controlUrl, service, action);

async function waitUntil<T>(description: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${description}${lastError ? ` (last error: ${String(lastError)})` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function page(pathAndQuery: string, language: "en" | "ko" = "en", init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("Accept-Language", language);
  return fetch(`${appUrl}${pathAndQuery}`, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(30_000) });
}

/** The sample file several times over, every copy with its own external ids and names. */
function importFile(tag: string): { body: string; rows: number } {
  const sample = fs
    .readFileSync(path.resolve("docs/samples/suppliers.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(sample).toHaveLength(SAMPLE_ROWS);
  const records = Array.from({ length: COPIES_OF_SAMPLE }, (_, copy) =>
    sample.map((record) => ({
      ...record,
      external_id: `${tag}-${copy}-${String(record.external_id)}`,
      name_en: `${String(record.name_en)} ${tag} ${copy}`,
      name_ko: `${String(record.name_ko)} ${tag} ${copy}`,
    })),
  ).flat();
  return { body: records.map((record) => JSON.stringify(record)).join("\n") + "\n", rows: records.length };
}

async function apiKeyFor(organizationId: string) {
  const generated = generateApiKey();
  await fixtures.query("insert into public.api_keys (organization_id, name, prefix, key_hash) values ($1, $2, $3, $4)", [
    organizationId,
    "Fault test importer",
    generated.prefix,
    generated.hash,
  ]);
  return generated.key;
}

function postImport(key: string, body: string) {
  return fetch(`${appUrl}/api/v1/import`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/x-ndjson", "Accept-Language": "en" },
    body,
    signal: AbortSignal.timeout(170_000),
  });
}

type ImportAnswer = { run_id: string; status: string; counts: Record<string, number> };

/** What an import wrote for an importer, without ids and timestamps: two importers of one file compare equal. */
async function importedState(importerId: string) {
  return fixtures.query(
    `select p.external_id, o.name_en, o.name_ko, o.kind, p.published, p.description_en, p.description_ko, p.employees,
            (select coalesce(json_agg(json_build_array(c.process_code, c.material_codes) order by c.process_code), '[]') from public.sme_capabilities c where c.organization_id = p.organization_id) as capabilities,
            (select coalesce(json_agg(json_build_array(c.certification_type_code, c.certificate_number, c.expires_on) order by c.certification_type_code, c.certificate_number), '[]') from public.sme_certifications c where c.organization_id = p.organization_id) as certifications,
            (select coalesce(json_agg(json_build_array(s.lat, s.lng, s.name_en, s.is_primary) order by s.is_primary desc, s.lat, s.lng), '[]') from public.sme_sites s where s.organization_id = p.organization_id) as sites
     from public.sme_profiles p join public.organizations o on o.id = p.organization_id
     where p.imported_by_organization_id = $1 order by p.external_id`,
    [importerId],
  );
}

/** A run's counters against its rows' actual statuses: they must tell the same story. */
async function runConsistency(runId: string) {
  const [run] = await fixtures.query<Record<string, number | string>>(
    `select status, total_rows, pending_rows, created_rows, updated_rows, unchanged_rows, skipped_rows, failed_rows, invalid_rows from public.import_runs where id = $1`,
    [runId],
  );
  const counted = await fixtures.query<{ status: string; n: number }>(
    "select status::text, count(*)::int as n from public.import_rows where run_id = $1 group by status",
    [runId],
  );
  const byStatus = Object.fromEntries(counted.map((row) => [row.status, row.n]));
  return {
    run: run!,
    rows: {
      total: counted.reduce((sum, row) => sum + row.n, 0),
      pending: byStatus.pending ?? 0,
      created: byStatus.created ?? 0,
      updated: byStatus.updated ?? 0,
      unchanged: byStatus.unchanged ?? 0,
      skipped: byStatus.skipped ?? 0,
      failed: byStatus.failed ?? 0,
      invalid: byStatus.invalid ?? 0,
    },
  };
}

function expectConsistent({ run, rows }: Awaited<ReturnType<typeof runConsistency>>) {
  expect({
    total: run.total_rows,
    pending: run.pending_rows,
    created: run.created_rows,
    updated: run.updated_rows,
    unchanged: run.unchanged_rows,
    skipped: run.skipped_rows,
    failed: run.failed_rows,
    invalid: run.invalid_rows,
  }).toEqual(rows);
}

/** Meilisearch holds exactly the database's published profiles, each with the given fields as stored. */
async function waitForIndexToConverge(check: (documents: Map<string, Record<string, unknown>>) => Promise<string | null> = async () => null) {
  let problem = "";
  await waitUntil(
    "the search index to converge",
    async () => {
      const [{ n: pending }] = (await fixtures.query<{ n: number }>("select count(*)::int as n from public.search_outbox where processed_at is null")) as [{ n: number }];
      const published = new Set((await fixtures.query<{ id: string }>("select organization_id::text as id from public.sme_profiles where published")).map((row) => row.id));
      const documents = new Map<string, Record<string, unknown>>();
      for (let offset = 0; ; offset += 1000) {
        const batch = await meili.index("suppliers").getDocuments({ fields: ["id", "description_en", "name_en"], limit: 1000, offset });
        for (const document of batch.results) documents.set(String(document.id), document as unknown as Record<string, unknown>);
        if (batch.results.length < 1000) break;
      }
      const missing = [...published].filter((id) => !documents.has(id));
      const extra = [...documents.keys()].filter((id) => !published.has(id));
      problem = `${pending} outbox rows pending, ${missing.length} published profiles missing, ${extra.length} unpublished or deleted still indexed`;
      if (pending > 0 || missing.length > 0 || extra.length > 0) return false;
      const mismatch = await check(documents);
      if (mismatch) problem = mismatch;
      return mismatch === null;
    },
    90_000,
    250,
  ).catch((error: Error) => {
    throw new Error(`${error.message}: ${problem}`);
  });
}

async function startApp() {
  await control("app", "start");
  await waitUntil("the app to answer", async () => (await page("/healthz")).status > 0, 60_000);
}

let platform: Person;
let controlImporter: Person;
let platformKey: string;
let controlKey: string;

beforeAll(async () => {
  // The app loads its build while the fixtures are made; a failure is reported once both are done.
  const appStarted = startApp().then(() => null, (error: unknown) => error);
  await fixtures.ensureSampleClusters();
  [platform, controlImporter] = await Promise.all([fixtures.platformPerson(tagOf("fault")), fixtures.platformPerson(tagOf("ctrl"))]);
  [platformKey, controlKey] = await Promise.all([apiKeyFor(platform.organizationId), apiKeyFor(controlImporter.organizationId)]);
  const appFailure = await appStarted;
  if (appFailure) throw appFailure;
  // The app service itself allows a loaded machine three minutes to load the build.
}, 240_000);

afterAll(async () => {
  // Whatever a failed test left behind: the next file expects every service up and no app.
  for (const service of ["postgrest", "meilisearch", "search-sync"] as const) await control(service, "start").catch(() => undefined);
  await control("app", "stop").catch(() => undefined);
  await fixtures.close();
});

describe("kill -9 during a bulk import through the API", () => {
  it("leaves a resumable run; re-running and resuming give exactly the control's suppliers, and the index converges", async () => {
    const tag = tagOf("bulk");
    const file = importFile(tag);

    // The control: the same file, imported by another organization without any fault.
    const controlAnswer = await postImport(controlKey, file.body);
    expect(controlAnswer.status).toBe(200);
    const controlRun = (await controlAnswer.json()) as ImportAnswer;
    expect(controlRun).toMatchObject({ status: "completed", counts: { total: file.rows, created: file.rows, failed: 0, invalid: 0 } });

    const rowGate = await fixtures.pool.connect();
    const runGate = await fixtures.pool.connect();
    let interruptedRunId = "";
    let appKilled = false;
    let workerKilled = false;
    try {
      const answer = postImport(platformKey, file.body).then(
        (response) => `answered ${response.status}`,
        (error: unknown) => `failed: ${String(error)}`,
      );
      interruptedRunId = await waitUntil(
        "the import run to be stored",
        async () =>
          (
            await fixtures.query<{ id: string }>("select id from public.import_runs where organization_id = $1 and status = 'running' and total_rows = $2", [
              platform.organizationId,
              file.rows,
            ])
          )[0]?.id,
        60_000,
        20,
      );
      // Gate 1: the importer writes the first rows, then finds the rest locked and waits.
      await rowGate.query("begin");
      const locked = await rowGate.query("select id from public.import_rows where run_id = $1 and status = 'pending' and row_number > $2 for update", [
        interruptedRunId,
        FIRST_ROWS,
      ]);
      expect(locked.rowCount, "the importer got past the first rows before the test could hold the rest").toBeGreaterThan(25);
      await waitUntil(
        "the first rows to be written",
        async () => (await runConsistency(interruptedRunId)).rows.pending === locked.rowCount,
        60_000,
        50,
      );
      // Gate 2: the next batch will block inside its transaction, after writing its first supplier.
      await runGate.query("begin");
      await runGate.query("select id from public.import_runs where id = $1 for update", [interruptedRunId]);
      await rowGate.query("commit");
      await waitUntil(
        "an import batch to wait inside its transaction",
        async () =>
          Number(
            (
              await fixtures.query<{ n: number }>(
                "select count(*)::int as n from pg_stat_activity where state = 'active' and wait_event_type = 'Lock' and query like '%process_import_rows%'",
              )
            )[0]!.n,
          ) > 0,
        30_000,
        50,
      );

      await Promise.all([control("app", "kill"), control("search-sync", "kill")]);
      appKilled = workerKilled = true;
      expect(await answer).toMatch(/^failed/);
      await runGate.query("rollback");
      // The batch that was waiting commits now, whole, though nobody is left to hear its answer.
      await waitUntil(
        "the orphaned batch to finish",
        async () =>
          Number(
            (
              await fixtures.query<{ n: number }>(
                "select count(*)::int as n from pg_stat_activity where state = 'active' and pid <> pg_backend_pid() and query like '%process_import_rows%'",
              )
            )[0]!.n,
          ) === 0,
        30_000,
        50,
      );

      const afterCrash = await runConsistency(interruptedRunId);
      expect(afterCrash.run.status).toBe("running");
      expect(afterCrash.rows.pending).toBeGreaterThan(0);
      expect(afterCrash.rows.created).toBeGreaterThanOrEqual(FIRST_ROWS);
      expectConsistent(afterCrash);
      // Every supplier written so far is whole: the batch in flight committed whole or not at all.
      const written = await importedState(platform.organizationId);
      expect(written).toHaveLength(afterCrash.rows.created);
      for (const supplier of written) {
        expect((supplier.capabilities as unknown[]).length, String(supplier.external_id)).toBeGreaterThan(0);
        expect((supplier.sites as unknown[]).length, String(supplier.external_id)).toBeGreaterThan(0);
      }
    } finally {
      await rowGate.query("rollback").catch(() => undefined);
      await runGate.query("rollback").catch(() => undefined);
      rowGate.release();
      runGate.release();
      await Promise.all([workerKilled ? control("search-sync", "start") : null, appKilled ? startApp() : null]);
    }

    // Re-running the same file: the rows already written are unchanged, the rest are created.
    const rerunAnswer = await postImport(platformKey, file.body);
    expect(rerunAnswer.status).toBe(200);
    const rerun = (await rerunAnswer.json()) as ImportAnswer;
    const beforeRerun = (await runConsistency(interruptedRunId)).rows;
    expect(rerun).toMatchObject({
      status: "completed",
      counts: { total: file.rows, created: file.rows - beforeRerun.created, unchanged: beforeRerun.created, updated: 0, failed: 0, invalid: 0 },
    });

    // Resuming the interrupted run from its page, as its importer: its remaining rows find their suppliers there.
    const cookie = await sessionCookie(stack, platform.email, PASSWORD);
    const resume = await page(`/import/${interruptedRunId}`, "en", {
      method: "POST",
      headers: { Cookie: cookie, Origin: stack.siteUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "resume" }),
    });
    expect(resume.status, await resume.clone().text()).toBe(302);
    await waitUntil("the resumed run to complete", async () => (await runConsistency(interruptedRunId)).run.status === "completed", 120_000, 250);
    const resumed = await runConsistency(interruptedRunId);
    expectConsistent(resumed);
    expect(resumed.rows).toMatchObject({ pending: 0, created: beforeRerun.created, unchanged: file.rows - beforeRerun.created, updated: 0, failed: 0 });
    expectConsistent(await runConsistency(rerun.run_id));
    expectConsistent(await runConsistency(controlRun.run_id));

    // Exactly the control's suppliers: none missing, none twice, none half-written.
    const state = await importedState(platform.organizationId);
    expect(state).toHaveLength(file.rows);
    expect(new Set(state.map((row) => row.external_id)).size).toBe(file.rows);
    expect(state).toEqual(await importedState(controlImporter.organizationId));
    for (const supplier of state) {
      expect((supplier.capabilities as unknown[]).length, String(supplier.external_id)).toBeGreaterThan(0);
      expect((supplier.sites as unknown[]).length, String(supplier.external_id)).toBeGreaterThan(0);
    }

    await waitForIndexToConverge(async (documents) => {
      const imported = await fixtures.query<{ id: string; name_en: string }>(
        "select o.id::text, o.name_en from public.sme_profiles p join public.organizations o on o.id = p.organization_id where p.imported_by_organization_id = $1 and p.published",
        [platform.organizationId],
      );
      const wrong = imported.filter((row) => documents.get(row.id)?.name_en !== row.name_en);
      return wrong.length === 0 ? null : `${wrong.length} imported suppliers indexed with another name`;
    });
  }, 170_000);
});

describe("kill -9 of the search sync worker during a burst of edits", () => {
  it("applies every edit after the restart: the index ends with the database's last values", async () => {
    const tag = tagOf("burst");
    const people = await Promise.all(Array.from({ length: 5 }, (_, index) => fixtures.person(`${tag}${index}`, "sme", `Burst ${tag} ${index}`)));
    await fixtures.query("update public.sme_profiles set published = true, description_en = 'Before the burst' where organization_id = any ($1::uuid[])", [
      people.map((person) => person.organizationId),
    ]);

    const EDITS_PER_PERSON = 10;
    let done = 0;
    const killed: Array<Promise<void>> = [];
    try {
      await Promise.all(
        people.map(async (person, personIndex) => {
          for (let edit = 1; edit <= EDITS_PER_PERSON; edit++) {
            const last = edit === EDITS_PER_PERSON;
            const change: Record<string, unknown> = { description_en: `Burst ${tag} person ${personIndex} edit ${edit}` };
            // One supplier leaves the directory with its last edit: the index must drop it.
            if (last && personIndex === 0) change.published = false;
            const { error } = await person.client.from("sme_profiles").update(change).eq("organization_id", person.organizationId);
            expect(error).toBeNull();
            done++;
            if (done === 20) killed.push(control("search-sync", "kill"));
          }
        }),
      );
      expect(killed).toHaveLength(1);
      await killed[0];
    } finally {
      await Promise.allSettled(killed);
      await control("search-sync", "start");
    }
    expect(done).toBe(people.length * EDITS_PER_PERSON);

    await waitForIndexToConverge(async (documents) => {
      const rows = await fixtures.query<{ id: string; description_en: string; published: boolean }>(
        "select organization_id::text as id, description_en, published from public.sme_profiles where organization_id = any ($1::uuid[])",
        [people.map((person) => person.organizationId)],
      );
      for (const row of rows) {
        if (row.published !== documents.has(row.id)) return `${row.id} published=${row.published} but indexed=${documents.has(row.id)}`;
        if (row.published && documents.get(row.id)!.description_en !== row.description_en)
          return `${row.id} indexed with "${String(documents.get(row.id)!.description_en)}", stored "${row.description_en}"`;
      }
      return null;
    });
    const [stored] = await fixtures.query<{ description_en: string }>("select description_en from public.sme_profiles where organization_id = $1", [people[1]!.organizationId]);
    expect(stored!.description_en).toBe(`Burst ${tag} person 1 edit ${EDITS_PER_PERSON}`);
  }, 120_000);
});

async function healthz() {
  const response = await page("/healthz");
  return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, string> } };
}

describe("PostgREST down and back", () => {
  it("answers pages with a 503 that says so in the visitor's language, reports it on /healthz, and recovers by itself", async () => {
    const [supplier] = await fixtures.query<{ id: string }>("select organization_id::text as id from public.sme_profiles where published limit 1");
    const pages = ["/clusters", `/suppliers/${supplier!.id}`];
    for (const path of pages) expect((await page(path)).status, path).toBe(200);

    await control("postgrest", "stop");
    try {
      for (const path of pages) {
        const english = await page(path, "en");
        const englishHtml = await english.text();
        expect(english.status, path).toBe(503);
        expect(english.headers.get("retry-after")).toBe("30");
        expect(englishHtml).toContain("Service temporarily unavailable");
        expect(englishHtml).not.toMatch(/Something went wrong|Unexpected Server Error|\n\s+at /);
        const korean = await page(path, "ko");
        expect(korean.status, path).toBe(503);
        expect(await korean.text()).toContain("서비스를 일시적으로 사용할 수 없습니다");
      }
      // A client-side navigation asks for the loader's data alone: the same answer, as a 503 the router shows.
      const data = await page(`/clusters?_data=${encodeURIComponent("routes/clusters._index")}`);
      expect(data.status).toBe(503);
      expect(data.headers.get("x-remix-catch")).toBe("yes");
      expect(await data.json()).toBe("service_unavailable");

      const health = await healthz();
      expect(health).toEqual({ status: 503, body: { status: "degraded", checks: { database: "error", search: "ok", gateway: "ok" } } });
    } finally {
      await control("postgrest", "start");
    }

    // No restart of the app: its next requests find PostgREST again.
    await waitUntil("the pages to answer again", async () => {
      for (const path of pages) if ((await page(path)).status !== 200) return false;
      return true;
    });
    await waitUntil("/healthz to report healthy", async () => (await healthz()).status === 200, 30_000);
  }, 90_000);
});

describe("Meilisearch down and back", () => {
  it("says on the search page that results come from the reduced search, reports it on /healthz, and recovers by itself", async () => {
    const reducedNotice = { en: createTranslator("en")("search.reduced_title"), ko: createTranslator("ko")("search.reduced_title") };

    const fullSearch = async () => {
      const response = await page("/search?q=precision");
      return response.status === 200 && !(await response.text()).includes(reducedNotice.en);
    };
    // On a loaded machine a slow Meilisearch answer also sends the app to the reduced search for a moment.
    await waitUntil("full search before the outage", fullSearch);

    await control("meilisearch", "stop");
    try {
      const english = await page("/search?q=precision", "en");
      expect(english.status).toBe(200);
      expect(await english.text()).toContain(reducedNotice.en);
      const korean = await page("/search?q=precision", "ko");
      expect(korean.status).toBe(200);
      expect(await korean.text()).toContain(reducedNotice.ko);
      expect(await healthz()).toEqual({ status: 503, body: { status: "degraded", checks: { database: "ok", search: "error", gateway: "ok" } } });
    } finally {
      await control("meilisearch", "start");
    }

    await waitUntil("full search to come back", fullSearch);
    await waitUntil("/healthz to report healthy", async () => (await healthz()).status === 200, 30_000);
  }, 90_000);
});
