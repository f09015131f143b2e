/**
 * Search against the real stack: Meilisearch fed by the sync worker from PostgreSQL, the
 * PostgreSQL fallback through PostgREST, and the search service the page and API share.
 * Meilisearch-dependent tests live in this one file, in order, because the last block stops
 * Meilisearch and kills the sync worker.
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import ws from "ws";
import { controlService } from "./setup/control.ts";
import { SearchFixtures, uniqueTag, useAppEnv } from "./search-fixtures.ts";
import type { SupplierSearch, SupplierSearchResult } from "../app/search/query.ts";

const stack = inject("stack");
const controlUrl = inject("controlUrl");
useAppEnv(stack);

const query = await import("../app/search/query.ts");
const suppliers = await import("../app/search/suppliers.server.ts");
const needs = await import("../app/search/needs.server.ts");
const meiliModule = await import("../app/search/meili.server.ts");
const { distanceKm } = suppliers;

const transport = ws as unknown as NonNullable<NonNullable<Parameters<typeof createClient>[2]>["realtime"]>["transport"];
const anon: SupabaseClient = createClient(stack.supabaseUrl, stack.anonKey, {
  auth: { persistSession: false, autoRefreshToken: false },
  realtime: { transport },
});
const admin = new Meilisearch({ host: stack.meiliUrl, apiKey: stack.meiliMasterKey });

function parse(params: string): SupplierSearch {
  const parsed = query.parseSupplierSearch(new URLSearchParams(params));
  if (!parsed.success) throw new Error(JSON.stringify(parsed.fieldErrors));
  return parsed.search;
}

async function search(params: string, locale: "en" | "ko" = "en", client: SupabaseClient = anon): Promise<SupplierSearchResult> {
  return suppliers.searchSuppliers({ supabase: client, locale, log: () => undefined }, parse(params));
}

const ids = (result: SupplierSearchResult) => result.hits.map((hit) => hit.id).sort();

const tag = uniqueTag("fxs");
const fixtures = new SearchFixtures(stack, tag);

/**
 * Korean↔English pairs taken from the taxonomy labels, its synonyms and the glossary. Each gets a
 * Korean-only and an English-only supplier whose free text (not their coded capabilities) uses
 * one side of the pair, so only the synonyms can bridge the languages.
 */
const PAIRS: Array<[string, string]> = [
  ["titanium", "티타늄"],
  ["NDT", "비파괴검사"],
  ["5-axis", "5축"],
  ["electron beam welding", "전자빔 용접"],
  ["investment casting", "정밀 주조"],
  ["heat treatment", "열처리"],
  ["anodizing", "아노다이징"],
  ["shot peening", "숏피닝"],
  ["ultrasonic testing", "초음파 탐상"],
  ["filament winding", "필라멘트 와인딩"],
  ["landing gear MRO", "랜딩기어 정비"],
  ["wire harness", "와이어하네스"],
  ["thermal imaging", "열상장비"],
  ["firmware", "펌웨어"],
  ["body armor", "방탄복"],
  ["Inconel", "인코넬"],
  ["carbon fiber", "탄소섬유"],
  ["aluminium", "알루미늄"],
  ["magnesium", "마그네슘"],
  ["submarine", "잠수함"],
  ["drone", "드론"],
  ["vacuum brazing", "진공 브레이징"],
  ["powder coating", "분체도장"],
  ["Defense Quality Management System", "국방품질경영시스템"],
];

const pairSuppliers: Array<{ en: string; ko: string; koOnly: string; enOnly: string }> = [];
const geo = {
  sacheon: { lat: 35.0037, lng: 128.0642 },
  changwon: { lat: 35.228, lng: 128.6811 },
  busan: { lat: 35.1796, lng: 129.0756 },
  seoul: { lat: 37.5665, lng: 126.978 },
};
const geoSuppliers: Record<string, string> = {};

beforeAll(async () => {
  await fixtures.createCluster();
  for (const [index, [en, ko]] of PAIRS.entries()) {
    const koOnly = await fixtures.createSupplier({
      name_en: `Fixture ${tag} K${index}`,
      name_ko: `시험업체 K${index}`,
      description_ko: `${ko} 전문 업체입니다`,
    });
    const enOnly = await fixtures.createSupplier({ name_en: `Fixture ${tag} E${index}`, description_en: `Specialists in ${en}.` });
    pairSuppliers.push({ en, ko, koOnly, enOnly });
  }
  for (const [name, point] of Object.entries(geo)) {
    geoSuppliers[name] = await fixtures.createSupplier({
      name_en: `Fixture ${tag} site ${name}`,
      description_en: "Located supplier",
      employees: 120,
      capabilities: [{ process_code: "calibration-metrology" }],
      certifications: [
        { code: "iso-9001", expires_on: "2099-01-01", verified: true },
        { code: "as9100d", expires_on: "2001-01-01" },
      ],
      sites: [{ ...point, region: name === "seoul" ? "seoul" : name === "busan" ? "busan" : "gyeongnam" }],
      defense_designated: name === "changwon",
      verification_status: name === "sacheon" ? "verified" : "unverified",
    });
  }
  await fixtures.waitForSync();
}, 120_000);

afterAll(async () => {
  await fixtures.cleanup();
});

describe("bilingual search", () => {
  it(`finds the same suppliers from either language for ${PAIRS.length} taxonomy pairs`, async () => {
    const failures: string[] = [];
    for (const pair of pairSuppliers) {
      for (const [language, term] of [
        ["en", pair.en],
        ["ko", pair.ko],
      ] as const) {
        const result = await search(`q=${encodeURIComponent(term)}&cluster=${fixtures.clusterSlug}&per_page=100`, language);
        expect(result.mode).toBe("full");
        const found = ids(result);
        if (!found.includes(pair.koOnly)) failures.push(`"${term}" did not find the Korean-only supplier for ${pair.ko}`);
        if (!found.includes(pair.enOnly)) failures.push(`"${term}" did not find the English-only supplier for ${pair.en}`);
      }
    }
    expect(failures).toEqual([]);
    expect(PAIRS.length).toBeGreaterThanOrEqual(20);
  });

  it("does not match unrelated suppliers", async () => {
    const result = await search(`q=${encodeURIComponent("인코넬")}&cluster=${fixtures.clusterSlug}&per_page=100`, "ko");
    const magnesium = pairSuppliers.find((pair) => pair.en === "magnesium")!;
    expect(ids(result)).not.toContain(magnesium.koOnly);
    expect(ids(result)).not.toContain(magnesium.enOnly);
  });

  it("highlights the match in the language it was found in, as safe segments", async () => {
    const result = await search(`q=${encodeURIComponent("titanium")}&cluster=${fixtures.clusterSlug}`, "en");
    const titanium = pairSuppliers.find((pair) => pair.en === "titanium")!;
    const koHit = result.hits.find((hit) => hit.id === titanium.koOnly)!;
    expect(koHit.snippet?.lang).toBe("ko");
    expect(koHit.snippet?.text).toContain(`${query.HIGHLIGHT_PRE}티타늄${query.HIGHLIGHT_POST}`);
    const enHit = result.hits.find((hit) => hit.id === titanium.enOnly)!;
    expect(enHit.snippet?.lang).toBe("en");
  });

  it("tolerates typos in words but not in certification codes", async () => {
    const typo = await search(`q=${encodeURIComponent("magnesum")}&cluster=${fixtures.clusterSlug}`, "en");
    expect(ids(typo)).toContain(pairSuppliers.find((pair) => pair.en === "magnesium")!.enOnly);
    const code = await search(`q=AS9110&cluster=${fixtures.clusterSlug}&expired=1`, "en");
    expect(ids(code).filter((id) => Object.values(geoSuppliers).includes(id))).toEqual([]);
    const exact = await search(`q=AS9100D&cluster=${fixtures.clusterSlug}&expired=1`, "en");
    expect(ids(exact)).toEqual(Object.values(geoSuppliers).sort());
  });
});

describe("facets", () => {
  it("count what the database holds for the fixture cluster", async () => {
    const result = await search(`cluster=${fixtures.clusterSlug}&per_page=100`);
    const { rows } = await fixtures.pool.query<{ process_code: string; n: number }>(
      `select c.process_code, count(distinct c.organization_id)::int as n
       from public.sme_capabilities c join public.sme_profiles p on p.organization_id = c.organization_id
       where p.published and p.cluster_id = $1 group by 1`,
      [fixtures.clusterId]
    );
    expect(result.facets.process).toEqual(Object.fromEntries(rows.map((row) => [row.process_code, row.n])));
    const certs = await fixtures.pool.query<{ code: string; n: number }>(
      `select c.certification_type_code as code, count(distinct c.organization_id)::int as n
       from public.sme_certifications c join public.sme_profiles p on p.organization_id = c.organization_id
       where p.published and p.cluster_id = $1 and (c.expires_on is null or c.expires_on >= current_date) group by 1`,
      [fixtures.clusterId]
    );
    expect(result.facets.cert).toEqual(Object.fromEntries(certs.rows.map((row) => [row.code, row.n])));
    expect(result.facets.cert).toEqual({ "iso-9001": 4 });
    const withExpired = await search(`cluster=${fixtures.clusterSlug}&expired=1`);
    expect(withExpired.facets.cert).toEqual({ "iso-9001": 4, as9100d: 4 });
    expect(result.facets.region).toEqual({ gyeongnam: 2, busan: 1, seoul: 1 });
    expect(result.facets.size).toEqual({ unknown: PAIRS.length * 2, medium: 4 });
    expect(result.facets.designated).toBe(1);
    expect(result.facets.verified).toBe(1);
    expect(result.total).toBe(PAIRS.length * 2 + 4);
  });

  it("match the database across every published profile", async () => {
    const result = await search("");
    const { rows } = await fixtures.pool.query<{ process_code: string; n: number }>(
      `select c.process_code, count(distinct c.organization_id)::int as n
       from public.sme_capabilities c join public.sme_profiles p on p.organization_id = c.organization_id
       where p.published group by 1`
    );
    expect(result.facets.process).toEqual(Object.fromEntries(rows.map((row) => [row.process_code, row.n])));
    const total = await fixtures.pool.query<{ n: number }>("select count(*)::int as n from public.sme_profiles where published");
    expect(result.total).toBe(total.rows[0]!.n);
  });

  it("count the other options of a filtered group as if it were not filtered", async () => {
    const filtered = await search(`cluster=${fixtures.clusterSlug}&region=seoul`);
    expect(filtered.total).toBe(1);
    expect(filtered.facets.region).toEqual({ gyeongnam: 2, busan: 1, seoul: 1 });
    expect(filtered.facets.process).toEqual({ "calibration-metrology": 1 });
  });

  it("filter certificates by expiry unless expired ones are included", async () => {
    expect((await search(`cluster=${fixtures.clusterSlug}&cert=as9100d`)).total).toBe(0);
    expect((await search(`cluster=${fixtures.clusterSlug}&cert=as9100d&expired=1`)).total).toBe(4);
    expect((await search(`cluster=${fixtures.clusterSlug}&cert=iso-9001`)).total).toBe(4);
    const hit = (await search(`cluster=${fixtures.clusterSlug}&cert=iso-9001`)).hits[0]!;
    expect(hit.certifications.find((certification) => certification.code === "as9100d")).toMatchObject({ expired: true });
  });
});

describe("geography", () => {
  it("filters by radius around a point and sorts by true distance", async () => {
    const centre = geo.sacheon;
    const result = await search(`cluster=${fixtures.clusterSlug}&lat=${centre.lat}&lng=${centre.lng}&radius_km=100&sort=distance`);
    const expected = Object.entries(geo)
      .map(([name, point]) => ({ id: geoSuppliers[name]!, km: distanceKm(centre, point) }))
      .filter((entry) => entry.km <= 100)
      .sort((a, b) => a.km - b.km);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(result.hits.map((hit) => hit.id)).toEqual(expected.map((entry) => entry.id));
    for (const [index, hit] of result.hits.entries()) expect(hit.distanceKm).toBeCloseTo(expected[index]!.km, 0);
  });

  it("searches around a named place and within a map area", async () => {
    const nearChangwon = await search(`cluster=${fixtures.clusterSlug}&place=city:changwon&radius_km=10`);
    expect(ids(nearChangwon)).toEqual([geoSuppliers.changwon]);
    const box = await search(`cluster=${fixtures.clusterSlug}&bbox=34.9,127.9,35.3,128.8&sort=distance`);
    expect(ids(box)).toEqual([geoSuppliers.sacheon!, geoSuppliers.changwon!].sort());
  });

  it("puts on the map exactly the suppliers the search finds, with their sites", async () => {
    const params = `cluster=${fixtures.clusterSlug}&bbox=34.9,127.9,35.3,128.8`;
    const points = await suppliers.searchSupplierMapPoints({ supabase: anon, locale: "en", log: () => undefined }, parse(params));
    expect(points.map((point) => point.id).sort()).toEqual(ids(await search(params)));
    for (const point of points) {
      const name = Object.entries(geoSuppliers).find(([, id]) => id === point.id)![0];
      expect(point.lat).toBeCloseTo(geo[name as keyof typeof geo]!.lat, 4);
      expect(point.lng).toBeCloseTo(geo[name as keyof typeof geo]!.lng, 4);
    }
  });

  it("sorts by completeness", async () => {
    const result = await search(`cluster=${fixtures.clusterSlug}&sort=completeness&per_page=100`);
    const values = result.hits.map((hit) => hit.completeness);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });
});

describe("visibility", () => {
  it("never returns draft profiles, from the index or the fallback, even to their own members", async () => {
    const draftTag = uniqueTag("draft");
    const draft = await fixtures.createSupplier({
      name_en: `Draft ${draftTag}`,
      description_en: `Unpublished ${draftTag}`,
      published: false,
      capabilities: [{ process_code: "gear-grinding" }],
    });
    const published = await fixtures.createSupplier({ name_en: `Published ${draftTag}`, description_en: `Listed ${draftTag}` });
    await fixtures.waitForSync();
    const result = await search(`q=${draftTag}&cluster=${fixtures.clusterSlug}`);
    expect(ids(result)).toEqual([published]);
    const facets = await search(`cluster=${fixtures.clusterSlug}`);
    expect(facets.facets.process["gear-grinding"]).toBeUndefined();
    const document = await admin
      .index("suppliers")
      .getDocument(draft)
      .catch(() => null);
    expect(document).toBeNull();
    const fallback = await anon.rpc("search_suppliers_fallback", { q: draftTag, filters: {} });
    expect((fallback.data as { hits: Array<{ id: string }> }).hits.map((hit) => hit.id)).toEqual([published]);
  });

  it("keeps invited-only, export-controlled and draft needs out of the index, hits and facets", async () => {
    const needTag = uniqueTag("need");
    const { rows: contractors } = await fixtures.pool.query<{ id: string }>(
      "select id from public.organizations where kind = 'contractor' order by slug limit 1"
    );
    const contractor = contractors[0]!.id;
    const insert = async (visibility: string, status: string, exportControlled: boolean) => {
      const { rows } = await fixtures.pool.query<{ id: string }>(
        `insert into public.needs (organization_id, kind, title_en, description_en, visibility, status, export_controlled, opened_at)
         values ($1, 'localization', $2, $3, $4::public.need_visibility, $5::public.need_status, $6, now()) returning id`,
        [contractor, `${needTag} ${visibility} ${status}`, `Need ${needTag}`, visibility, status, exportControlled]
      );
      return rows[0]!.id;
    };
    const made = {
      public: await insert("public", "open", false),
      registered: await insert("registered", "open", false),
      invited: await insert("invited", "open", false),
      controlled: await insert("public", "open", true),
      draft: await insert("public", "draft", false),
    };
    try {
      await fixtures.waitForSync();
      const meili = meiliModule.createSearchClient({ url: stack.meiliUrl, masterKey: stack.meiliMasterKey });
      const anonymous = await needs.searchNeeds(needs.ANONYMOUS, { q: needTag }, meili);
      expect(anonymous.hits.map((hit) => hit.id)).toEqual([made.public]);
      expect(anonymous.facets.visibility).toEqual({ public: 1 });

      const signedIn = createClient(stack.supabaseUrl, stack.anonKey, {
        auth: { persistSession: false, autoRefreshToken: false },
        realtime: { transport },
      });
      const { data, error } = await signedIn.auth.signInWithPassword({ email: "sme@clustermatch.test", password: "ClusterMatch!2026" });
      expect(error).toBeNull();
      const viewer = await needs.loadViewer(signedIn, data.user);
      expect(viewer.organizationIds.length).toBeGreaterThan(0);
      const member = await needs.searchNeeds(viewer, { q: needTag }, meili);
      expect(member.hits.map((hit) => hit.id).sort()).toEqual([made.public, made.registered].sort());
      expect(member.facets.visibility).toEqual({ public: 1, registered: 1 });

      // Not even the master key finds the others: they were never indexed.
      for (const id of [made.invited, made.controlled, made.draft]) {
        expect(
          await admin
            .index("needs")
            .getDocument(id)
            .catch(() => null)
        ).toBeNull();
      }
      const leaked = await admin
        .index("needs")
        .search("", { filter: 'visibility = "invited" OR export_controlled = true OR status != "open"', limit: 1 });
      expect(leaked.estimatedTotalHits).toBe(0);
      await signedIn.auth.signOut();
    } finally {
      await fixtures.pool.query("delete from public.needs where id = any ($1::uuid[])", [Object.values(made)]);
    }
  });
});

describe("GET /api/v1/suppliers", () => {
  const route = () => import("../app/routes/api.v1.suppliers.ts");
  const call = async (params: string, headers: Record<string, string> = {}) => {
    const { loader } = await route();
    return (await loader({ request: new Request(`http://localhost/api/v1/suppliers?${params}`, { headers }), params: {}, context: {} })) as Response;
  };

  it("answers a search as JSON with results, facets and highlight segments", async () => {
    const response = await call(`q=titanium&cluster=${fixtures.clusterSlug}&per_page=5`);
    expect(response.status).toBe(200);
    expect(response.headers.get("X-Search-Mode")).toBe("full");
    const body = await response.json();
    expect(body).toMatchObject({ mode: "full", page: 1, per_page: 5 });
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results[0].snippet.segments.some((segment: { highlighted: boolean }) => segment.highlighted)).toBe(true);
    expect(body.facets).toHaveProperty("process");
  });

  it("rejects bad parameters with problem details and messages per field, in both languages", async () => {
    const response = await call("page=0&per_page=500&region=tokyo", { "Accept-Language": "ko" });
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toContain("application/problem+json");
    const body = await response.json();
    expect(body.status).toBe(400);
    const fields = body.errors.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual(["page", "per_page", "region"]);
    const page = body.errors.find((error: { field: string }) => error.field === "page");
    expect(page.message_en).toBe("The page must be a whole number from 1 to 250.");
    expect(page.message_ko).toBe("페이지는 1부터 250 사이의 정수여야 합니다.");
    const unknownCluster = await call("place=cluster:atlantis");
    expect(unknownCluster.status).toBe(400);
  });
});

describe("edit-to-searchable lag", () => {
  it("makes every edit searchable (the numbers are printed for the benchmark)", async () => {
    const { measureLag } = await import("../scripts/search/lag.ts");
    const report = await measureLag(
      { databaseUrl: stack.databaseUrl, meili: { url: stack.meiliUrl, masterKey: stack.meiliMasterKey } },
      { edits: 10 }
    );
    console.log(`[search] edit-to-searchable lag over ${report.samples.length} edits: p50 ${report.p50} ms, p95 ${report.p95} ms`);
    expect(report.samples).toHaveLength(10);
    expect(report.timedOut).toBe(0);
  }, 120_000);
});

describe("Meilisearch outage", () => {
  it("answers from PostgreSQL while it is down, then the index converges to exactly the published profiles", async () => {
    const outageTag = uniqueTag("outage");
    const base = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        fixtures.createSupplier({ name_en: `Outage ${outageTag} ${index}`, description_en: `Before the outage ${index}` })
      )
    );
    const draftToPublish = await fixtures.createSupplier({ name_en: `Outage ${outageTag} draft`, description_en: "Draft", published: false });
    await fixtures.waitForSync();

    await controlService(controlUrl, "meilisearch", "stop");
    let workerKilled = false;
    try {
      // A burst of edits while the index cannot follow, with the worker killed in the middle.
      for (const [index, id] of base.entries()) {
        await fixtures.pool.query("update public.sme_profiles set description_en = $2 where organization_id = $1", [
          id,
          `Edited ${outageTag} ${index} 티타늄`,
        ]);
      }
      await controlService(controlUrl, "search-sync", "kill");
      workerKilled = true;
      await fixtures.pool.query("update public.sme_profiles set published = false where organization_id = $1", [base[0]]);
      await fixtures.pool.query("update public.sme_profiles set published = true where organization_id = $1", [draftToPublish]);
      await fixtures.pool.query("delete from public.organizations where id = $1", [base[1]]);
      await fixtures.pool.query("insert into public.sme_capabilities (organization_id, process_code) values ($1, 'edm')", [base[2]]);
      const added = await fixtures.createSupplier({ name_en: `Outage ${outageTag} new`, description_en: `Created ${outageTag} during the outage` });
      await controlService(controlUrl, "search-sync", "start");
      workerKilled = false;

      suppliers.resetSearchCircuit();
      const reduced = await search(`q=${outageTag}&cluster=${fixtures.clusterSlug}&per_page=50`);
      expect(reduced.mode).toBe("reduced");
      expect(ids(reduced)).toEqual([base[2]!, base[3]!, base[4]!, base[5]!, added, draftToPublish].sort());
      const korean = await search(`q=${encodeURIComponent(`${outageTag} titanium`)}&cluster=${fixtures.clusterSlug}&per_page=50`);
      expect(ids(korean)).toEqual([base[2]!, base[3]!, base[4]!, base[5]!].sort());
      const filtered = await search(`cluster=${fixtures.clusterSlug}&process=edm`);
      expect(filtered.mode).toBe("reduced");
      expect(ids(filtered)).toEqual([base[2]]);

      const api = await (
        await import("../app/routes/api.v1.suppliers.ts")
      ).loader({
        request: new Request(`http://localhost/api/v1/suppliers?q=${outageTag}`),
        params: {},
        context: {},
      });
      expect((api as Response).status).toBe(200);
      expect(await (api as Response).json()).toMatchObject({ mode: "reduced" });
    } finally {
      await controlService(controlUrl, "meilisearch", "start");
      if (workerKilled) await controlService(controlUrl, "search-sync", "start");
    }

    // Converged: nothing pending, and the index holds exactly the database's published profiles.
    const deadline = Date.now() + 60_000;
    let difference: { missing: string[]; extra: string[] } = { missing: [], extra: [] };
    for (;;) {
      const { rows } = await fixtures.pool.query<{ id: string }>("select organization_id::text as id from public.sme_profiles where published");
      const expected = new Set(rows.map((row) => row.id));
      const indexed = new Set<string>();
      for (let offset = 0; ; offset += 1000) {
        const page = await admin.index("suppliers").getDocuments({ fields: ["id"], limit: 1000, offset });
        for (const document of page.results) indexed.add(String(document.id));
        if (page.results.length < 1000) break;
      }
      const pending = await fixtures.pool.query<{ n: number }>("select count(*)::int as n from public.search_outbox where processed_at is null");
      difference = { missing: [...expected].filter((id) => !indexed.has(id)), extra: [...indexed].filter((id) => !expected.has(id)) };
      if (pending.rows[0]!.n === 0 && difference.missing.length === 0 && difference.extra.length === 0) break;
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(difference).toEqual({ missing: [], extra: [] });

    suppliers.resetSearchCircuit();
    const full = await search(`q=${outageTag}&cluster=${fixtures.clusterSlug}&per_page=50`);
    expect(full.mode).toBe("full");
    const edited = await admin.index("suppliers").getDocument(base[3]!);
    expect(edited.description_en).toBe(`Edited ${outageTag} 3 티타늄`);
    const withEdm = await admin.index("suppliers").getDocument(base[2]!);
    expect(withEdm.process_codes).toContain("edm");
  }, 180_000);
});
