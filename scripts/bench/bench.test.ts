import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateSupplier, type CorpusSources } from "./corpus.ts";
import { peakMemory, processTree, stackMemory } from "./measure.ts";
import { updateBenchmarksDoc } from "./report.ts";
import { parseBenchArguments } from "./run.ts";
import { percentile, seededRandom, summarize } from "./stats.ts";

describe("stats", () => {
  it("takes nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([3, 1, 2])).toMatchObject({ n: 3, p50: 2, p95: 3, max: 3, mean: 2 });
  });
});

describe("arguments", () => {
  it("defaults to 100,000 suppliers and rejects nonsense", () => {
    expect(parseBenchArguments([]).suppliers).toBe(100_000);
    expect(parseBenchArguments(["--suppliers", "10000"]).suppliers).toBe(10_000);
    expect(parseBenchArguments(["--suppliers=500", "--keep-data"])).toMatchObject({ suppliers: 500, keepData: true });
    expect(() => parseBenchArguments(["--suppliers", "ten"])).toThrow(/positive whole number/);
    expect(() => parseBenchArguments(["--fast"])).toThrow(/Unknown option/);
    expect(parseBenchArguments([]).portOffset).toBe(0);
    expect(parseBenchArguments(["--port-offset", "700"]).portOffset).toBe(700);
    expect(() => parseBenchArguments(["--port-offset=-1"])).toThrow(/port-offset/);
  });
});

describe("memory", () => {
  it("reads this process and a launcher state file from /proc", () => {
    const tree = processTree(process.pid);
    expect(tree[0]!.pid).toBe(process.pid);
    expect(tree[0]!.rssKb).toBeGreaterThan(10_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-memory-"));
    try {
      fs.writeFileSync(path.join(dataDir, "stack.json"), JSON.stringify({ launcherPid: process.pid, children: { gone: { pid: 2 ** 22 + 7 } } }));
      const snapshot = stackMemory(dataDir);
      expect(snapshot.services.map((service) => service.service)).toEqual(["launcher + gateway"]);
      expect(snapshot.total_rss_mb).toBeGreaterThan(10);
      const doubled = { ...snapshot, total_rss_mb: snapshot.total_rss_mb * 2, services: snapshot.services.map((service) => ({ ...service, rss_mb: service.rss_mb * 2 })) };
      expect(peakMemory(doubled, snapshot).total_rss_mb).toBe(doubled.total_rss_mb);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("corpus", () => {
  const term = (code: string, category: string) => ({ code, category, label_en: `${code} en`, label_ko: `${code} 한`, synonyms_en: [], synonyms_ko: [] });
  const sources: CorpusSources = {
    taxonomy: {
      processes: [term("machining-5axis", "machining"), term("cnc-turning", "machining"), term("ndt-ut", "ndt")],
      materials: [term("titanium-ti64", "titanium")],
      certifications: [{ ...term("as9100", "quality_management"), expires: true }, { ...term("nadcap-ndt", "special_process"), expires: true }],
    },
    places: [{ lat: 35.2, lng: 128.6, cityEn: "Changwon", cityKo: "창원", cluster: "changwon" }],
  };
  it("writes bilingual, taxonomy-driven, deterministic suppliers", () => {
    const a = generateSupplier(seededRandom(1), sources, 1, "T", new Date("2026-01-01"));
    const b = generateSupplier(seededRandom(1), sources, 1, "T", new Date("2026-01-01"));
    expect(a).toEqual(b);
    expect(a.external_id).toBe("T-0000001");
    expect(a.name_ko).toMatch(/[가-힣]/);
    expect(a.description_en ?? a.description_ko).toBeTruthy();
    expect((a.processes as string[]).length).toBeGreaterThanOrEqual(1);
    expect((a.certifications as unknown[]).length).toBeGreaterThanOrEqual(1);
    const site = (a.sites as Array<{ lat: number; lng: number }>)[0]!;
    expect(Math.abs(site.lat - 35.2)).toBeLessThan(0.1);
    expect(a.cluster).toBe("changwon");
  });
});

describe("benchmarks document", () => {
  it("replaces only its own section", () => {
    const section = "<!-- bench:start x -->\nnew\n<!-- bench:end -->";
    const existing = "# Benchmarks\n\nintro\n\n<!-- bench:start old -->\nold\n<!-- bench:end -->\n\n## Load test\nkept\n";
    const updated = updateBenchmarksDoc(existing, section, "unused");
    expect(updated).toContain("new");
    expect(updated).not.toContain("old\n");
    expect(updated).toContain("## Load test\nkept");
    expect(updateBenchmarksDoc(null, section, "# Intro")).toBe(`# Intro\n\n${section}\n`);
  });
});
