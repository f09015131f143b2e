/**
 * Cluster pages and analytics pages through the built server (test/api-harness.ts): public pages
 * render from the database, the managing authority edits its page and its land, everyone else is
 * refused, bad input is a 400 with messages and no write, and the CSV exports answer with CSV.
 * A cluster of this run's own (and its authority) keeps the seeded clusters untouched.
 */
import { randomUUID } from "node:crypto";
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import ws from "ws";
import { sessionCookie, startHarness, type Harness } from "./api-harness.ts";

const stack = inject("stack");
const run = randomUUID().slice(0, 8);
const PASSWORD = `Cluster-pages-${run}!`;
const SEED_PASSWORD = "ClusterMatch!2026";
const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
const q = async <T extends pg.QueryResultRow = Record<string, any>>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows;
const admin = createClient(stack.supabaseUrl, stack.serviceRoleKey, {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  realtime: { transport: ws as never },
});

let harness: Harness;
let clusterId = "";
const slug = `test-cluster-${run}`;
let authorityCookie = "";
let otherAuthorityCookie = "";
let contractorCookie = "";

async function newAuthorityUser(label: string, organizationId: string) {
  const email = `pages-${label}-${run}@example.test`;
  const created = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
  if (created.error || !created.data.user) throw new Error(`create ${email}: ${created.error?.message}`);
  await q("insert into public.memberships (organization_id, user_id, role) values ($1, $2, 'admin')", [organizationId, created.data.user.id]);
  return sessionCookie(stack, email, PASSWORD);
}

beforeAll(async () => {
  harness = await startHarness(stack);
  const [authority] = await q<{ id: string }>(
    "insert into public.organizations (slug, kind, name_en, name_ko, is_fictional) values ($1, 'cluster_authority', $2, $3, true) returning id",
    [`pages-authority-${run}`, `Test Cluster Office ${run}`, `테스트 클러스터 사업단 ${run}`],
  );
  const [cluster] = await q<{ id: string }>(
    `insert into public.clusters (slug, name_en, name_ko, region, designation, designation_year, center_lat, center_lng, managing_organization_id,
       incentives, contact, boundary)
     values ($1, $2, $3, 'gyeongnam', 'designated', 2020, 35.2, 128.6, $4,
       '[{"kind": "tax", "title_en": "Original tax relief", "title_ko": "기존 세제 감면"}]', '{"email": "desk-${run}@example.test"}',
       '{"type": "Polygon", "coordinates": [[[128.5, 35.1], [128.7, 35.1], [128.7, 35.3], [128.5, 35.1]]]}')
     returning id`,
    [slug, `Test Defense Cluster ${run}`, `테스트 방산 클러스터 ${run}`, authority!.id],
  );
  clusterId = cluster!.id;
  authorityCookie = await newAuthorityUser("authority", authority!.id);
  const [changwon] = await q<{ managing_organization_id: string }>("select managing_organization_id from public.clusters where slug = 'changwon'");
  otherAuthorityCookie = await newAuthorityUser("other-authority", changwon!.managing_organization_id);
  contractorCookie = await sessionCookie(stack, "contractor@clustermatch.test", SEED_PASSWORD);
});

afterAll(async () => {
  await db.end();
});

const sameOrigin = () => ({ origin: new URL(harness.siteUrl).origin, headers: { Host: new URL(harness.siteUrl).host } });
const post = (pathname: string, cookie: string, fields: Array<[string, string]>, language: "en" | "ko" = "en") =>
  harness.call(pathname, { method: "POST", cookie, ...sameOrigin(), language, body: new URLSearchParams(fields), contentType: "application/x-www-form-urlencoded" });

const clusterForm = (overrides: Record<string, string> = {}): Array<[string, string]> =>
  Object.entries({
    intent: "save",
    name_en: `Test Defense Cluster ${run}`,
    name_ko: `테스트 방산 클러스터 ${run}`,
    description_en: "Edited through the page.",
    description_ko: "",
    focus_areas_en: "Land systems\nNaval",
    focus_areas_ko: "",
    website: "",
    "incentives.0.kind": "tax",
    "incentives.0.title_en": "Original tax relief",
    "incentives.0.title_ko": "기존 세제 감면",
    "incentives.1.kind": "hiring",
    "incentives.1.title_en": "Wage support",
    "incentives.1.description_en": "One year of wage support for local hires.",
    "stories.0.title_en": "",
    "contact.name_en": "Investment desk",
    "contact.email": `desk-${run}@example.test`,
    ...overrides,
  });

describe("public cluster pages", () => {
  it("lists clusters and shows a cluster's page to anonymous visitors, in Korean too", async () => {
    const list = await harness.call("/clusters");
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(`Test Defense Cluster ${run}`);
    const page = await harness.call(`/clusters/${slug}`, { language: "ko" });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`테스트 방산 클러스터 ${run}`);
    expect(html).toContain("기존 세제 감면");
    expect(html).toContain("2020년 지정");
    expect(html).not.toContain("클러스터 페이지 편집");
    expect((await harness.call("/clusters/no-such-cluster")).status).toBe(404);
    expect((await harness.call("/clusters/Bad%20Slug")).status).toBe(404);
  });
});

describe("editing a cluster page", () => {
  it("refuses everyone but the cluster's own authority (and the platform)", async () => {
    for (const cookie of [otherAuthorityCookie, contractorCookie]) {
      expect((await harness.call(`/clusters/${slug}/edit`, { cookie })).status).toBe(403);
      expect((await post(`/clusters/${slug}/edit`, cookie, clusterForm())).status).toBe(403);
    }
    const anonymous = await harness.call(`/clusters/${slug}/edit`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toContain("/sign-in");
  });

  it("answers invalid content with messages at each field, a 400 and no change", async () => {
    const before = await q("select name_en, incentives, updated_at from public.clusters where id = $1", [clusterId]);
    const response = await post(
      `/clusters/${slug}/edit`,
      authorityCookie,
      clusterForm({ name_en: " ", "incentives.1.title_en": "", website: "javascript:alert(1)", "contact.email": "desk", "stories.0.year": "next year", "stories.0.title_en": "Story" }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    for (const message of ["Enter the English name.", "Give this item a title in English or Korean", "Enter a web address starting with", "Enter a valid e-mail address", "Enter a year between 1950 and 2100."]) {
      expect(html).toContain(message);
    }
    expect(html).toContain("One year of wage support for local hires.");
    expect(await q("select name_en, incentives, updated_at from public.clusters where id = $1", [clusterId])).toEqual(before);
    expect((await harness.call(`/clusters/${slug}/edit`, { method: "POST", cookie: authorityCookie, ...sameOrigin(), json: {} })).status).toBe(400);
  });

  it("saves the whole page at once and shows it", async () => {
    const response = await post(`/clusters/${slug}/edit`, authorityCookie, clusterForm({ website: "https://cluster.example" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/clusters/${slug}?notice=saved`);
    const [row] = await q("select description_en, focus_areas_en, website, incentives, contact, designation_year from public.clusters where id = $1", [clusterId]);
    expect(row).toMatchObject({ description_en: "Edited through the page.", focus_areas_en: ["Land systems", "Naval"], website: "https://cluster.example", designation_year: 2020 });
    expect(row!.incentives).toEqual([
      { kind: "tax", title_en: "Original tax relief", title_ko: "기존 세제 감면" },
      { kind: "hiring", title_en: "Wage support", description_en: "One year of wage support for local hires." },
    ]);
    const page = await (await harness.call(`/clusters/${slug}?notice=saved`)).text();
    expect(page).toContain("The cluster page has been saved.");
    expect(page).toContain("Wage support");
  });

  it("never lets the authority change its designation", async () => {
    const response = await post(`/clusters/${slug}/edit`, authorityCookie, [...clusterForm(), ["designation", "candidate"], ["designation_year", ""]]);
    expect(response.status).toBe(302);
    const [row] = await q("select designation, designation_year from public.clusters where id = $1", [clusterId]);
    expect(row).toEqual({ designation: "designated", designation_year: 2020 });
  });
});

describe("land parcels", () => {
  let parcelId = "";
  const parcelForm = (overrides: Record<string, string> = {}): Array<[string, string]> =>
    Object.entries({
      intent: "save",
      name_en: `Block Z-${run}`,
      name_ko: "",
      area_m2: "31,500",
      price_per_m2: "380000",
      currency: "KRW",
      zoning: "general_industrial_complex",
      status: "available",
      available_from: "2031-03-01",
      lat: "35.21",
      lng: "128.62",
      ...overrides,
    });

  it("refuses a bad parcel with field messages and writes nothing", async () => {
    const count = async () => (await q("select count(*)::int as n from public.land_parcels where cluster_id = $1", [clusterId]))[0]!.n;
    const before = await count();
    const response = await post(`/clusters/${slug}/parcels/new`, authorityCookie, parcelForm({ name_en: "", area_m2: "0", lat: "51.5", zoning: "moon", available_from: "2031-02-30" }), "ko");
    expect(response.status).toBe(400);
    const html = await response.text();
    for (const message of ["필지 이름을 영문 또는 국문으로 입력하세요.", "0보다 큰 수를 입력하세요.", "38.7 이하를 입력하세요.", "용도지역을 선택하세요.", "날짜를 YYYY-MM-DD 형식으로 입력하세요."]) {
      expect(html).toContain(message);
    }
    expect((await post(`/clusters/${slug}/parcels/new`, otherAuthorityCookie, parcelForm())).status).toBe(403);
    expect(await count()).toBe(before);
  });

  it("adds, edits and deletes a parcel, and shows it on the cluster page", async () => {
    const added = await post(`/clusters/${slug}/parcels/new`, authorityCookie, parcelForm());
    expect(added.status).toBe(302);
    parcelId = /#parcel-([0-9a-f-]{36})$/.exec(added.headers.get("Location") ?? "")?.[1] ?? "";
    const [row] = await q("select name_en, name_ko, area_m2::float as area, status from public.land_parcels where id = $1", [parcelId]);
    expect(row).toEqual({ name_en: `Block Z-${run}`, name_ko: `Block Z-${run}`, area: 31500, status: "available" });

    const edited = await post(`/clusters/${slug}/parcels/${parcelId}`, authorityCookie, parcelForm({ status: "reserved", area_m2: "32000" }));
    expect(edited.status).toBe(302);
    expect((await q("select status, area_m2::float as area from public.land_parcels where id = $1", [parcelId]))[0]).toEqual({ status: "reserved", area: 32000 });
    const page = await (await harness.call(`/clusters/${slug}`)).text();
    expect(page).toContain(`Block Z-${run}`);
    expect(page).toContain("32,000 m²");

    expect((await harness.call(`/clusters/${slug}/parcels/${parcelId}`, { cookie: otherAuthorityCookie })).status).toBe(403);
    expect((await harness.call(`/clusters/${slug}/parcels/${randomUUID()}`, { cookie: authorityCookie })).status).toBe(404);
    const deleted = await post(`/clusters/${slug}/parcels/${parcelId}`, authorityCookie, [["intent", "delete"]]);
    expect(deleted.status).toBe(302);
    expect(await q("select id from public.land_parcels where id = $1", [parcelId])).toEqual([]);
  });
});

describe("analytics pages", () => {
  it("shows the authority its cluster's analytics with accessible charts and tables", async () => {
    const response = await harness.call("/analytics", { cookie: authorityCookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    const charts = html.match(/<svg[^>]*role="img"[^>]*>/g) ?? [];
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const chart of charts) expect(chart).toMatch(/aria-label="[^"]+"/);
    expect((html.match(/<title id=/g) ?? []).length).toBe(charts.length);
    expect((html.match(/<desc id=/g) ?? []).length).toBe(charts.length);
    expect(html).toContain(`/analytics/csv/gap?cluster=${slug}`);
    expect((await harness.call("/analytics?cluster=changwon", { cookie: authorityCookie })).status).toBe(403);
    expect((await harness.call("/analytics", { cookie: contractorCookie })).status).toBe(403);
  });

  it("exports each report as CSV in the reader's language, and refuses other scopes", async () => {
    const csv = await harness.call(`/analytics/csv/verification?cluster=${slug}`, { cookie: authorityCookie, language: "ko" });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("Content-Disposition")).toBe(`attachment; filename="clustermatch-verification-${slug}.csv"`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    // The byte-order mark that makes spreadsheet programs read UTF-8 (text() would strip it).
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1);
    expect(text.startsWith("대상,상태,건수,비율 (%)\r\n")).toBe(true);
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(10);
    expect((await harness.call("/analytics/csv/gap?cluster=changwon", { cookie: authorityCookie })).status).toBe(403);
    expect((await harness.call(`/analytics/csv/nothing?cluster=${slug}`, { cookie: authorityCookie })).status).toBe(404);
    const platform = await sessionCookie(stack, "platform@clustermatch.test", SEED_PASSWORD);
    const all = await harness.call("/analytics/csv/funnel?cluster=all", { cookie: platform });
    expect(all.status).toBe(200);
    expect((await all.text()).split("\r\n").filter(Boolean)).toHaveLength(13);
  });
});
