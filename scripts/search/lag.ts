/**
 * Edit-to-searchable lag: commits an edit to a published SME profile and measures how long until
 * a search with the search-only key finds it, N times; prints p50 and p95.
 *   npx tsx scripts/search/lag.ts [--edits 50]
 * Uses the local stack (or DATABASE_URL / MEILI_URL / MEILI_MASTER_KEY). Restores what it edits.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createSearchClient, type MeiliConfig } from "../../app/search/meili.server.ts";
import { searchJobConfig } from "./job-config.ts";

export type LagReport = { samples: number[]; p50: number; p95: number; max: number; timedOut: number };

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function measureLag(
  config: { databaseUrl: string; meili: MeiliConfig },
  options: { edits?: number; timeoutMs?: number; pauseMs?: number } = {}
): Promise<LagReport> {
  const edits = options.edits ?? 50;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
  const search = createSearchClient(config.meili, 2_000);
  let temporaryOrganization: string | null = null;
  let target: { id: string; capacity_note: string | null } | undefined;
  try {
    ({
      rows: [target],
    } = await pool.query<{ id: string; capacity_note: string | null }>(
      "select organization_id::text as id, capacity_note from public.sme_profiles where published order by organization_id limit 1"
    ));
    if (!target) {
      // An empty database: measure on a temporary fictional supplier.
      const { rows } = await pool.query<{ id: string }>(
        "insert into public.organizations (slug, kind, name_en, is_fictional) values ($1, 'sme', 'Lag probe (temporary)', true) returning id::text",
        [`lag-probe-${randomUUID().slice(0, 8)}`]
      );
      temporaryOrganization = rows[0]!.id;
      await pool.query("insert into public.sme_profiles (organization_id, published) values ($1, true)", [temporaryOrganization]);
      target = { id: temporaryOrganization, capacity_note: null };
    }
    const samples: number[] = [];
    let timedOut = 0;
    for (let index = 0; index < edits; index++) {
      const token = `lagprobe${randomUUID().replace(/-/g, "").slice(0, 12)}`;
      const started = performance.now();
      await pool.query("update public.sme_profiles set capacity_note = $2 where organization_id = $1", [target.id, token]);
      for (;;) {
        const result = await search
          .index("suppliers")
          .search(token, { limit: 5, attributesToRetrieve: ["id"] })
          .catch(() => null);
        // The token is unique to this edit, so finding the target among its hits means the edit is in.
        if (result && result.hits.some((hit) => hit.id === target!.id)) {
          samples.push(Math.round(performance.now() - started));
          break;
        }
        if (performance.now() - started > timeoutMs) {
          timedOut++;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 50));
    }
    const sorted = [...samples].sort((a, b) => a - b);
    return { samples, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? NaN, timedOut };
  } finally {
    if (temporaryOrganization) await pool.query("delete from public.organizations where id = $1", [temporaryOrganization]);
    else if (target)
      await pool.query("update public.sme_profiles set capacity_note = $2 where organization_id = $1", [target.id, target.capacity_note]);
    await pool.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const flag = process.argv.indexOf("--edits");
  const edits = flag >= 0 ? Number(process.argv[flag + 1]) : 50;
  if (!Number.isInteger(edits) || edits < 1) {
    console.error("--edits must be a positive whole number");
    process.exit(2);
  }
  try {
    const report = await measureLag(searchJobConfig(), { edits });
    console.log(
      `Edit-to-searchable lag over ${report.samples.length} edits: p50 ${report.p50} ms, p95 ${report.p95} ms, max ${report.max} ms` +
        (report.timedOut ? `; ${report.timedOut} edits not searchable within 15 s` : "")
    );
    console.log(
      JSON.stringify({
        edit_to_searchable_ms: { p50: report.p50, p95: report.p95, max: report.max, n: report.samples.length, timed_out: report.timedOut },
      })
    );
    process.exitCode = report.timedOut > 0 ? 1 : 0;
  } catch (error) {
    console.error(`lag measurement failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
