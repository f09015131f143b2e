/**
 * The needs workflow through the real stack: the app's model functions driving unmodified
 * supabase-js against PostgREST, Storage and Auth behind the gateway, with row-level security
 * deciding what each user sees. Seed users and data come from supabase/seed.sql; fresh SMEs sign
 * up through Auth like real ones. The superuser connection only reads results and builds
 * fixtures for the state-machine checks.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import ws from "ws";

const stack = inject("stack");
const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), "needs-outbox-"));
// The mailer reads the app's environment; point it at this stack and a private outbox.
Object.assign(process.env, {
  SITE_URL: "http://localhost:3100",
  SUPABASE_URL: stack.supabaseUrl,
  SUPABASE_ANON_KEY: stack.anonKey,
  SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey,
  MEILI_URL: stack.meiliUrl,
  MEILI_MASTER_KEY: stack.meiliMasterKey,
  MAIL_OUTBOX_DIR: outboxDir,
});

const { matchNeed, resolveMatchTerms } = await import("~/matching/candidates.server");
const { uploadAll } = await import("~/models/attachments.server");
const { decideEoi, getEoi, listEoisForNeed, postMessage, saveEoi, withdrawEoi } = await import("~/models/eois.server");
const { createNeed, getNeed, inviteSmes, listNeeds, setNeedAttachments, transitionNeed, addToShortlist, listShortlist } = await import("~/models/needs.server");
const { countUnread, listNotifications, markRead } = await import("~/models/notifications.server");
const { deliverPendingMail } = await import("~/notifications/mailer.server");
const { renderNotification } = await import("~/notifications/render");
const { needInputSchema } = await import("~/needs/schema");
const { canChangeNeed, canDecide, canWithdraw, isAwaitingDecision } = await import("~/needs/transitions");
const { EOI_STATUSES, NEED_STATUSES, toMatchableNeed } = await import("~/needs/types");
const { listMails } = await import("~/utils/outbox.server");

const SEED_PASSWORD = "ClusterMatch!2026";
const PASSWORD = `Needs-test-${randomUUID().slice(0, 8)}!`;
const run = randomUUID().slice(0, 8);
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 3 });
const q = async <T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows;

function newClient(): SupabaseClient {
  return createClient(stack.supabaseUrl, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
  });
}
const admin = createClient(stack.supabaseUrl, stack.serviceRoleKey, {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  realtime: { transport: ws as never },
});
const anon = newClient();

type Actor = { client: SupabaseClient; userId: string; email: string; orgId: string };

async function signIn(email: string, password: string): Promise<Actor> {
  const client = newClient();
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  if (error || !data.user) throw new Error(`sign-in ${email}: ${error?.message}`);
  const [membership] = await q<{ organization_id: string }>(
    "select organization_id from public.memberships where user_id = $1 order by created_at limit 1",
    [data.user.id],
  );
  return { client, userId: data.user.id, email, orgId: membership!.organization_id };
}

async function newSme(label: string): Promise<Actor> {
  const email = `${label}-${run}@example.test`;
  const created = await admin.auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
    user_metadata: { account_type: "sme", display_name: `${label} ${run}`, locale: "en" },
  });
  if (created.error) throw new Error(created.error.message);
  return signIn(email, PASSWORD);
}

function needInput(overrides: Record<string, unknown> = {}) {
  return needInputSchema.parse({
    kind: "localization",
    title_en: `Titanium bracket machining ${run}`,
    title_ko: `티타늄 브래킷 가공 ${run}`,
    description_en: "Five-axis machined titanium brackets with first-article inspection.",
    required_process_codes: ["machining-5axis"],
    required_certification_codes: ["as9100d"],
    location_lat: 35.09,
    location_lng: 128.08,
    location_name: "Sacheon",
    radius_km: 100,
    visibility: "invited",
    ...overrides,
  });
}

async function notificationsOf(userId: string, needId: string) {
  return q<{ kind: string; payload: Record<string, unknown>; mail_pending: boolean; link_path: string }>(
    "select kind, payload, mail_pending, link_path from public.notifications where user_id = $1 and payload->>'need_id' = $2 order by created_at, id",
    [userId, needId],
  );
}

function expectRefusal(result: { ok: boolean; error?: { code: string; messageKey: string } }, code: string, messageKey?: string) {
  expect(result.ok).toBe(false);
  if (result.ok || !result.error) return;
  expect(result.error.code).toBe(code);
  if (messageKey) expect(result.error.messageKey).toBe(messageKey);
}

let contractor: Actor;
let seedSme: Actor;
let smeA: Actor;
let smeB: Actor;

beforeAll(async () => {
  contractor = await signIn("contractor@clustermatch.test", SEED_PASSWORD);
  seedSme = await signIn("sme@clustermatch.test", SEED_PASSWORD);
  smeA = await newSme("sme-a");
  smeB = await newSme("sme-b");
});

afterAll(async () => {
  await db.end();
  fs.rmSync(outboxDir, { recursive: true, force: true });
});

describe("invited-only and export-controlled needs", () => {
  let invitedNeedId: string;
  let controlledNeedId: string;
  let attachmentPath: string;

  beforeAll(async () => {
    const created = await createNeed(contractor.client, { organizationId: contractor.orgId, input: needInput(), status: "open" });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    invitedNeedId = created.id;
    const stored = await uploadAll(contractor.client, "need-attachments", `${contractor.orgId}/${invitedNeedId}`, [
      { name: "drawing.pdf", bytes: PDF, type: { kind: "pdf", mime: "application/pdf", extension: "pdf" } },
    ]);
    if (!stored.ok) throw new Error("upload failed");
    attachmentPath = stored.paths[0]!;
    expect((await setNeedAttachments(contractor.client, { id: invitedNeedId, paths: stored.paths })).ok).toBe(true);

    const controlled = await createNeed(contractor.client, {
      organizationId: contractor.orgId,
      input: needInput({ title_en: `Controlled harness ${run}`, visibility: "public", export_controlled: true }),
      status: "open",
    });
    if (!controlled.ok) throw new Error(JSON.stringify(controlled.error));
    controlledNeedId = controlled.id;
  });

  it("hides an invited-only need and its files from SMEs that were not invited", async () => {
    expect(await getNeed(smeA.client, { id: invitedNeedId })).toBeNull();
    expect(await getNeed(anon, { id: invitedNeedId })).toBeNull();
    expect((await listNeeds(smeA.client, { q: run, statuses: ["open"] })).needs.map((need) => need.id)).not.toContain(invitedNeedId);
    const download = await smeA.client.storage.from("need-attachments").download(attachmentPath);
    expect(download.data).toBeNull();
    expect((await getNeed(contractor.client, { id: invitedNeedId }))?.id).toBe(invitedNeedId);
  });

  it("hides an export-controlled need even when its visibility is public", async () => {
    expect(await getNeed(anon, { id: controlledNeedId })).toBeNull();
    expect(await getNeed(smeB.client, { id: controlledNeedId })).toBeNull();
    expect(await getNeed(seedSme.client, { id: controlledNeedId })).toBeNull();
    expect((await getNeed(contractor.client, { id: controlledNeedId }))?.export_controlled).toBe(true);
  });

  it("shows the need and its files to an SME once invited, and to nobody else", async () => {
    const invited = await inviteSmes(contractor.client, { needId: invitedNeedId, smeOrganizationIds: [smeA.orgId], message: "Please respond" });
    expect(invited).toEqual({ ok: true, created: 1 });
    expect((await getNeed(smeA.client, { id: invitedNeedId }))?.title_en).toBe(`Titanium bracket machining ${run}`);
    expect((await listNeeds(smeA.client, { q: run })).needs.map((need) => need.id)).toContain(invitedNeedId);
    const download = await smeA.client.storage.from("need-attachments").download(attachmentPath);
    expect(download.error).toBeNull();
    expect(new Uint8Array(await download.data!.arrayBuffer())).toEqual(PDF);
    expect(await getNeed(smeB.client, { id: invitedNeedId })).toBeNull();

    const [notice] = await notificationsOf(smeA.userId, invitedNeedId);
    expect(notice).toMatchObject({ kind: "need.invited", mail_pending: true, link_path: `/needs/${invitedNeedId}` });
    expect(notice!.payload.message).toBe("Please respond");
  });

  it("refuses invitations from anyone but the need's admins, and of organizations that are not SMEs", async () => {
    expectRefusal(await inviteSmes(smeA.client, { needId: invitedNeedId, smeOrganizationIds: [smeB.orgId] }), "forbidden");
    expectRefusal(await inviteSmes(contractor.client, { needId: invitedNeedId, smeOrganizationIds: [contractor.orgId] }), "invalid", "needs.error.not_an_sme");
    expect(await getNeed(smeB.client, { id: invitedNeedId })).toBeNull();
  });
});

describe("expressions of interest", () => {
  let needId: string;
  let certificationId: string;
  let certificatePath: string;
  let eoiA: string;
  let eoiB: string;

  beforeAll(async () => {
    const created = await createNeed(contractor.client, {
      organizationId: contractor.orgId,
      input: needInput({ title_en: `EOI lifecycle ${run}`, export_controlled: true }),
      status: "open",
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    needId = created.id;
    expect((await inviteSmes(contractor.client, { needId, smeOrganizationIds: [smeA.orgId, smeB.orgId] })).ok).toBe(true);

    // SME A records its AS9100D certificate with the document, as the profile editor does.
    const inserted = await smeA.client
      .from("sme_certifications")
      .insert({ organization_id: smeA.orgId, certification_type_code: "as9100d", certificate_number: `AS-${run}`, expires_on: "2030-01-01" })
      .select("id")
      .single();
    if (inserted.error) throw new Error(inserted.error.message);
    certificationId = inserted.data.id;
    certificatePath = `${smeA.orgId}/${certificationId}/as9100d.pdf`;
    const upload = await smeA.client.storage.from("certificates").upload(certificatePath, PDF, { contentType: "application/pdf" });
    if (upload.error) throw new Error(upload.error.message);
    const linked = await smeA.client.from("sme_certifications").update({ document_path: certificatePath }).eq("id", certificationId);
    if (linked.error) throw new Error(linked.error.message);
  });

  it("submits an EOI with a shared certificate and an attachment, in one go", async () => {
    const saved = await saveEoi(smeA.client, {
      needId,
      smeOrganizationId: smeA.orgId,
      input: { scope: "full", scope_note: "", message: "We machine Ti-6Al-4V on five-axis centres.", certification_ids: [certificationId], submit: true },
      uploads: [{ name: "capability.pdf", bytes: PDF, type: { kind: "pdf", mime: "application/pdf", extension: "pdf" } }],
    });
    if (!saved.ok) throw new Error(JSON.stringify(saved.error));
    eoiA = saved.id;
    const own = await getEoi(smeA.client, { id: eoiA });
    expect(own).toMatchObject({ status: "submitted", scope: "full" });
    expect(own!.attachment_paths).toHaveLength(1);
    expect(own!.shared_certifications.map((c) => c.id)).toEqual([certificationId]);
  });

  it("lets the contractor read the EOI, its attachment and the shared certificate file", async () => {
    const seen = await getEoi(contractor.client, { id: eoiA });
    expect(seen?.sme?.id).toBe(smeA.orgId);
    expect(seen!.shared_certifications[0]!.document_path).toBe(certificatePath);
    const certificate = await contractor.client.storage.from("certificates").download(certificatePath);
    expect(certificate.error).toBeNull();
    const attachment = await contractor.client.storage.from("eoi-attachments").download(seen!.attachment_paths[0]!);
    expect(attachment.error).toBeNull();
    expect((await listEoisForNeed(contractor.client, { needId })).map((eoi) => eoi.id)).toContain(eoiA);
  });

  it("keeps an SME's EOI and certificate files from other SMEs", async () => {
    expect(await getEoi(smeB.client, { id: eoiA })).toBeNull();
    expect((await smeB.client.storage.from("certificates").download(certificatePath)).data).toBeNull();
    const visible = await smeB.client.from("eois").select("id").eq("id", eoiA);
    expect(visible.data).toEqual([]);
  });

  it("validates partial scope and refuses SMEs that cannot see the need", async () => {
    expectRefusal(
      await saveEoi(smeB.client, { needId, smeOrganizationId: smeB.orgId, input: { scope: "partial", scope_note: "", message: "x", certification_ids: [], submit: true } }),
      "invalid",
      "eois.error.scope_note_required",
    );
    expectRefusal(
      await saveEoi(smeB.client, { needId, smeOrganizationId: smeB.orgId, input: { scope: "full", scope_note: "", message: "x", certification_ids: [certificationId], submit: true } }),
      "invalid",
      "eois.error.certification_not_yours",
    );
    expect(await q("select 1 from public.eois where need_id = $1 and sme_organization_id = $2", [needId, smeB.orgId])).toEqual([]);
    // The seed SME was not invited to this export-controlled need.
    expectRefusal(
      await saveEoi(seedSme.client, { needId, smeOrganizationId: seedSme.orgId, input: { scope: "full", scope_note: "", message: "x", certification_ids: [], submit: true } }),
      "not_found",
    );
  });

  it("declines with a reason from the fixed list that the SME then sees, with the comment", async () => {
    const saved = await saveEoi(smeB.client, {
      needId,
      smeOrganizationId: smeB.orgId,
      input: { scope: "partial", scope_note: "Machining only, no NDT", message: "Partial offer", certification_ids: [], submit: true },
    });
    if (!saved.ok) throw new Error(JSON.stringify(saved.error));
    eoiB = saved.id;

    expectRefusal(await decideEoi(contractor.client, { id: eoiB, decision: "declined", reason: null }), "invalid", "eois.error.reason_required");
    expectRefusal(await decideEoi(smeB.client, { id: eoiB, decision: "declined", reason: "price" }), "forbidden");
    expect(await decideEoi(contractor.client, { id: eoiB, decision: "declined", reason: "price", comment: "Above our budget for this package." })).toEqual({ ok: true });

    const seen = await getEoi(smeB.client, { id: eoiB });
    expect(seen).toMatchObject({ status: "declined", decision_reason: "price", decision_comment: "Above our budget for this package." });
    expectRefusal(await withdrawEoi(smeB.client, { id: eoiB }), "invalid", "eois.error.not_withdrawable");
    expectRefusal(await decideEoi(contractor.client, { id: eoiB, decision: "awarded" }), "conflict", "eois.error.already_decided");
  });

  it("keeps one message thread per EOI between the two parties", async () => {
    expect((await postMessage(contractor.client, { eoiId: eoiA, body: "Could you share your first-article plan?" })).ok).toBe(true);
    expect((await postMessage(smeA.client, { eoiId: eoiA, body: "초도품 검사 계획을 첨부합니다." })).ok).toBe(true);
    expectRefusal(await postMessage(smeB.client, { eoiId: eoiA, body: "hello" }), "not_found");
    expectRefusal(await postMessage(smeA.client, { eoiId: eoiA, body: "   " }), "invalid", "eois.error.message_length");
    const seen = await getEoi(smeA.client, { id: eoiA });
    expect(seen!.messages.map((message) => message.body)).toEqual(["Could you share your first-article plan?", "초도품 검사 계획을 첨부합니다."]);
    expect(await q("select count(*)::int as n from public.message_threads where eoi_id = $1", [eoiA])).toEqual([{ n: 1 }]);
  });

  it("awards the EOI, which awards the need", async () => {
    expectRefusal(await decideEoi(smeA.client, { id: eoiA, decision: "awarded" }), "forbidden");
    expect(await decideEoi(contractor.client, { id: eoiA, decision: "awarded", comment: "Welcome aboard" })).toEqual({ ok: true });
    expect((await getEoi(smeA.client, { id: eoiA }))?.status).toBe("awarded");
    expect((await getNeed(contractor.client, { id: needId }))?.status).toBe("awarded");
    expectRefusal(await withdrawEoi(smeA.client, { id: eoiA }), "invalid", "eois.error.not_withdrawable");
  });

  it("notified the right people of every change, in the database and by mail", async () => {
    expect((await notificationsOf(smeA.userId, needId)).map((n) => n.kind)).toEqual(["need.invited", "message.received", "eoi.awarded"]);
    expect((await notificationsOf(smeB.userId, needId)).map((n) => n.kind)).toEqual(["need.invited", "eoi.declined"]);
    const declined = (await notificationsOf(smeB.userId, needId)).find((n) => n.kind === "eoi.declined")!;
    expect(declined.payload).toMatchObject({ decision_reason: "price", decision_comment: "Above our budget for this package." });
    expect(renderNotification({ kind: declined.kind, payload: declined.payload, link_path: declined.link_path }, "en").text).toContain("Reason: Price");
    expect(renderNotification({ kind: declined.kind, payload: declined.payload, link_path: declined.link_path }, "ko").text).toContain("사유: 가격");
    const contractorKinds = (await notificationsOf(contractor.userId, needId)).map((n) => n.kind);
    expect(contractorKinds).toEqual(["eoi.submitted", "eoi.submitted", "message.received"]);
    // Nobody is notified of their own action.
    expect(contractorKinds).not.toContain("eoi.declined");

    const audit = await q<{ action: string }>("select action from public.audit_log where entity_id = any($1::text[]) order by id", [[needId, eoiA, eoiB]]);
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["need.created", "need.open", "eoi.submitted", "eoi.declined", "eoi.awarded", "need.awarded"]),
    );

    // Other test files leave pending notifications too; drain the queue batch by batch.
    let failed = 0;
    for (let round = 0; round < 50; round++) {
      const delivery = await deliverPendingMail();
      failed += delivery.failed;
      if (delivery.sent + delivery.skipped + delivery.failed === 0) break;
    }
    expect(failed).toBe(0);
    const mails = await listMails(outboxDir);
    const toB = mails.filter((mail) => mail.to === smeB.email);
    expect(toB.map((mail) => mail.subject)).toEqual(expect.arrayContaining([expect.stringContaining("declined")]));
    expect(toB.find((mail) => mail.subject.includes("declined"))!.text).toContain("Above our budget for this package.");
    expect(mails.some((mail) => mail.to === smeA.email && mail.subject.includes("awarded") && mail.text.includes(`/eois/${eoiA}`))).toBe(true);
    expect(await q("select count(*)::int as n from public.notifications where mail_pending and payload->>'need_id' = $1", [needId])).toEqual([{ n: 0 }]);

    // Delivering again sends nothing new: the same notification never becomes a second mail.
    await deliverPendingMail();
    expect((await listMails(outboxDir)).length).toBe(mails.length);
  });

  it("shows unread counts and marks notifications read for their owner only", async () => {
    const before = await countUnread(smeB.client);
    expect(before).toBeGreaterThanOrEqual(2);
    const own = await listNotifications(smeB.client);
    expect(own.every((notification) => typeof notification.kind === "string")).toBe(true);
    expect(await markRead(smeA.client, { ids: own.map((n) => n.id) })).toBe(0);
    expect(await markRead(smeB.client, { all: true })).toBe(before);
    expect(await countUnread(smeB.client)).toBe(0);
  });
});

describe("withdrawing and the shortlist", () => {
  it("lets an SME withdraw before a decision and tells the contractor", async () => {
    const created = await createNeed(contractor.client, {
      organizationId: contractor.orgId,
      input: needInput({ title_en: `Withdraw ${run}`, visibility: "registered" }),
      status: "open",
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const saved = await saveEoi(seedSme.client, {
      needId: created.id,
      smeOrganizationId: seedSme.orgId,
      input: { scope: "full", scope_note: "", message: "Interested", certification_ids: [], submit: true },
    });
    if (!saved.ok) throw new Error(JSON.stringify(saved.error));
    expect((await decideEoi(contractor.client, { id: saved.id, decision: "shortlisted" })).ok).toBe(true);
    expect((await withdrawEoi(seedSme.client, { id: saved.id })).ok).toBe(true);
    expect((await getEoi(contractor.client, { id: saved.id }))?.status).toBe("withdrawn");
    expect((await notificationsOf(contractor.userId, created.id)).map((n) => n.kind)).toEqual(["eoi.submitted", "eoi.withdrawn"]);
    // (The seed SME's own saved search "5축 가공" also matches this need; only EOI news counts here.)
    expect((await notificationsOf(seedSme.userId, created.id)).map((n) => n.kind).filter((kind) => kind.startsWith("eoi."))).toEqual(["eoi.shortlisted"]);

    // A need with EOIs cannot go back to draft; closing tells nobody waiting (none are left).
    expectRefusal(await transitionNeed(contractor.client, { id: created.id, to: "draft" }), "invalid", "needs.error.has_eois");
    expect((await transitionNeed(contractor.client, { id: created.id, to: "closed" })).ok).toBe(true);
  });

  it("keeps the contractor's shortlist private to the contractor", async () => {
    const created = await createNeed(contractor.client, { organizationId: contractor.orgId, input: needInput({ title_en: `Shortlist ${run}` }), status: "draft" });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    expect((await addToShortlist(contractor.client, { needId: created.id, smeOrganizationId: smeA.orgId, note: "Strong on titanium" })).ok).toBe(true);
    expect((await listShortlist(contractor.client, { needId: created.id })).map((entry) => entry.sme_organization_id)).toEqual([smeA.orgId]);
    expect(await listShortlist(smeA.client, { needId: created.id })).toEqual([]);
    expectRefusal(await addToShortlist(smeA.client, { needId: created.id, smeOrganizationId: smeA.orgId }), "forbidden");
  });
});

describe("the database enforces the state machines in app/needs/transitions.ts", () => {
  async function fixtureNeed(status: string) {
    const [row] = await q<{ id: string }>(
      `insert into public.needs (organization_id, kind, title_en, description_en, status, visibility, response_deadline)
       values ($1, 'mro', $2, 'State machine fixture', $3::public.need_status, 'registered', current_date + 30) returning id`,
      [contractor.orgId, `Fixture ${status} ${randomUUID().slice(0, 6)}`, status],
    );
    return row!.id;
  }

  it("allows exactly the need transitions listed", async () => {
    for (const from of NEED_STATUSES) {
      for (const to of ["open", "closed", "draft", "awarded"] as const) {
        const id = await fixtureNeed(from);
        const result = await transitionNeed(contractor.client, { id, to: to as "open" });
        const expected = from === to || canChangeNeed(from, to);
        expect({ from, to, ok: result.ok }).toEqual({ from, to, ok: expected });
        const [row] = await q<{ status: string }>("select status from public.needs where id = $1", [id]);
        expect(row!.status).toBe(expected ? to : from);
      }
    }
  });

  it("allows exactly the EOI decisions and withdrawals listed", async () => {
    for (const from of EOI_STATUSES) {
      for (const decision of ["shortlisted", "declined", "awarded"] as const) {
        const needId = await fixtureNeed("open");
        const [eoi] = await q<{ id: string }>(
          `insert into public.eois (need_id, sme_organization_id, status, submitted_at, decision_reason)
           values ($1, $2, $3::public.eoi_status, case when $3 = 'draft' then null else now() end, case when $3 = 'declined' then 'other'::public.eoi_decline_reason end)
           returning id`,
          [needId, smeA.orgId, from],
        );
        const result = await decideEoi(contractor.client, { id: eoi!.id, decision, reason: "other" });
        // Repeating the decision an EOI already has is accepted and changes nothing.
        const expected = canDecide(from, decision) || (from === decision && isAwaitingDecision(from));
        expect({ from, decision, ok: result.ok }).toEqual({ from, decision, ok: expected });
      }
      const needId = await fixtureNeed("open");
      const [eoi] = await q<{ id: string }>(
        `insert into public.eois (need_id, sme_organization_id, status, submitted_at, decision_reason)
         values ($1, $2, $3::public.eoi_status, case when $3 = 'draft' then null else now() end, case when $3 = 'declined' then 'other'::public.eoi_decline_reason end)
         returning id`,
        [needId, smeA.orgId, from],
      );
      expect({ from, withdrawn: (await withdrawEoi(smeA.client, { id: eoi!.id })).ok }).toEqual({ from, withdrawn: canWithdraw(from) });
    }
  });

  it("refuses to open a need whose response deadline has passed", async () => {
    const id = await fixtureNeed("draft");
    await q("update public.needs set response_deadline = current_date - 1 where id = $1", [id]);
    expectRefusal(await transitionNeed(contractor.client, { id, to: "open" }), "invalid", "needs.error.deadline_past");
  });
});

describe("matching on the seed data", () => {
  it("ranks candidates with reasons naming the matched terms, certification gaps last", async () => {
    const [seedNeed] = await q<{ id: string }>("select id from public.needs where title_en = 'Localize titanium wing fittings'");
    const need = await getNeed(contractor.client, { id: seedNeed!.id });
    // Other test files import hundreds of suppliers into the same stack, many of them fit for this
    // need; left in, they can fill the first hundred places and hide the seed's certification gaps.
    const imported = await q<{ id: string }>("select organization_id as id from public.sme_profiles where imported_by_organization_id is not null");
    const { results } = await matchNeed(contractor.client, {
      need: toMatchableNeed(need!),
      limit: 100,
      excludeSupplierIds: imported.map((row) => row.id),
    });
    expect(results.length).toBeGreaterThan(10);
    const top = results[0]!;
    expect(top.meets_required).toBe(true);
    expect(top.reasons).toEqual(expect.arrayContaining([expect.stringContaining("5-axis machining"), expect.stringContaining("AS9100D")]));

    const lastMeeting = results.map((r) => r.meets_required).lastIndexOf(true);
    const firstGap = results.findIndex((r) => !r.meets_required);
    expect(firstGap).toBeGreaterThan(-1);
    expect(lastMeeting).toBeLessThan(firstGap);
    const gapped = results.slice(firstGap);
    expect(gapped.every((r) => !r.meets_required && r.gaps.some((gap) => gap.includes("AS9100D")))).toBe(true);
    for (const group of [results.slice(0, firstGap), gapped]) {
      for (let i = 1; i < group.length; i++) expect(group[i - 1]!.score).toBeGreaterThanOrEqual(group[i]!.score);
    }
    // Distances are to the need's location, never beyond the far end of Korea.
    expect(results.every((r) => r.distance_km === null || (r.distance_km >= 0 && r.distance_km < 700))).toBe(true);
  });

  it("answers a text-only request with the terms it mentions, in Korean too", async () => {
    const { results } = await matchNeed(anon, {
      need: {
        kind: "mro",
        description: "착륙장치 창정비 역량이 필요합니다 (landing gear overhaul).",
        required_process_codes: [],
        preferred_process_codes: [],
        required_material_codes: [],
        preferred_material_codes: [],
        required_certification_codes: [],
        preferred_certification_codes: [],
        location: null,
        radius_km: null,
      },
      limit: 5,
      locale: "ko",
    });
    expect(results.length).toBeGreaterThan(0);
    expect(results[0]!.reasons.some((reason) => reason.includes("착륙장치 창정비"))).toBe(true);
  });

  it("resolves codes, labels and synonyms in either language, and reports unknown terms", async () => {
    expect(await resolveMatchTerms(anon, { processes: ["5축 가공", "NDT", "precision turning"], required_certifications: ["AS9100"] })).toMatchObject({
      ok: true,
      process_codes: ["machining-5axis", "ndt", "turning-precision"],
      required_certification_codes: ["as9100d"],
    });
    expect(await resolveMatchTerms(anon, { processes: ["basket weaving"] })).toEqual({
      ok: false,
      unknown: [{ field: "processes", index: 0, term: "basket weaving" }],
    });
  });

  it("ranks clusters for division hosting", async () => {
    const { clusters } = await matchNeed(anon, {
      need: {
        kind: "division_hosting",
        required_process_codes: ["uav-integration"],
        preferred_process_codes: ["environmental-testing"],
        required_material_codes: [],
        preferred_material_codes: [],
        required_certification_codes: [],
        preferred_certification_codes: [],
        location: { lat: 36.35, lng: 127.38 },
        radius_km: 100,
        quantity: 15000,
        quantity_unit: "m2",
      },
    });
    expect(clusters[0]?.slug).toBe("daejeon");
    expect(clusters[0]!.reasons.some((reason) => reason.includes("UAV integration"))).toBe(true);
  });
});

describe("saved-search alerts", () => {
  it("notifies and mails the owner of a matching saved search when a need opens, and nobody else", async () => {
    const saved = await seedSme.client
      .from("saved_searches")
      .insert({ user_id: seedSme.userId, name: `Ti alerts ${run}`, target: "needs", query: `티타늄 ${run}`, filters: { kinds: ["localization"] }, alert_frequency: "instant" })
      .select("id")
      .single();
    if (saved.error) throw new Error(saved.error.message);

    const matching = await createNeed(contractor.client, {
      organizationId: contractor.orgId,
      input: needInput({ title_en: `Titanium alert ${run}`, title_ko: null, visibility: "registered" }),
      status: "draft",
    });
    const otherKind = await createNeed(contractor.client, {
      organizationId: contractor.orgId,
      input: needInput({ kind: "mro", title_en: `Titanium MRO ${run}`, title_ko: null, visibility: "registered" }),
      status: "draft",
    });
    const invitedOnly = await createNeed(contractor.client, {
      organizationId: contractor.orgId,
      input: needInput({ title_en: `Titanium invited ${run}`, title_ko: null, visibility: "invited" }),
      status: "draft",
    });
    if (!matching.ok || !otherKind.ok || !invitedOnly.ok) throw new Error("fixture needs");
    // Nothing is announced for drafts.
    expect(await notificationsOf(seedSme.userId, matching.id)).toEqual([]);
    for (const id of [matching.id, otherKind.id, invitedOnly.id]) expect((await transitionNeed(contractor.client, { id, to: "open" })).ok).toBe(true);

    // The seed's own saved search "5축 가공" (localization, parts supply) matches as well.
    const alerts = await notificationsOf(seedSme.userId, matching.id);
    expect(alerts.every((n) => n.kind === "saved_search.match")).toBe(true);
    expect(alerts.map((n) => n.payload.saved_search_id)).toContain(saved.data.id);
    expect(alerts.find((n) => n.payload.saved_search_id === saved.data.id)!.payload).toMatchObject({ saved_search_name: `Ti alerts ${run}`, need_kind: "localization" });
    expect((await notificationsOf(seedSme.userId, otherKind.id)).map((n) => n.payload.saved_search_id)).not.toContain(saved.data.id);
    // The searcher may not see an invited-only need, so it is never announced to them.
    expect(await notificationsOf(seedSme.userId, invitedOnly.id)).toEqual([]);

    await deliverPendingMail();
    const mail = (await listMails(outboxDir)).find((m) => m.to === seedSme.email && m.text.includes(`/needs/${matching.id}`));
    expect(mail?.subject).toContain(`Ti alerts ${run}`);
  });
});
