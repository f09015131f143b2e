/**
 * Hosting a contractor's division, through the real stack: the app's model functions driving
 * unmodified supabase-js against PostgREST behind the gateway, with row-level security deciding
 * what each party sees; then the pages' actions through the built server (mail, 4xx, no partial
 * writes). Users are created for this run through Auth's admin API and attached to the seeded
 * clusters' authorities and a fresh contractor; the superuser connection only builds fixtures and
 * reads results.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import ws from "ws";
import { sessionCookie, startHarness, type Harness } from "./api-harness.ts";
import { independentDensity } from "./supplier-density.ts";

const stack = inject("stack");
const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), "hosting-outbox-"));
Object.assign(process.env, { MAIL_OUTBOX_DIR: outboxDir });

const { declineInquiry, getInquiry, listContractorInquiries, listInbox, saveOffer, sendInquiry, setInquiryStatus, supplierDensity } = await import(
  "~/models/hosting.server"
);
const { hostingInquirySchema, hostingOfferSchema } = await import("~/hosting/schemas");
const { listMails } = await import("~/utils/outbox.server");

const run = randomUUID().slice(0, 8);
const PASSWORD = `Hosting-test-${run}!`;
const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 3 });
const q = async <T extends pg.QueryResultRow = Record<string, any>>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows;

const clientOptions = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }, realtime: { transport: ws as never } };
const admin = createClient(stack.supabaseUrl, stack.serviceRoleKey, clientOptions);
const anon = createClient(stack.supabaseUrl, stack.anonKey, clientOptions);

type Actor = { client: SupabaseClient; userId: string; email: string };

async function newUser(label: string, organizationId: string, role: "owner" | "admin" | "member"): Promise<Actor> {
  const email = `hosting-${label}-${run}@example.test`;
  const created = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true, user_metadata: { display_name: label } });
  if (created.error || !created.data.user) throw new Error(`create ${email}: ${created.error?.message}`);
  const userId = created.data.user.id;
  await q("insert into public.memberships (organization_id, user_id, role) values ($1, $2, $3)", [organizationId, userId, role]);
  const client = createClient(stack.supabaseUrl, stack.anonKey, clientOptions);
  const signedIn = await client.auth.signInWithPassword({ email, password: PASSWORD });
  if (signedIn.error) throw new Error(`sign in ${email}: ${signedIn.error.message}`);
  return { client, userId, email };
}

type Cluster = { id: string; slug: string; managing_organization_id: string; center_lat: number; center_lng: number };
const clusters = {} as Record<"changwon" | "daejeon" | "gumi", Cluster>;
let contractorOrg = "";
let contractor: Actor;
let contractorMember: Actor;
let authorityA: Actor; // Changwon
let authorityAMember: Actor;
let authorityB: Actor; // Daejeon
let authorityC: Actor; // Gumi: never asked
let sme: Actor;
const parcels = {} as Record<"changwon" | "daejeon", string>;
const PROCESSES = ["machining-5axis", "ndt-ut", "welding", "pcb-assembly"];

function inquiryInput(overrides: Record<string, unknown> = {}) {
  return hostingInquirySchema("2000-01-01").parse({
    organization_id: contractorOrg,
    title: `Rotorcraft MRO division ${run}`,
    land_area_m2: "20,000",
    workforce: "120",
    start_by: "2031-06-01",
    process_codes: PROCESSES,
    incentives_sought: ["tax", "land"],
    cluster_ids: [clusters.changwon.id, clusters.daejeon.id],
    contact_name: "Dana Whitfield",
    contact_email: `contact-${run}@example.test`,
    ...overrides,
  });
}

function offerInput(clusterId: string, overrides: Record<string, unknown> = {}) {
  return hostingOfferSchema.parse({
    cluster_id: clusterId,
    parcel_ids: [],
    incentives: [{ kind: "tax", description: "Local tax relief for five years" }],
    land_price_per_m2: "300000",
    subsidy_amount: "",
    currency: "KRW",
    contact_name: "Investment desk",
    contact_email: "desk@example.test",
    ...overrides,
  });
}

beforeAll(async () => {
  for (const row of await q<Cluster>("select id, slug, managing_organization_id, center_lat, center_lng from public.clusters where slug in ('changwon', 'daejeon', 'gumi')")) {
    clusters[row.slug as keyof typeof clusters] = row;
  }
  const [organization] = await q<{ id: string }>(
    "insert into public.organizations (slug, kind, name_en, name_ko, country, is_fictional) values ($1, 'contractor', $2, $3, 'US', true) returning id",
    [`hosting-prime-${run}`, `Hosting Test Prime ${run}`, `호스팅 테스트 ${run}`],
  );
  contractorOrg = organization!.id;
  contractor = await newUser("contractor", contractorOrg, "owner");
  contractorMember = await newUser("contractor-member", contractorOrg, "member");
  authorityA = await newUser("changwon", clusters.changwon.managing_organization_id, "admin");
  authorityAMember = await newUser("changwon-member", clusters.changwon.managing_organization_id, "member");
  authorityB = await newUser("daejeon", clusters.daejeon.managing_organization_id, "admin");
  authorityC = await newUser("gumi", clusters.gumi.managing_organization_id, "admin");
  const [smeOrg] = await q<{ organization_id: string }>("select organization_id from public.sme_profiles where published order by organization_id limit 1");
  sme = await newUser("sme", smeOrg!.organization_id, "admin");
  for (const slug of ["changwon", "daejeon"] as const) {
    const [parcel] = await q<{ id: string }>(
      `insert into public.land_parcels (cluster_id, name_en, name_ko, area_m2, price_per_m2, zoning, status, lat, lng)
       values ($1, $2, $2, 24000, 410000, 'general_industrial_complex', 'available', $3, $4) returning id`,
      [clusters[slug].id, `Hosting test block ${run}`, clusters[slug].center_lat, clusters[slug].center_lng],
    );
    parcels[slug] = parcel!.id;
  }
});

afterAll(async () => {
  await db.end();
  fs.rmSync(outboxDir, { recursive: true, force: true });
});

describe("hosting inquiry → offers → comparison", () => {
  let inquiryId = "";

  it("sends one inquiry to two clusters in one transaction and tells each authority", async () => {
    const sent = await sendInquiry(contractor.client, { input: inquiryInput() });
    expect(sent.ok).toBe(true);
    inquiryId = sent.ok ? sent.value : "";
    const recipients = await q("select cluster_id, status from public.hosting_inquiry_clusters where inquiry_id = $1 order by cluster_id", [inquiryId]);
    expect(recipients.map((row) => row.status)).toEqual(["pending", "pending"]);
    expect(new Set(recipients.map((row) => row.cluster_id))).toEqual(new Set([clusters.changwon.id, clusters.daejeon.id]));
    const notices = await q(
      "select user_id, kind, link_path, payload, mail_pending from public.notifications where kind = 'hosting.inquiry_received' and payload ->> 'inquiry_id' = $1",
      [inquiryId],
    );
    const told = new Set(notices.map((row) => row.user_id));
    expect(told.has(authorityA.userId)).toBe(true);
    expect(told.has(authorityAMember.userId)).toBe(true);
    expect(told.has(authorityB.userId)).toBe(true);
    expect(told.has(authorityC.userId)).toBe(false);
    expect(told.has(contractor.userId)).toBe(false);
    expect(notices[0]?.link_path).toBe(`/hosting/inbox/${inquiryId}`);
    expect(notices[0]?.payload.need_title_en).toBe(`Rotorcraft MRO division ${run}`);
  });

  it("refuses senders who are not the contractor's admins, and writes nothing for them", async () => {
    const before = await q("select count(*)::int as n from public.hosting_inquiries");
    for (const actor of [contractorMember, sme, authorityA]) {
      const result = await sendInquiry(actor.client, { input: inquiryInput() });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe("forbidden");
    }
    // An unknown cluster fails the whole call: the inquiry itself is rolled back too.
    const unknown = await sendInquiry(contractor.client, { input: inquiryInput({ cluster_ids: [clusters.changwon.id, randomUUID()] }) });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.code).toBe("invalid");
    const after = await q("select count(*)::int as n from public.hosting_inquiries");
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("shows the inquiry only to the contractor and the clusters it went to", async () => {
    const forContractor = await getInquiry(contractor.client, { id: inquiryId });
    expect(forContractor?.recipients).toHaveLength(2);
    expect((await getInquiry(contractorMember.client, { id: inquiryId }))?.recipients).toHaveLength(2);

    const forA = await getInquiry(authorityA.client, { id: inquiryId });
    expect(forA?.inquiry.title).toBe(`Rotorcraft MRO division ${run}`);
    // An authority sees its own cluster's row, not which other clusters compete.
    expect(forA?.recipients.map((row) => row.cluster_id)).toEqual([clusters.changwon.id]);
    expect((await listInbox(authorityA.client, { clusterIds: [clusters.changwon.id] })).some((item) => item.inquiry.id === inquiryId)).toBe(true);

    for (const outsider of [authorityC, sme]) {
      expect(await getInquiry(outsider.client, { id: inquiryId })).toBeNull();
      const { data } = await outsider.client.from("hosting_inquiry_clusters").select("inquiry_id").eq("inquiry_id", inquiryId);
      expect(data).toEqual([]);
    }
    expect((await listInbox(authorityC.client, { clusterIds: [clusters.gumi.id] })).some((item) => item.inquiry.id === inquiryId)).toBe(false);
    const anonymous = await anon.from("hosting_inquiries").select("id").eq("id", inquiryId);
    expect(anonymous.data ?? []).toEqual([]);
  });

  it("lets each authority answer only for its own cluster", async () => {
    // Authority C was not asked: no recipient row, so no offer (the policy or the foreign key refuses).
    const uninvited = await saveOffer(authorityC.client, { inquiryId, input: offerInput(clusters.gumi.id) });
    expect(uninvited.ok).toBe(false);
    // Authority A cannot answer in Daejeon's name, nor offer Daejeon's land.
    const impostor = await saveOffer(authorityA.client, { inquiryId, input: offerInput(clusters.daejeon.id) });
    expect(impostor).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const foreignLand = await saveOffer(authorityA.client, { inquiryId, input: offerInput(clusters.changwon.id, { parcel_ids: [parcels.daejeon] }) });
    expect(foreignLand.ok).toBe(false);
    // A plain member of the authority reads but does not answer.
    const member = await saveOffer(authorityAMember.client, { inquiryId, input: offerInput(clusters.changwon.id) });
    expect(member.ok).toBe(false);
    const offers = await q("select count(*)::int as n from public.hosting_offers where inquiry_id = $1", [inquiryId]);
    expect(offers[0]!.n).toBe(0);
  });

  it("records both offers, marks the clusters as answered and notifies the contractor", async () => {
    const a = await saveOffer(authorityA.client, { inquiryId, input: offerInput(clusters.changwon.id, { parcel_ids: [parcels.changwon], subsidy_amount: "7000000000" }) });
    expect(a).toMatchObject({ ok: true, value: { revised: false } });
    const b = await saveOffer(authorityB.client, {
      inquiryId,
      input: offerInput(clusters.daejeon.id, { parcel_ids: [parcels.daejeon], incentives: [{ kind: "land", description: "10% below list price" }] }),
    });
    expect(b).toMatchObject({ ok: true, value: { revised: false } });
    const revised = await saveOffer(authorityA.client, { inquiryId, input: offerInput(clusters.changwon.id, { parcel_ids: [parcels.changwon], land_price_per_m2: "280000" }) });
    expect(revised).toMatchObject({ ok: true, value: { revised: true } });

    const recipients = await q("select status, responded_by from public.hosting_inquiry_clusters where inquiry_id = $1", [inquiryId]);
    expect(recipients.every((row) => row.status === "offered" && row.responded_by)).toBe(true);
    const notices = await q(
      "select user_id, kind from public.notifications where payload ->> 'inquiry_id' = $1 and kind like 'hosting.offer%' order by created_at",
      [inquiryId],
    );
    const forContractor = notices.filter((row) => row.user_id === contractor.userId).map((row) => row.kind);
    expect(forContractor.sort()).toEqual(["hosting.offer_received", "hosting.offer_received", "hosting.offer_updated"]);
    expect(notices.some((row) => row.user_id === authorityA.userId)).toBe(false);
  });

  it("keeps one authority's offer away from the other authority", async () => {
    const forA = await getInquiry(authorityA.client, { id: inquiryId });
    expect(forA?.offers.map((offer) => offer.cluster_id)).toEqual([clusters.changwon.id]);
    const direct = await authorityA.client.from("hosting_offers").select("id").eq("cluster_id", clusters.daejeon.id);
    expect(direct.data).toEqual([]);
    const forB = await getInquiry(authorityB.client, { id: inquiryId });
    expect(forB?.offers.map((offer) => offer.cluster_id)).toEqual([clusters.daejeon.id]);
    const bySme = await sme.client.from("hosting_offers").select("id");
    expect(bySme.data).toEqual([]);
  });

  it("gives the contractor both offers side by side with supplier density per needed process", async () => {
    const detail = await getInquiry(contractor.client, { id: inquiryId });
    expect(detail?.offers).toHaveLength(2);
    const changwonOffer = detail!.offers.find((offer) => offer.cluster_id === clusters.changwon.id)!;
    expect(changwonOffer.land_price_per_m2).toBe(280000);
    expect(changwonOffer.subsidy_amount).toBeNull();
    expect(detail!.parcels.get(parcels.changwon)?.area_m2).toBe(24000);
    expect(detail!.parcels.get(parcels.daejeon)?.cluster_id).toBe(clusters.daejeon.id);

    const rows = await supplierDensity(contractor.client, { clusterIds: [clusters.changwon.id, clusters.daejeon.id], processCodes: PROCESSES, km: 40 });
    expect(rows).toHaveLength(2 * PROCESSES.length);
    for (const row of rows) expect(row.supplier_count).toBeGreaterThanOrEqual(0);
    expect(rows.some((row) => row.supplier_count > 0)).toBe(true);

    const listed = await listContractorInquiries(contractor.client, { organizationIds: [contractorOrg] });
    expect(listed.find((item) => item.id === inquiryId)?.recipients.map((r) => r.status)).toEqual(["offered", "offered"]);
  });

  it("counts supplier density exactly as an independent computation over the same data", async () => {
    const client = await db.connect();
    try {
      await client.query("begin isolation level repeatable read");
      const expected = await independentDensity(client, [clusters.changwon, clusters.daejeon], PROCESSES, 40);
      await client.query("set local role authenticated");
      await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: contractor.userId, role: "authenticated" })]);
      const actual = (
        await client.query<{ cluster_id: string; process_code: string; supplier_count: number }>(
          "select cluster_id, process_code, supplier_count from public.hosting_supplier_density($1::uuid[], $2::text[], 40)",
          [[clusters.changwon.id, clusters.daejeon.id], PROCESSES],
        )
      ).rows;
      await client.query("rollback");
      const asMap = (list: Array<{ cluster_id: string; process_code: string; supplier_count: number }>) =>
        Object.fromEntries(list.map((row) => [`${row.cluster_id}/${row.process_code}`, row.supplier_count]));
      expect(asMap(actual)).toEqual(expected);
    } finally {
      client.release();
    }
  });

  it("refuses a density distance outside 1–500 km", async () => {
    await expect(supplierDensity(contractor.client, { clusterIds: [clusters.changwon.id], processCodes: PROCESSES, km: 0 })).rejects.toThrow();
    await expect(supplierDensity(contractor.client, { clusterIds: [clusters.changwon.id], processCodes: PROCESSES, km: 501 })).rejects.toThrow();
  });

  it("freezes what was asked, and freezes the answers once the contractor closes the inquiry", async () => {
    const edit = await contractor.client.from("hosting_inquiries").update({ land_area_m2: 1 }).eq("id", inquiryId).select("id");
    expect(edit.error?.code).toBe("42501");
    const removal = await contractor.client.from("hosting_inquiries").delete().eq("id", inquiryId).select("id");
    expect(removal.data ?? []).toEqual([]);
    expect(await setInquiryStatus(contractorMember.client, { id: inquiryId, status: "closed" })).toMatchObject({ ok: false });
    expect(await setInquiryStatus(contractor.client, { id: inquiryId, status: "closed" })).toEqual({ ok: true, value: null });
    const closedAt = await q("select status, closed_at from public.hosting_inquiries where id = $1", [inquiryId]);
    expect(closedAt[0]).toMatchObject({ status: "closed" });
    expect(closedAt[0]!.closed_at).not.toBeNull();
    const late = await saveOffer(authorityB.client, { inquiryId, input: offerInput(clusters.daejeon.id, { land_price_per_m2: "1" }) });
    expect(late).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await setInquiryStatus(contractor.client, { id: inquiryId, status: "open" })).toEqual({ ok: true, value: null });
  });
});

describe("declining an inquiry", () => {
  let inquiryId = "";

  beforeAll(async () => {
    const sent = await sendInquiry(contractor.client, { input: inquiryInput({ title: `Decline test ${run}`, cluster_ids: [clusters.changwon.id] }) });
    if (!sent.ok) throw new Error("could not send the inquiry");
    inquiryId = sent.value;
  });

  it("records the reason, tells the contractor, and does not let the authority fake an offer", async () => {
    expect(await declineInquiry(authorityB.client, { inquiryId, clusterId: clusters.changwon.id, reason: "Not mine" })).toMatchObject({ ok: false });
    expect(await declineInquiry(authorityA.client, { inquiryId, clusterId: clusters.changwon.id, reason: "No land left this year." })).toEqual({ ok: true, value: null });
    const detail = await getInquiry(contractor.client, { id: inquiryId });
    expect(detail?.recipients[0]).toMatchObject({ status: "declined", decline_reason: "No land left this year." });
    const notice = await q("select payload from public.notifications where user_id = $1 and kind = 'hosting.inquiry_declined' and payload ->> 'inquiry_id' = $2", [contractor.userId, inquiryId]);
    expect(notice[0]?.payload.message).toBe("No land left this year.");
    const faked = await authorityA.client.from("hosting_inquiry_clusters").update({ status: "offered" }).eq("inquiry_id", inquiryId).select("inquiry_id");
    expect(faked.error?.code).toBe("42501");
    const moved = await authorityA.client.from("hosting_inquiry_clusters").update({ cluster_id: clusters.gumi.id }).eq("inquiry_id", inquiryId).select("inquiry_id");
    expect(moved.error).not.toBeNull();
    const contractorAnswers = await contractor.client.from("hosting_inquiry_clusters").update({ decline_reason: "forged" }).eq("inquiry_id", inquiryId).select("inquiry_id");
    expect(contractorAnswers.data ?? []).toEqual([]);
  });
});

describe("hosting pages (built server)", () => {
  let harness: Harness;
  let contractorCookie = "";
  let authorityCookie = "";
  const mailsTo = async (to: string) => (await listMails(outboxDir)).filter((mail) => mail.to === to);

  beforeAll(async () => {
    harness = await startHarness(stack, { MAIL_OUTBOX_DIR: outboxDir });
    contractorCookie = await sessionCookie(stack, contractor.email, PASSWORD);
    authorityCookie = await sessionCookie(stack, authorityB.email, PASSWORD);
  });

  // A same-origin form post, as a browser sends it (Remix compares Origin with Host).
  const sameOrigin = () => ({ origin: new URL(harness.siteUrl).origin, headers: { Host: new URL(harness.siteUrl).host } });

  function post(pathname: string, cookie: string, fields: Array<[string, string]>, language: "en" | "ko" = "en") {
    return harness.call(pathname, {
      method: "POST",
      cookie,
      ...sameOrigin(),
      language,
      body: new URLSearchParams(fields),
      contentType: "application/x-www-form-urlencoded",
    });
  }

  const validForm = (title: string): Array<[string, string]> => [
    ["organization_id", contractorOrg],
    ["title", title],
    ["land_area_m2", "15,000"],
    ["workforce", "80"],
    ["start_by", "2031-01-15"],
    ["process_codes", "pcb-assembly"],
    ["process_codes", "ndt-ut"],
    ["incentives_sought", "subsidy"],
    ["cluster_ids", clusters.changwon.id],
    ["cluster_ids", clusters.daejeon.id],
    ["contact_name", "Dana"],
    ["contact_email", `page-contact-${run}@example.test`],
  ];

  it("answers bad input with field messages in the user's language, a 400 and no write", async () => {
    const count = async () => (await q("select count(*)::int as n from public.hosting_inquiries where contractor_organization_id = $1", [contractorOrg]))[0]!.n;
    const before = await count();
    const fields = validForm(`Page test ${run}`).filter(([name]) => !["cluster_ids", "title", "land_area_m2"].includes(name));
    fields.push(["land_area_m2", "lots"]);
    const response = await post("/hosting/new", contractorCookie, fields, "ko");
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("프로젝트 이름을 입력하세요.");
    expect(html).toContain("클러스터를 하나 이상 선택하세요.");
    expect(html).toContain("숫자를 입력하세요.");
    expect(html).toContain('value="80"');
    const unknownProcess = await post("/hosting/new", contractorCookie, [...validForm(`Page test ${run}`), ["process_codes", "no-such-process"]]);
    expect(unknownProcess.status).toBe(400);
    expect(await unknownProcess.text()).toContain("One of the chosen processes is not in the list.");
    const notAForm = await harness.call("/hosting/new", { method: "POST", cookie: contractorCookie, ...sameOrigin(), json: { title: "x" } });
    expect(notAForm.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it("sends an inquiry from the form and mails each cluster's published contact address", async () => {
    const response = await post("/hosting/new", contractorCookie, validForm(`Page inquiry ${run}`));
    expect(response.status).toBe(302);
    const location = response.headers.get("Location") ?? "";
    const match = /\/hosting\/([0-9a-f-]{36})\/compare\?notice=sent$/.exec(location);
    expect(match).not.toBeNull();
    const inquiryId = match![1]!;
    const contacts = await q<{ slug: string; email: string }>("select slug, contact ->> 'email' as email from public.clusters where id = any($1::uuid[])", [
      [clusters.changwon.id, clusters.daejeon.id],
    ]);
    for (const contact of contacts) {
      const mails = (await mailsTo(contact.email)).filter((mail) => mail.text.includes(`/hosting/inbox/${inquiryId}`));
      expect(mails, contact.slug).toHaveLength(1);
      expect(mails[0]!.subject).toContain(`Page inquiry ${run}`);
    }

    const page = await harness.call(`/hosting/${inquiryId}/compare?km=25`, { cookie: contractorCookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("supplier counts within 25 km");
    expect(await (await harness.call(`/hosting/${inquiryId}/compare`, { cookie: await sessionCookie(stack, sme.email, PASSWORD) })).status).toBe(404);

    const offer = await post(`/hosting/inbox/${inquiryId}`, authorityCookie, [
      ["intent", "offer"],
      ["cluster_id", clusters.daejeon.id],
      ["parcel_ids", parcels.daejeon],
      ["incentives.0.kind", "subsidy"],
      ["incentives.0.description", "KRW 3 billion facility subsidy"],
      ["land_price_per_m2", "310000"],
      ["currency", "KRW"],
      ["contact_name", "Daejeon desk"],
      ["contact_email", "daejeon-desk@example.test"],
    ]);
    expect(offer.status).toBe(302);
    expect(offer.headers.get("Location")).toBe(`/hosting/inbox/${inquiryId}?notice=offer_sent`);
    const offerMails = (await mailsTo(`page-contact-${run}@example.test`)).filter((mail) => mail.text.includes(`/hosting/${inquiryId}/compare`));
    expect(offerMails).toHaveLength(1);

    const refused = await post(`/hosting/inbox/${inquiryId}`, authorityCookie, [
      ["intent", "offer"],
      ["cluster_id", clusters.changwon.id],
      ["incentives.0.kind", "tax"],
      ["incentives.0.description", "hijack"],
      ["currency", "KRW"],
      ["contact_name", "x"],
      ["contact_email", "x@example.test"],
    ]);
    expect(refused.status).toBe(403);
    const offers = await q("select cluster_id from public.hosting_offers where inquiry_id = $1", [inquiryId]);
    expect(offers.map((row) => row.cluster_id)).toEqual([clusters.daejeon.id]);
  });
});
