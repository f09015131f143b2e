/**
 * Judges the benchmark's figures against the issue's targets and writes them: JSON in
 * bench-results/ and a generated section of docs/benchmarks.md (between markers, so other
 * sections of that document, such as the load test's, stay as they are).
 */
import fs from "node:fs";
import path from "node:path";
import type { ImportFigures, LatencyFigures, MemorySnapshot, PageLoadFigures } from "./measure.ts";
import type { Summary } from "./stats.ts";

export type BenchReport = {
  started_at: string;
  finished_at: string;
  command: string;
  suppliers: number;
  machine: { nproc: number; memory_gb: number; cpu: string; node: string; platform: string };
  corpus: { suppliers_in_database: number; published_profiles: number; indexed_documents: number };
  import: ImportFigures | null;
  search: {
    queries: number;
    api: LatencyFigures | null;
    meilisearch: LatencyFigures;
    postgres: LatencyFigures;
    /** API p95 ÷ Meilisearch p95: the app's overhead. */
    overhead_ratio_p95: number | null;
    /** PostgreSQL p95 ÷ API p95 (or ÷ Meilisearch p95 without the app): the advantage. */
    advantage_ratio_p95: number;
  };
  match: LatencyFigures | null;
  edit_to_searchable_ms: { n: number; p50: number; p95: number; max: number; timed_out: number };
  search_page: PageLoadFigures | null;
  initial_js: {
    manifest: string;
    problems: string[];
    main_pages: Array<{ route: string; files: number; kb: number; gzip_kb: number }>;
    max_main_page_gzip_kb: number;
    max_any_page_gzip_kb: number;
    map_chunks: Array<{ file: string; contains: string[]; kb: number; gzip_kb: number }>;
  } | null;
  memory: { idle: MemorySnapshot; under_load: MemorySnapshot | null } | null;
  /** What this run could not measure, and why. */
  skipped: string[];
};

export type Verdict = { figure: string; target: string; measured: string; met: boolean | null };

const ms = (value: number) => `${Number.isFinite(value) ? value.toFixed(1) : "n/a"} ms`;
const p = (summary: Summary) => `p50 ${ms(summary.p50)}, p95 ${ms(summary.p95)}`;

/** One row per target in the issue; met is null when the run did not measure it. */
export function judge(report: BenchReport): Verdict[] {
  const rows: Verdict[] = [];
  const { api, meilisearch, postgres } = report.search;
  rows.push(
    api
      ? {
          figure: "search API p95",
          target: "≤ 1.3 × raw Meilisearch, and ≤ 60 ms",
          measured: `${ms(api.p95)} (Meilisearch ${ms(meilisearch.p95)}; ratio ${report.search.overhead_ratio_p95?.toFixed(2)}); ${api.errors} errors`,
          met: api.errors === 0 && api.p95 <= 60 && (report.search.overhead_ratio_p95 ?? Infinity) <= 1.3,
        }
      : { figure: "search API p95", target: "≤ 1.3 × raw Meilisearch, and ≤ 60 ms", measured: "not measured", met: null }
  );
  rows.push({
    figure: "search vs PostgreSQL full-text p95",
    target: "at least 5 × faster",
    measured: `PostgreSQL ${ms(postgres.p95)} vs ${api ? "API" : "Meilisearch"} ${ms(api?.p95 ?? meilisearch.p95)}: ${report.search.advantage_ratio_p95.toFixed(1)} ×`,
    met: report.search.advantage_ratio_p95 >= 5,
  });
  rows.push(
    report.match
      ? { figure: "match API p95", target: "≤ 150 ms", measured: `${ms(report.match.p95)}; ${report.match.errors} errors`, met: report.match.errors === 0 && report.match.p95 <= 150 }
      : { figure: "match API p95", target: "≤ 150 ms", measured: "not measured", met: null }
  );
  rows.push(
    report.import
      ? {
          figure: "import",
          target: "≥ 500 rows/s including indexing",
          measured: `${report.import.rows_per_second_including_indexing.toFixed(0)} rows/s (${report.import.rows} rows in ${(report.import.import_seconds + report.import.index_catch_up_seconds).toFixed(1)} s; index caught up ${report.import.index_catch_up_seconds.toFixed(1)} s after the last row)`,
          met: report.import.failed === 0 && report.import.invalid === 0 && report.import.rows_per_second_including_indexing >= 500,
        }
      : { figure: "import", target: "≥ 500 rows/s including indexing", measured: "not measured", met: null }
  );
  const lag = report.edit_to_searchable_ms;
  rows.push({
    figure: "edit-to-searchable p95",
    target: "≤ 2 s",
    measured: `${ms(lag.p95)} (p50 ${ms(lag.p50)}, ${lag.n} edits, ${lag.timed_out} timed out)`,
    met: lag.timed_out === 0 && lag.p95 <= 2000,
  });
  const page = report.search_page;
  rows.push(
    page
      ? {
          figure: `search page TTFB p95 at ${page.clients} concurrent`,
          target: "≤ 200 ms, no errors",
          measured: `${ms(page.ttfb_ms.p95)} (p50 ${ms(page.ttfb_ms.p50)}), ${page.errors} errors in ${page.requests} requests; full page p95 ${ms(page.full_response_ms.p95)}, ${page.streamed ?? 0} of ${page.requests} pages streamed their results`,
          met: page.errors === 0 && page.ttfb_ms.p95 <= 200 && page.clients >= 20,
        }
      : { figure: "search page TTFB p95 at 20 concurrent", target: "≤ 200 ms, no errors", measured: "not measured", met: null }
  );
  const js = report.initial_js;
  rows.push(
    js
      ? {
          figure: "initial JS per page, gzipped",
          target: "≤ 200 KB without the map chunk",
          measured: `largest main page ${js.max_main_page_gzip_kb.toFixed(1)} KB (any route ${js.max_any_page_gzip_kb.toFixed(1)} KB); map chunk${js.map_chunks.length === 1 ? "" : "s"} ${js.map_chunks.map((chunk) => `${chunk.gzip_kb.toFixed(1)} KB`).join(", ") || "none"} apart`,
          met: js.max_main_page_gzip_kb <= 200,
        }
      : { figure: "initial JS per page, gzipped", target: "≤ 200 KB without the map chunk", measured: "not measured", met: null }
  );
  const memory = report.memory;
  rows.push(
    memory
      ? {
          figure: "whole stack at idle",
          target: "≤ 800 MB resident",
          measured: `${(memory.idle.total_pss_mb ?? memory.idle.total_rss_mb).toFixed(0)} MB ${memory.idle.total_pss_mb !== null ? "PSS" : "RSS"} (RSS sum ${memory.idle.total_rss_mb.toFixed(0)} MB${typeof memory.idle.total_pss_file_mb === "number" ? `; ${memory.idle.total_pss_file_mb.toFixed(0)} MB of the PSS is mapped files` : ""})` +
            (memory.under_load ? `; under load ${(memory.under_load.total_pss_mb ?? memory.under_load.total_rss_mb).toFixed(0)} MB` : ""),
          met: (memory.idle.total_pss_mb ?? memory.idle.total_rss_mb) <= 800,
        }
      : { figure: "whole stack at idle", target: "≤ 800 MB resident", measured: "not measured", met: null }
  );
  return rows;
}

const MARK_START = "<!-- bench:start (generated by `npm run bench`; edits between these markers are overwritten) -->";
const MARK_END = "<!-- bench:end -->";

export function renderMarkdown(report: BenchReport): string {
  const verdicts = judge(report);
  const yes = (met: boolean | null) => (met === null ? "not measured" : met ? "yes" : "**no**");
  const lines = [
    MARK_START,
    `## Latest run: ${report.suppliers.toLocaleString("en-US")} suppliers`,
    "",
    `Run ${report.finished_at.slice(0, 16).replace("T", " ")} UTC with \`${report.command}\` on ${report.machine.nproc} CPUs (${report.machine.cpu}), ` +
      `${report.machine.memory_gb} GB memory, Node ${report.machine.node}, ${report.machine.platform}; the whole stack and the benchmark client on the same machine, over loopback.`,
    `The database held ${report.corpus.suppliers_in_database.toLocaleString("en-US")} supplier profiles (${report.corpus.published_profiles.toLocaleString("en-US")} published, ` +
      `${report.corpus.indexed_documents.toLocaleString("en-US")} in the search index), the seed's included. ` +
      `The targets are stated for 100,000 suppliers${report.suppliers < 100_000 ? "; this run is smaller, so a met target here is not yet a met target there" : ""}.`,
    "",
    "| figure | target | measured | met? |",
    "|---|---|---|---|",
    ...verdicts.map((verdict) => `| ${verdict.figure} | ${verdict.target} | ${verdict.measured} | ${yes(verdict.met)} |`),
    "",
    "### Details",
    "",
    `Latency: ${report.search.queries} varied queries per engine, one at a time, after a warm-up.`,
    "",
    "| measurement | p50 | p95 | max | n | errors |",
    "|---|---|---|---|---|---|",
    ...(
      [
        ["search API (GET /api/v1/suppliers)", report.search.api],
        ["same multi-search straight to Meilisearch", report.search.meilisearch],
        ["same searches in PostgreSQL (search_suppliers_fallback)", report.search.postgres],
        ["match API (POST /api/v1/match)", report.match],
      ] as Array<[string, LatencyFigures | null]>
    ).map(([name, figures]) =>
      figures ? `| ${name} | ${ms(figures.p50)} | ${ms(figures.p95)} | ${ms(figures.max)} | ${figures.n} | ${figures.errors} |` : `| ${name} | – | – | – | – | not measured |`
    ),
    `| edit-to-searchable | ${ms(report.edit_to_searchable_ms.p50)} | ${ms(report.edit_to_searchable_ms.p95)} | ${ms(report.edit_to_searchable_ms.max)} | ${report.edit_to_searchable_ms.n} | ${report.edit_to_searchable_ms.timed_out} timed out |`,
    ...(report.search_page
      ? [
          `| /search TTFB, ${report.search_page.clients} concurrent clients | ${ms(report.search_page.ttfb_ms.p50)} | ${ms(report.search_page.ttfb_ms.p95)} | ${ms(report.search_page.ttfb_ms.max)} | ${report.search_page.requests} | ${report.search_page.errors} |`,
          `| /search full response, same run | ${ms(report.search_page.full_response_ms.p50)} | ${ms(report.search_page.full_response_ms.p95)} | ${ms(report.search_page.full_response_ms.max)} | ${report.search_page.requests} | (${report.search_page.requests_per_second.toFixed(1)} pages/s) |`,
        ]
      : []),
    "",
  ];
  if (report.import) {
    const figures = report.import;
    lines.push(
      `Import: ${figures.rows.toLocaleString("en-US")} rows in ${figures.files} JSON Lines file(s) through runImport (app/import/commit.server.ts) as the platform organization: ` +
        `${figures.created} created, ${figures.updated} updated, ${figures.unchanged} unchanged, ${figures.invalid} invalid, ${figures.failed} failed. ` +
        `Writing took ${figures.import_seconds.toFixed(1)} s (${figures.rows_per_second_import_only.toFixed(0)} rows/s); the search index caught up ${figures.index_catch_up_seconds.toFixed(1)} s later.` +
        (figures.vacuum_analyze_seconds === undefined ? "" : ` Then VACUUM (ANALYZE) took ${figures.vacuum_analyze_seconds.toFixed(1)} s, before anything else was measured.`),
      ""
    );
  }
  if (report.initial_js) {
    lines.push("Initial JavaScript (entry + root + route module and their static imports, gzipped; the map chunk loads lazily and is counted apart):", "");
    lines.push("| page (route) | files | size | gzipped |", "|---|---|---|---|");
    for (const page of report.initial_js.main_pages) lines.push(`| ${page.route} | ${page.files} | ${page.kb.toFixed(1)} KB | ${page.gzip_kb.toFixed(1)} KB |`);
    for (const chunk of report.initial_js.map_chunks) lines.push(`| map chunk ${chunk.file} (${chunk.contains.join(", ")}), lazy | 1 | ${chunk.kb.toFixed(1)} KB | ${chunk.gzip_kb.toFixed(1)} KB |`);
    lines.push("");
  }
  if (report.memory) {
    lines.push("Memory per stack process (PSS splits shared pages between the processes that share them; RSS counts them in each):", "");
    lines.push(
      "Mapped files are the part of PSS that is file pages mapped into the process (program code; Meilisearch's memory-mapped index): clean pages the kernel drops when memory is short and reads again when touched.",
      ""
    );
    lines.push("| process | processes | idle RSS | idle PSS | of which mapped files | under load RSS (peak) | under load PSS (peak) |", "|---|---|---|---|---|---|---|");
    const mb = (value: number | null | undefined) => (value === null || value === undefined ? "–" : `${value.toFixed(0)} MB`);
    for (const service of report.memory.idle.services) {
      const loaded = report.memory.under_load?.services.find((other) => other.service === service.service);
      lines.push(`| ${service.service} | ${service.processes} | ${mb(service.rss_mb)} | ${mb(service.pss_mb)} | ${mb(service.pss_file_mb)} | ${mb(loaded?.rss_mb)} | ${mb(loaded?.pss_mb)} |`);
    }
    const total = (snapshot: MemorySnapshot | null | undefined, key: "total_rss_mb" | "total_pss_mb" | "total_pss_file_mb") => mb(snapshot?.[key]);
    lines.push(
      `| **total** | | ${total(report.memory.idle, "total_rss_mb")} | ${total(report.memory.idle, "total_pss_mb")} | ${total(report.memory.idle, "total_pss_file_mb")} | ${total(report.memory.under_load, "total_rss_mb")} | ${total(report.memory.under_load, "total_pss_mb")} |`,
      ""
    );
  }
  if (report.skipped.length) lines.push("Not measured in this run:", "", ...report.skipped.map((reason) => `- ${reason}`), "");
  lines.push(MARK_END);
  return lines.join("\n");
}

/** Replaces the generated section of the document, or adds it after the intro. */
export function updateBenchmarksDoc(existing: string | null, section: string, intro: string): string {
  if (existing && existing.includes("<!-- bench:start") && existing.includes(MARK_END)) {
    const start = existing.indexOf("<!-- bench:start");
    const end = existing.indexOf(MARK_END) + MARK_END.length;
    return existing.slice(0, start) + section + existing.slice(end);
  }
  if (existing) return `${existing.trimEnd()}\n\n${section}\n`;
  return `${intro.trimEnd()}\n\n${section}\n`;
}

export function writeResults(projectRoot: string, report: BenchReport): string {
  const directory = path.join(projectRoot, "bench-results");
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `bench-${report.suppliers}-${report.finished_at.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(directory, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
