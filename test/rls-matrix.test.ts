/**
 * Runs every cell of the RLS matrix (test/rls-matrix.ts) against the real stack: PostgREST and
 * Storage through the gateway, with the unmodified supabase-js client signed in as a user of each
 * role (or anonymous). Fixtures are written directly with the superuser connection.
 *
 * For each table and fixture row:
 *   select  — the row is returned by a filtered select (storage: the file downloads);
 *   insert  — a fresh row equivalent to the fixture row is inserted (storage: uploaded next to it);
 *   update  — the row is updated, once per update variant (storage: overwritten);
 *   delete  — a fresh copy of the row is deleted (per-user rows: the row itself, then restored).
 * A refusal must be an RLS/privilege refusal (SQLSTATE 42501) or a filtered-out row, never another
 * error, so a broken fixture cannot pass for a denied cell.
 */
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import ws from "ws";
import {
  MATRIX,
  MATRIX_BEGIN,
  MATRIX_END,
  OPERATIONS,
  ROLES,
  USER_ROLES,
  expectedRows,
  renderMatrixMarkdown,
  type MatrixTable,
  type Operation,
  type Role,
  type UserRole,
} from "./rls-matrix.ts";

const stack = inject("stack");
const run = randomUUID().slice(0, 8);
const PASSWORD = `Rls-matrix-${run}!`;
let counter = 0;
const next = () => ++counter;

const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 4 });
async function q<T extends pg.QueryResultRow = Record<string, any>>(sql: string, params: unknown[] = []) {
  return (await db.query<T>(sql, params)).rows;
}
/** Inserts as the superuser (no RLS, no API-caller guards) and returns the key column. */
async function ins(table: string, row: Record<string, unknown>, key = "id"): Promise<string> {
  const columns = Object.keys(row);
  const values = columns.map((column) => row[column]);
  const sql = `insert into ${table} (${columns.join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")}) returning ${key}::text as key`;
  return (await q<{ key: string }>(sql, values))[0]!.key;
}

function newClient(accessToken?: string): SupabaseClient {
  return createClient(stack.supabaseUrl, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
    ...(accessToken ? { global: { headers: { Authorization: `Bearer ${accessToken}` } } } : {}),
  });
}
const service = createClient(stack.supabaseUrl, stack.serviceRoleKey, {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  realtime: { transport: ws as never },
});

// ------------------------------------------------------------------------------------------------
// The fixture world (see FIXTURE_WORLD in rls-matrix.ts)

const ORG_KINDS = {
  sme_a: "sme", sme_b: "sme", contractor_x: "contractor", contractor_y: "contractor",
  authority_1: "cluster_authority", authority_2: "cluster_authority", reviewer: "government_reviewer", platform: "platform",
} as const;
type OrgKey = keyof typeof ORG_KINDS;
const MEMBERSHIP: Record<UserRole, [OrgKey, "admin" | "member"]> = {
  sme_member: ["sme_a", "member"],
  sme_admin: ["sme_a", "admin"],
  other_sme: ["sme_b", "admin"],
  contractor_member: ["contractor_x", "member"],
  contractor_admin: ["contractor_x", "admin"],
  other_contractor: ["contractor_y", "admin"],
  cluster_authority: ["authority_1", "admin"],
  other_cluster_authority: ["authority_2", "admin"],
  government_reviewer: ["reviewer", "admin"],
  platform: ["platform", "admin"],
};
const NEED_SPECS = {
  x_public: { org: "contractor_x", visibility: "public", export_controlled: false, status: "open" },
  x_registered: { org: "contractor_x", visibility: "registered", export_controlled: false, status: "open" },
  x_invited: { org: "contractor_x", visibility: "invited", export_controlled: false, status: "open" },
  x_export: { org: "contractor_x", visibility: "public", export_controlled: true, status: "open" },
  x_draft: { org: "contractor_x", visibility: "public", export_controlled: false, status: "draft" },
  y_public: { org: "contractor_y", visibility: "public", export_controlled: false, status: "open" },
  y_draft: { org: "contractor_y", visibility: "public", export_controlled: false, status: "draft" },
} as const;
type NeedKey = keyof typeof NEED_SPECS;
const EOI_SPECS = {
  eoi_a_submitted: { need: "x_public", sme: "sme_a", status: "submitted" },
  eoi_a_draft: { need: "x_registered", sme: "sme_a", status: "draft" },
  eoi_b: { need: "y_public", sme: "sme_b", status: "submitted" },
} as const;
type EoiKey = keyof typeof EOI_SPECS;

const users = {} as Record<UserRole, { id: string; email: string }>;
const clients = {} as Record<Role, SupabaseClient>;
const orgs = {} as Record<OrgKey, string>;
const clusters = {} as Record<"cluster_1" | "cluster_2", string>;
const needs = {} as Record<NeedKey, string>;
const eois = {} as Record<EoiKey, string>;
const certs = {} as Record<"cert_a1" | "cert_a2" | "cert_b", string>;
const membershipIds = {} as Record<UserRole, string>;
let processCodes: string[] = [];
const usedProcesses = new Map<string, Set<string>>();

const fresh = (label: string) => `rls-${label}-${run}-${next()}`;
const hex64 = () => randomBytes(32).toString("hex");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

async function newAuthUser() {
  const id = randomUUID();
  await q("insert into auth.users (id, email, aud, role, raw_user_meta_data) values ($1, $2, 'authenticated', 'authenticated', '{}')", [id, `${fresh("user")}@clustermatch.test`]);
  return id;
}

/** A new organization of the same kind as `source`, with the same members and, for SMEs, an equivalent profile. */
async function copyOrganization(source: OrgKey, withProfile = true) {
  const id = await ins("public.organizations", { slug: fresh(source.replaceAll("_", "-")), kind: ORG_KINDS[source], name_en: `Copy of ${source}` });
  await q(
    `insert into public.memberships (organization_id, user_id, role)
     select $1, user_id, role from public.memberships where organization_id = $2`,
    [id, orgs[source]],
  );
  if (withProfile && ORG_KINDS[source] === "sme") {
    await q(
      `insert into public.sme_profiles (organization_id, published, cluster_id)
       select $1, published, cluster_id from public.sme_profiles where organization_id = $2`,
      [id, orgs[source]],
    );
  }
  return id;
}

async function copyNeed(key: NeedKey) {
  const spec = NEED_SPECS[key];
  return ins("public.needs", {
    organization_id: orgs[spec.org], kind: "parts_supply", title_en: fresh(key), description_en: "RLS fixture need",
    visibility: spec.visibility, export_controlled: spec.export_controlled, status: spec.status,
  });
}

async function insertEoi(needId: string, sme: OrgKey, status: "draft" | "submitted", id: string = randomUUID()) {
  return ins("public.eois", {
    id, need_id: needId, sme_organization_id: orgs[sme], status, submitted_at: status === "draft" ? null : new Date().toISOString(),
  });
}

async function newCertificate(sme: OrgKey, id: string = randomUUID()) {
  return ins("public.sme_certifications", {
    id, organization_id: orgs[sme], certification_type_code: "iso-9001", certificate_number: fresh("cert"),
    document_path: `${orgs[sme]}/${id}/certificate.pdf`,
  });
}

function unusedProcess(orgId: string) {
  const used = usedProcesses.get(orgId) ?? new Set<string>();
  usedProcesses.set(orgId, used);
  const code = processCodes.find((c) => !used.has(c));
  if (!code) throw new Error("ran out of process codes for capability fixtures");
  used.add(code);
  return code;
}

// ------------------------------------------------------------------------------------------------
// Per-table implementations: base rows, insert payloads, copies for deletion, update variants.

type Patch = { values: (row: string) => Record<string, unknown>; reset?: (row: string) => Promise<void> };
type TableImpl = {
  kind: "table";
  table: string;
  key: string;
  base: Record<string, string>;
  payload: (row: string) => Promise<Record<string, unknown>>;
  afterInsert?: (row: string) => Promise<void>;
  /** A fresh row equivalent to `row`, for deletion. Absent: delete the row itself and restore it. */
  copy?: (row: string) => Promise<string>;
  restore?: (row: string) => Promise<void>;
  /** Puts back fixture rows that other tables' cells may legitimately have removed (run before each cell). */
  ensure?: () => Promise<void>;
  patches: Record<string, Patch>;
};
type StorageImpl = {
  kind: "storage";
  bucket: string;
  base: Record<string, string>;
};
type Impl = TableImpl | StorageImpl;

const impls = new Map<string, Impl>();
const orgOfRow = (row: string) => row as OrgKey;

function tableImpl(name: string, impl: Omit<TableImpl, "kind" | "table" | "key" | "base"> & { key?: string }) {
  impls.set(name, { kind: "table", table: `public.${name}`, key: impl.key ?? "id", base: {}, ...impl });
}

function defineImplementations() {
  tableImpl("organizations", {
    payload: async (row) => ({ slug: fresh("org"), kind: ORG_KINDS[orgOfRow(row)], name_en: fresh("org") }),
    copy: (row) => copyOrganization(orgOfRow(row)),
    patches: { default: { values: () => ({ website: `https://updated-${next()}.example` }) } },
  });

  tableImpl("profiles", {
    key: "user_id",
    payload: async (row) => {
      await q("delete from public.profiles where user_id = $1", [users[row as UserRole].id]);
      return { user_id: users[row as UserRole].id, display_name: `again ${row}` };
    },
    afterInsert: async (row) => {
      await q("insert into public.profiles (user_id, display_name) values ($1, $2) on conflict do nothing", [users[row as UserRole].id, row]);
    },
    restore: async (row) => {
      await q("insert into public.profiles (user_id, display_name) values ($1, $2) on conflict do nothing", [users[row as UserRole].id, row]);
    },
    patches: { default: { values: () => ({ display_name: `name ${next()}` }) } },
  });

  tableImpl("memberships", {
    payload: async (row) => {
      const [org, role] = MEMBERSHIP[row as UserRole];
      return { organization_id: orgs[org], user_id: await newAuthUser(), role };
    },
    restore: async (row) => {
      const [org, role] = MEMBERSHIP[row as UserRole];
      await q("insert into public.memberships (id, organization_id, user_id, role) values ($1, $2, $3, $4) on conflict do nothing", [membershipIds[row as UserRole], orgs[org], users[row as UserRole].id, role]);
    },
    patches: { default: { values: (row) => ({ role: MEMBERSHIP[row as UserRole][1] }) } },
  });

  const invitationPayload = async (row: string) => ({ organization_id: orgs[orgOfRow(row)], email: `${fresh("invitee")}@clustermatch.test`, role: "member", token_hash: hex64() });
  tableImpl("organization_invitations", {
    payload: invitationPayload,
    copy: async (row) => ins("public.organization_invitations", await invitationPayload(row)),
    patches: { default: { values: () => ({ expires_at: new Date(Date.now() + 86_400_000 + next() * 1000).toISOString() }) } },
  });

  const taxonomyPayload: Record<string, () => Record<string, unknown>> = {
    processes: () => ({ code: fresh("process"), category: "machining", label_en: "RLS process", label_ko: "RLS 공정" }),
    materials: () => ({ code: fresh("material"), category: "aluminium", label_en: "RLS material", label_ko: "RLS 소재" }),
    certification_types: () => ({ code: fresh("cert-type"), category: "quality_management", label_en: "RLS cert", label_ko: "RLS 인증" }),
  };
  for (const [name, make] of Object.entries(taxonomyPayload)) {
    tableImpl(name, {
      key: "code",
      payload: async () => make(),
      copy: () => ins(`public.${name}`, make(), "code"),
      patches: { default: { values: () => ({ label_en: `label ${next()}` }) } },
    });
  }

  const clusterPayload = async (row: string) => ({
    slug: fresh("cluster"), name_en: "RLS cluster", name_ko: "RLS 클러스터", region: "gyeongnam", center_lat: 35.2, center_lng: 128.6,
    managing_organization_id: orgs[row === "cluster_1" ? "authority_1" : "authority_2"],
  });
  tableImpl("clusters", {
    payload: clusterPayload,
    copy: async (row) => ins("public.clusters", await clusterPayload(row)),
    patches: { default: { values: () => ({ description_en: `description ${next()}` }) } },
  });

  const parcelPayload = async (row: string) => ({
    cluster_id: clusters[row === "parcel_1" ? "cluster_1" : "cluster_2"], name_en: fresh("parcel"), name_ko: "RLS 부지",
    area_m2: 1000, zoning: "general_industrial_complex", lat: 35.2, lng: 128.6,
  });
  tableImpl("land_parcels", {
    payload: parcelPayload,
    copy: async (row) => ins("public.land_parcels", await parcelPayload(row)),
    patches: { default: { values: () => ({ description_en: `description ${next()}` }) } },
  });

  const resetVerification = (table: string, key: string, idOf: (row: string) => string) => async (row: string) => {
    await q(`update public.${table} set verification_status = 'pending', verified_by = null, verified_at = null, rejection_reason = null where ${key} = $1`, [idOf(row)]);
  };
  const smeOfProfileRow = (row: string): OrgKey => (row === "sme_a" ? "sme_a" : "sme_b");
  tableImpl("sme_profiles", {
    key: "organization_id",
    payload: async (row) => ({ organization_id: await copyOrganization(smeOfProfileRow(row), false) }),
    copy: (row) => copyOrganization(smeOfProfileRow(row)),
    patches: {
      content: { values: () => ({ capacity_note: `capacity ${next()}` }) },
      verification: {
        reset: resetVerification("sme_profiles", "organization_id", (row) => orgs[smeOfProfileRow(row)]),
        values: () => ({ verification_status: "verified" }),
      },
    },
  });

  const smeOfChildRow = (row: string): OrgKey => (row.endsWith("_b") ? "sme_b" : "sme_a");
  const childPayloads: Record<string, (row: string) => Promise<Record<string, unknown>>> = {
    sme_capabilities: async (row) => ({ organization_id: orgs[smeOfChildRow(row)], process_code: unusedProcess(orgs[smeOfChildRow(row)]), material_codes: ["al-7075"] }),
    sme_equipment: async (row) => ({ organization_id: orgs[smeOfChildRow(row)], name: fresh("machine") }),
    sme_sites: async (row) => ({ organization_id: orgs[smeOfChildRow(row)], name_en: fresh("site"), lat: 35.2, lng: 128.6 }),
  };
  const childPatches: Record<string, () => Record<string, unknown>> = {
    sme_capabilities: () => ({ capacity_note: `capacity ${next()}` }),
    sme_equipment: () => ({ model: `model ${next()}` }),
    sme_sites: () => ({ name_en: `site ${next()}` }),
  };
  for (const [name, payload] of Object.entries(childPayloads)) {
    tableImpl(name, {
      payload,
      copy: async (row) => ins(`public.${name}`, await payload(row)),
      patches: { default: { values: childPatches[name]! } },
    });
  }

  const smeOfCert = (row: string): OrgKey => (row === "cert_b" ? "sme_b" : "sme_a");
  tableImpl("sme_certifications", {
    payload: async (row) => ({ organization_id: orgs[smeOfCert(row)], certification_type_code: "iso-9001", certificate_number: fresh("cert") }),
    copy: (row) => newCertificate(smeOfCert(row)),
    patches: {
      content: { values: () => ({ certificate_number: `number-${next()}` }) },
      verification: {
        reset: resetVerification("sme_certifications", "id", (row) => certs[row as keyof typeof certs]),
        values: () => ({ verification_status: "verified" }),
      },
    },
  });

  const needPayload = async (row: string) => {
    const spec = NEED_SPECS[row as NeedKey];
    return {
      organization_id: orgs[spec.org], kind: "parts_supply", title_en: fresh("need"), description_en: "RLS fixture need",
      visibility: spec.visibility, export_controlled: spec.export_controlled, status: spec.status,
    };
  };
  tableImpl("needs", {
    payload: needPayload,
    copy: (row) => copyNeed(row as NeedKey),
    patches: { default: { values: () => ({ capacity_note: `capacity ${next()}` }) } },
  });

  const invitationSpec = { invite_a_invited: ["x_invited", "sme_a"], invite_a_export: ["x_export", "sme_a"], invite_b: ["y_public", "sme_b"] } as const;
  const needInvitationPayload = async (row: string) => {
    const [need, sme] = invitationSpec[row as keyof typeof invitationSpec];
    return { need_id: await copyNeed(need), sme_organization_id: orgs[sme] };
  };
  tableImpl("need_invitations", {
    payload: needInvitationPayload,
    copy: async (row) => ins("public.need_invitations", await needInvitationPayload(row)),
    patches: { default: { values: () => ({ message: `message ${next()}` }) } },
  });

  const resetEoi = async (row: string) => {
    const spec = EOI_SPECS[row as EoiKey];
    await q(
      `update public.eois set status = $2::text::public.eoi_status, message = null,
         submitted_at = case when $2::text = 'draft' then null else coalesce(submitted_at, now()) end,
         decision_reason = null, decision_comment = null, decided_by = null, decided_at = null, withdrawn_at = null
       where id = $1`,
      [eois[row as EoiKey], spec.status],
    );
  };
  tableImpl("eois", {
    payload: async (row) => {
      const spec = EOI_SPECS[row as EoiKey];
      return { need_id: await copyNeed(spec.need), sme_organization_id: orgs[spec.sme], status: spec.status };
    },
    copy: async (row) => {
      const spec = EOI_SPECS[row as EoiKey];
      return insertEoi(await copyNeed(spec.need), spec.sme, spec.status);
    },
    patches: {
      sme_edit: { reset: resetEoi, values: () => ({ message: `message ${next()}` }) },
      withdraw: { reset: resetEoi, values: () => ({ status: "withdrawn" }) },
      decision: { reset: resetEoi, values: () => ({ status: "shortlisted" }) },
    },
  });

  const shareSpec = { share_a: ["eoi_a_submitted", "sme_a"], share_b: ["eoi_b", "sme_b"] } as const;
  const sharePayload = async (row: string) => {
    const [eoi, sme] = shareSpec[row as keyof typeof shareSpec];
    return { eoi_id: eois[eoi], certification_id: await newCertificate(sme) };
  };
  tableImpl("eoi_shared_certifications", {
    payload: sharePayload,
    copy: async (row) => ins("public.eoi_shared_certifications", await sharePayload(row)),
    patches: { default: { values: () => ({ created_at: new Date(Date.now() - next() * 1000).toISOString() }) } },
  });

  const threadSpec = { thread_a: ["x_public", "sme_a", "contractor_x"], thread_b: ["y_public", "sme_b", "contractor_y"] } as const;
  const threadPayload = async (row: string) => {
    const [need, sme, contractor] = threadSpec[row as keyof typeof threadSpec];
    const eoiId = await insertEoi(await copyNeed(need), sme, "submitted");
    return { eoi_id: eoiId, contractor_organization_id: orgs[contractor], counterparty_organization_id: orgs[sme], subject: fresh("thread") };
  };
  tableImpl("message_threads", {
    payload: threadPayload,
    copy: async (row) => ins("public.message_threads", await threadPayload(row)),
    patches: { default: { values: () => ({ subject: `subject ${next()}` }) } },
  });

  const messageSpec = {
    a_from_contractor: ["thread_a", "contractor_x"], a_from_sme: ["thread_a", "sme_a"],
    b_from_contractor: ["thread_b", "contractor_y"], b_from_sme: ["thread_b", "sme_b"],
  } as const;
  const threadIds = {} as Record<"thread_a" | "thread_b", string>;
  const messagePayload = async (row: string) => {
    const [thread, sender] = messageSpec[row as keyof typeof messageSpec];
    return { thread_id: threadIds[thread], sender_organization_id: orgs[sender], body: `hello ${next()}` };
  };
  tableImpl("messages", {
    payload: messagePayload,
    copy: async (row) => ins("public.messages", await messagePayload(row)),
    patches: { default: { values: () => ({ body: `edited ${next()}` }) } },
  });
  (impls.get("message_threads") as TableImpl & { threadIds?: typeof threadIds }).threadIds = threadIds;

  const perUser = (name: string, payload: (user: UserRole) => Record<string, unknown>, patch: () => Record<string, unknown>) =>
    tableImpl(name, {
      payload: async (row) => payload(row as UserRole),
      copy: async (row) => ins(`public.${name}`, payload(row as UserRole)),
      patches: { default: { values: patch } },
    });
  perUser("notifications", (user) => ({ user_id: users[user].id, kind: "test.fixture" }), () => ({ read_at: new Date(Date.now() - next() * 1000).toISOString() }));
  perUser("saved_searches", (user) => ({ user_id: users[user].id, name: fresh("search") }), () => ({ name: `search ${next()}` }));

  const apiKeyPayload = async (row: string) => ({ organization_id: orgs[orgOfRow(row)], name: fresh("key"), prefix: `cm_${randomBytes(6).toString("hex")}`, key_hash: hex64() });
  tableImpl("api_keys", {
    payload: apiKeyPayload,
    copy: async (row) => ins("public.api_keys", await apiKeyPayload(row)),
    patches: { default: { values: () => ({ name: `key ${next()}` }) } },
  });

  tableImpl("audit_log", {
    payload: async (row) => ({ organization_id: orgs[orgOfRow(row)], action: "test.fixture", entity_type: "fixture", entity_id: fresh("entry") }),
    restore: async () => {
      throw new Error("an audit entry was deleted: the log must be append-only");
    },
    patches: { default: { values: () => ({ details: { edited: next() } }) } },
  });

  tableImpl("search_outbox", {
    payload: async () => ({ index_name: "suppliers", document_id: fresh("doc"), op: "upsert" }),
    copy: async () => ins("public.search_outbox", { index_name: "suppliers", document_id: fresh("doc"), op: "upsert" }),
    patches: { default: { values: () => ({ attempts: next() }) } },
  });

  tableImpl("search_synonyms", {
    payload: async () => ({ terms: [fresh("term"), fresh("term")], note: "RLS fixture" }),
    copy: () => ins("public.search_synonyms", { terms: [fresh("term"), fresh("term")] }),
    patches: { default: { values: () => ({ note: `note ${next()}` }) } },
  });

  // The outbox trigger keeps entries only for published profiles, so SME B's entry (the case the
  // select policy guards against) is written directly, and written again whenever a change to
  // SME B in another table's cells has refreshed it away.
  const smeOfEntry = (row: string): OrgKey => (row === "sme_a" ? "sme_a" : "sme_b");
  const writeSearchEntry = (org: string) =>
    q("insert into public.supplier_search_entries (organization_id, search_text) values ($1, 'rls fixture') on conflict (organization_id) do nothing", [org]);
  tableImpl("supplier_search_entries", {
    key: "organization_id",
    payload: async (row) => {
      const org = await copyOrganization(smeOfEntry(row));
      await q("delete from public.supplier_search_entries where organization_id = $1", [org]);
      return { organization_id: org, search_text: "inserted through the API" };
    },
    copy: async (row) => {
      const org = await copyOrganization(smeOfEntry(row));
      await writeSearchEntry(org);
      return org;
    },
    ensure: async () => {
      await writeSearchEntry(orgs.sme_a);
      await writeSearchEntry(orgs.sme_b);
    },
    patches: { default: { values: () => ({ search_text: `edited ${next()}` }) } },
  });

  // The match rows are rewritten for published profiles when a change to the SME commits: SME A's
  // come from its profile and capability, SME B's (the case the select policies guard against)
  // are written directly, and again whenever a change to SME B has rewritten them away.
  const writeMatchCard = (org: string) =>
    q(
      `insert into public.supplier_match_cards (organization_id, name_en, verification_status, defense_designated,
         security_assessment_passed, process_codes, material_codes, certifications, sites)
       values ($1, 'rls fixture', 'unverified', false, false, '{}', '{}', '[]', '[]') on conflict (organization_id) do nothing`,
      [org],
    );
  const writeMatchFact = (org: string) =>
    q(
      `insert into public.supplier_match_facts (process_code, organization_id)
       select code, $1 from public.processes order by code limit 1 on conflict do nothing`,
      [org],
    );
  tableImpl("supplier_match_cards", {
    key: "organization_id",
    payload: async (row) => {
      const org = await copyOrganization(smeOfEntry(row));
      await q("delete from public.supplier_match_cards where organization_id = $1", [org]);
      return {
        organization_id: org, name_en: "inserted through the API", verification_status: "unverified", defense_designated: false,
        security_assessment_passed: false, process_codes: [], material_codes: [], certifications: [], sites: [],
      };
    },
    copy: async (row) => {
      const org = await copyOrganization(smeOfEntry(row));
      await writeMatchCard(org);
      return org;
    },
    ensure: async () => {
      await writeMatchCard(orgs.sme_a);
      await writeMatchCard(orgs.sme_b);
    },
    patches: { default: { values: () => ({ name_en: `edited ${next()}` }) } },
  });
  tableImpl("supplier_match_facts", {
    key: "organization_id",
    payload: async (row) => {
      const org = await copyOrganization(smeOfEntry(row));
      await q("delete from public.supplier_match_facts where organization_id = $1", [org]);
      return { organization_id: org, process_code: processCodes[0] };
    },
    copy: async (row) => {
      const org = await copyOrganization(smeOfEntry(row));
      await writeMatchFact(org);
      return org;
    },
    ensure: async () => {
      if ((await q("select 1 from public.supplier_match_facts where organization_id = $1", [orgs.sme_a])).length === 0) await writeMatchFact(orgs.sme_a);
      await writeMatchFact(orgs.sme_b);
    },
    patches: { default: { values: () => ({ completeness: next() % 100 }) } },
  });

  const clusterInvitationPayload = async (row: string) => ({
    cluster_id: clusters[CLUSTER_INVITATIONS[row as ClusterInvitationKey][0]], email: `${fresh("invitee")}@clustermatch.test`,
  });
  const resetClusterInvitation = async (row: string) => {
    await q(
      `update public.cluster_invitations set accepted_at = null, accepted_by = null, accepted_organization_id = null,
         declined_at = null, revoked_at = null, expires_at = now() + interval '30 days' where id = $1`,
      [clusterInvitationIds[row as ClusterInvitationKey]],
    );
  };
  tableImpl("cluster_invitations", {
    payload: clusterInvitationPayload,
    copy: async (row) => ins("public.cluster_invitations", await clusterInvitationPayload(row)),
    patches: {
      renew: { reset: resetClusterInvitation, values: () => ({ expires_at: new Date(Date.now() + 40 * 86_400_000 + next() * 1000).toISOString() }) },
      accept: { reset: resetClusterInvitation, values: () => ({ accepted_at: new Date().toISOString() }) },
    },
  });

  const resetImportRun = async (row: string) => {
    await q("update public.import_runs set status = 'preparing', error_message = null, finished_at = null, total_rows = 0 where id = $1", [
      impls.get("import_runs")!.base[row],
    ]);
  };
  tableImpl("import_runs", {
    payload: async (row) => importRunPayload(orgOfRow(row)),
    copy: (row) => ins("public.import_runs", importRunPayload(orgOfRow(row))),
    patches: {
      status: { reset: resetImportRun, values: () => ({ status: "failed", error_message: `stopped ${next()}` }) },
      counters: { reset: resetImportRun, values: () => ({ total_rows: 99 }) },
    },
  });

  const importRowPayload = async (row: string) => ({
    run_id: importRowRunIds[row as ImportRowKey], row_number: next(), external_id: fresh("ext"), status: "valid", payload: {},
  });
  tableImpl("import_rows", {
    payload: importRowPayload,
    copy: async (row) => ins("public.import_rows", await importRowPayload(row)),
    patches: { default: { values: () => ({ has_warnings: true }) } },
  });

  const offsetCode = () => `rls_${randomBytes(6).toString("hex")}`;
  const defaultCategoryPayload = () => ({ code: offsetCode(), name_en: "RLS category", name_ko: "RLS 분류", multiplier: 1, sme_multiplier: 2 });
  tableImpl("offset_default_categories", {
    key: "code",
    payload: async () => defaultCategoryPayload(),
    copy: () => ins("public.offset_default_categories", defaultCategoryPayload(), "code"),
    patches: { default: { values: () => ({ description_en: `description ${next()}` }) } },
  });

  const resetAgreement = async (row: string) => {
    const status = OFFSET_AGREEMENTS[row as OffsetAgreementKey][1];
    await q("update public.offset_agreements set status = $2::text::public.offset_agreement_status, notes = null where id = $1", [offsetAgreementIds[row as OffsetAgreementKey], status]);
  };
  tableImpl("offset_agreements", {
    payload: async (row) => offsetAgreementPayload(row as OffsetAgreementKey),
    copy: (row) => ins("public.offset_agreements", offsetAgreementPayload(row as OffsetAgreementKey)),
    patches: {
      content: { reset: resetAgreement, values: () => ({ notes: `notes ${next()}` }) },
      status: { reset: resetAgreement, values: () => ({ status: "active" }) },
    },
  });

  const categoryAgreement = (row: string) => offsetAgreementIds[row.replace(/^cat_/, "") as OffsetAgreementKey];
  const categoryPayload = async (row: string) => ({ agreement_id: categoryAgreement(row), code: offsetCode(), name_en: "RLS category", name_ko: "RLS 분류", multiplier: 1, sme_multiplier: 2 });
  tableImpl("offset_categories", {
    payload: categoryPayload,
    copy: async (row) => ins("public.offset_categories", await categoryPayload(row)),
    patches: { default: { values: () => ({ multiplier: 1 + (next() % 5) / 10 }) } },
  });

  tableImpl("offset_transactions", {
    payload: async (row) => offsetTransactionPayload(row as OffsetTransactionKey),
    copy: (row) => ins("public.offset_transactions", offsetTransactionPayload(row as OffsetTransactionKey)),
    patches: { default: { values: () => ({ description: `description ${next()}` }) } },
  });

  const bankRequestPayload = (row: string) => ({
    kind: "transfer", contractor_organization_id: orgs.contractor_x, reviewer_organization_id: orgs.reviewer, currency: "USD",
    amount: 100, target_organization_id: orgs.contractor_y, status: row === "transfer_approved" ? "approved" : "submitted",
    ...(row === "transfer_approved" ? { decided_at: new Date().toISOString() } : {}),
  });
  tableImpl("offset_bank_requests", {
    payload: async (row) => bankRequestPayload(row),
    copy: (row) => ins("public.offset_bank_requests", bankRequestPayload(row)),
    patches: { default: { values: () => ({ note: `note ${next()}` }) } },
  });

  const ledgerLotPayload = (row: string) => ({
    entry_group: randomUUID(), contractor_organization_id: orgs[row === "lot_x" ? "contractor_x" : "contractor_y"],
    reviewer_organization_id: orgs.reviewer, account: "bank", kind: "bank_deposit", amount: 100, currency: "USD", valid_until: "2031-12-31",
  });
  tableImpl("offset_ledger_entries", {
    payload: async (row) => ledgerLotPayload(row),
    copy: (row) => ins("public.offset_ledger_entries", ledgerLotPayload(row)),
    patches: { default: { values: () => ({ memo: `memo ${next()}` }) } },
  });

  const shortlistSpec = { short_x: ["x_public", "sme_a"], short_y: ["y_public", "sme_b"] } as const;
  const shortlistPayload = async (row: string) => {
    const [need, sme] = shortlistSpec[row as keyof typeof shortlistSpec];
    return { need_id: await copyNeed(need), sme_organization_id: orgs[sme] };
  };
  tableImpl("need_shortlist_entries", {
    payload: shortlistPayload,
    copy: async (row) => ins("public.need_shortlist_entries", await shortlistPayload(row)),
    patches: { default: { values: () => ({ note: `note ${next()}` }) } },
  });

  const inquiryContractor = (row: string): OrgKey => (row.endsWith("_x") || row.endsWith("_1") ? "contractor_x" : "contractor_y");
  const inquiryCluster = (row: string): ClusterKey => (row.endsWith("_x") || row.endsWith("_1") ? "cluster_1" : "cluster_2");
  const resetInquiry = async (row: string) => {
    await q("update public.hosting_inquiries set status = 'open', closed_at = null where id = $1", [impls.get("hosting_inquiries")!.base[row]]);
  };
  tableImpl("hosting_inquiries", {
    payload: async (row) => hostingInquiryPayload(inquiryContractor(row)),
    copy: (row) => sendHostingInquiry(inquiryContractor(row), inquiryCluster(row)),
    patches: {
      close: { reset: resetInquiry, values: () => ({ status: "closed" }) },
      edit: { reset: resetInquiry, values: () => ({ title: `title ${next()}` }) },
    },
  });

  tableImpl("hosting_inquiry_clusters", {
    key: "inquiry_id",
    payload: async (row) => ({ inquiry_id: await ins("public.hosting_inquiries", hostingInquiryPayload(inquiryContractor(row))), cluster_id: clusters[inquiryCluster(row)] }),
    copy: (row) => sendHostingInquiry(inquiryContractor(row), inquiryCluster(row)),
    patches: {
      default: {
        reset: async (row) => {
          await q("update public.hosting_inquiry_clusters set status = 'pending', decline_reason = null, responded_at = null, responded_by = null where inquiry_id = $1", [
            impls.get("hosting_inquiry_clusters")!.base[row],
          ]);
        },
        values: () => ({ status: "declined", decline_reason: `no land ${next()}` }),
      },
    },
  });

  const offerCluster = (row: string): ClusterKey => (row.startsWith("offer_1") ? "cluster_1" : "cluster_2");
  const offerPayload = async (row: string) => {
    const contractor: OrgKey = offerCluster(row) === "cluster_1" ? "contractor_x" : "contractor_y";
    const inquiry = await sendHostingInquiry(contractor, offerCluster(row));
    // The competing cluster was asked too: it must not see this cluster's offer.
    if (row === "offer_1_shared") await ins("public.hosting_inquiry_clusters", { inquiry_id: inquiry, cluster_id: clusters.cluster_2 }, "inquiry_id");
    return { inquiry_id: inquiry, cluster_id: clusters[offerCluster(row)], contact_name: "RLS authority", contact_email: `${fresh("authority")}@clustermatch.test` };
  };
  tableImpl("hosting_offers", {
    payload: offerPayload,
    copy: async (row) => ins("public.hosting_offers", await offerPayload(row)),
    patches: { default: { values: () => ({ message: `message ${next()}` }) } },
  });

  for (const bucket of ["certificates", "brochures", "need-attachments", "eoi-attachments", "offset-evidence"]) {
    impls.set(`storage:${bucket}`, { kind: "storage", bucket, base: {} });
  }
}

/** Cluster invitations: the cluster that sends it and the fixture user whose address it goes to. */
const CLUSTER_INVITATIONS = { invite_1: ["cluster_1", "other_sme"], invite_2: ["cluster_2", "sme_member"] } as const;
type ClusterInvitationKey = keyof typeof CLUSTER_INVITATIONS;
const clusterInvitationIds = {} as Record<ClusterInvitationKey, string>;

/** Import rows, each in its own run: the run's organization and status. */
const IMPORT_ROW_RUNS = {
  row_1_preparing: ["authority_1", "preparing"], row_1_running: ["authority_1", "running"],
  row_2: ["authority_2", "preparing"], row_platform: ["platform", "preparing"],
} as const;
type ImportRowKey = keyof typeof IMPORT_ROW_RUNS;
const importRowRunIds = {} as Record<ImportRowKey, string>;

function importRunPayload(org: OrgKey, status: "preparing" | "running" = "preparing") {
  return { organization_id: orgs[org], mode: "dry_run", status, file_name: `${fresh("suppliers")}.csv`, file_format: "csv" };
}

const OFFSET_AGREEMENTS = { x_draft: ["contractor_x", "draft"], x_submitted: ["contractor_x", "submitted"], y_draft: ["contractor_y", "draft"] } as const;
type OffsetAgreementKey = keyof typeof OFFSET_AGREEMENTS;
const offsetAgreementIds = {} as Record<OffsetAgreementKey, string>;
function offsetAgreementPayload(row: OffsetAgreementKey) {
  const [contractor, status] = OFFSET_AGREEMENTS[row];
  return {
    contractor_organization_id: orgs[contractor], reviewer_organization_id: orgs.reviewer, program: fresh("program"),
    contract_value: 1_000_000, currency: "USD", obligation_percent: 50, deadline: "2031-12-31", status,
    ...(status === "draft" ? {} : { submitted_at: new Date().toISOString() }),
  };
}

const OFFSET_TRANSACTIONS = {
  tx_x_proposed: ["contractor_x", "sme_a", "proposed"], tx_x_submitted: ["contractor_x", "sme_a", "submitted"], tx_y_proposed: ["contractor_y", "sme_b", "proposed"],
} as const;
type OffsetTransactionKey = keyof typeof OFFSET_TRANSACTIONS;
function offsetTransactionPayload(row: OffsetTransactionKey) {
  const [contractor, sme, status] = OFFSET_TRANSACTIONS[row];
  return {
    contractor_organization_id: orgs[contractor], reviewer_organization_id: orgs.reviewer, category_code: "parts_supply", title: fresh("offset"),
    sme_organization_id: orgs[sme], value: 1000, currency: "USD", credit_currency: "USD", multiplier: 2, transaction_date: "2026-06-01", status,
    ...(status === "proposed" ? {} : { submitted_at: new Date().toISOString() }),
  };
}

function hostingInquiryPayload(contractor: OrgKey) {
  return {
    contractor_organization_id: orgs[contractor], title: fresh("division"), land_area_m2: 5000, workforce: 40, start_by: "2027-06-01",
    contact_name: "RLS contractor", contact_email: `${fresh("contractor")}@clustermatch.test`,
  };
}
/** A new inquiry of the contractor, sent to the cluster; returns the inquiry's id. */
async function sendHostingInquiry(contractor: OrgKey, cluster: ClusterKey) {
  const inquiry = await ins("public.hosting_inquiries", hostingInquiryPayload(contractor));
  await ins("public.hosting_inquiry_clusters", { inquiry_id: inquiry, cluster_id: clusters[cluster] }, "inquiry_id");
  return inquiry;
}
type ClusterKey = "cluster_1" | "cluster_2";

const threadIdsOf = () => (impls.get("message_threads") as TableImpl & { threadIds: Record<"thread_a" | "thread_b", string> }).threadIds;

async function uploadAsService(bucket: string, objectPath: string) {
  const { error } = await service.storage.from(bucket).upload(objectPath, PDF, { contentType: "application/pdf", upsert: true });
  if (error) throw new Error(`fixture upload ${bucket}/${objectPath} failed: ${error.message}`);
}

async function buildWorld() {
  processCodes = (await q<{ code: string }>("select code from public.processes order by code")).map((r) => r.code);

  for (const role of USER_ROLES) {
    const email = `rls-${role.replaceAll("_", "-")}-${run}@clustermatch.test`;
    const { data, error } = await service.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true, user_metadata: { display_name: role } });
    if (error || !data.user) throw new Error(`createUser ${role}: ${error?.message}`);
    users[role] = { id: data.user.id, email };
  }
  for (const [key, kind] of Object.entries(ORG_KINDS) as [OrgKey, string][]) {
    orgs[key] = await ins("public.organizations", { slug: `rls-${key.replaceAll("_", "-")}-${run}`, kind, name_en: `RLS ${key} ${run}` });
  }
  for (const role of USER_ROLES) {
    const [org, membershipRole] = MEMBERSHIP[role];
    membershipIds[role] = await ins("public.memberships", { organization_id: orgs[org], user_id: users[role].id, role: membershipRole });
  }
  clusters.cluster_1 = await ins("public.clusters", { slug: `rls-c1-${run}`, name_en: "RLS cluster 1", name_ko: "RLS 클러스터 1", region: "gyeongnam", center_lat: 35.2, center_lng: 128.6, managing_organization_id: orgs.authority_1 });
  clusters.cluster_2 = await ins("public.clusters", { slug: `rls-c2-${run}`, name_en: "RLS cluster 2", name_ko: "RLS 클러스터 2", region: "daejeon", center_lat: 36.3, center_lng: 127.4, managing_organization_id: orgs.authority_2 });
  await ins("public.sme_profiles", { organization_id: orgs.sme_a, published: true, cluster_id: clusters.cluster_1 }, "organization_id");
  await ins("public.sme_profiles", { organization_id: orgs.sme_b, published: false, cluster_id: clusters.cluster_2 }, "organization_id");

  for (const key of Object.keys(NEED_SPECS) as NeedKey[]) needs[key] = await copyNeed(key);
  const invitations = {
    invite_a_invited: await ins("public.need_invitations", { need_id: needs.x_invited, sme_organization_id: orgs.sme_a }),
    invite_a_export: await ins("public.need_invitations", { need_id: needs.x_export, sme_organization_id: orgs.sme_a }),
    invite_b: await ins("public.need_invitations", { need_id: needs.y_public, sme_organization_id: orgs.sme_b }),
  };
  for (const [key, spec] of Object.entries(EOI_SPECS) as [EoiKey, (typeof EOI_SPECS)[EoiKey]][]) {
    eois[key] = await insertEoi(needs[spec.need], spec.sme, spec.status);
  }
  certs.cert_a1 = await newCertificate("sme_a");
  certs.cert_a2 = await newCertificate("sme_a");
  certs.cert_b = await newCertificate("sme_b");
  const shares = {
    share_a: await ins("public.eoi_shared_certifications", { eoi_id: eois.eoi_a_submitted, certification_id: certs.cert_a1 }),
    share_b: await ins("public.eoi_shared_certifications", { eoi_id: eois.eoi_b, certification_id: certs.cert_b }),
  };
  const threadIds = threadIdsOf();
  threadIds.thread_a = await ins("public.message_threads", { eoi_id: eois.eoi_a_submitted, contractor_organization_id: orgs.contractor_x, counterparty_organization_id: orgs.sme_a });
  threadIds.thread_b = await ins("public.message_threads", { eoi_id: eois.eoi_b, contractor_organization_id: orgs.contractor_y, counterparty_organization_id: orgs.sme_b });

  const base = (name: string, rows: Record<string, string>) => Object.assign(impls.get(name)!.base, rows);
  base("organizations", orgs);
  base("profiles", Object.fromEntries(USER_ROLES.map((role) => [role, users[role].id])));
  base("memberships", membershipIds);
  const perOrg = async (name: string) => {
    const impl = impls.get(name) as TableImpl;
    for (const key of Object.keys(ORG_KINDS)) impl.base[key] = await ins(`public.${name}`, await impl.payload(key));
  };
  await perOrg("organization_invitations");
  await perOrg("api_keys");
  await perOrg("audit_log");
  for (const name of ["processes", "materials", "certification_types"]) {
    const impl = impls.get(name) as TableImpl;
    impl.base.entry = await ins(`public.${name}`, await impl.payload("entry"), "code");
  }
  base("clusters", clusters);
  base("land_parcels", {
    parcel_1: await ins("public.land_parcels", await (impls.get("land_parcels") as TableImpl).payload("parcel_1")),
    parcel_2: await ins("public.land_parcels", await (impls.get("land_parcels") as TableImpl).payload("parcel_2")),
  });
  base("sme_profiles", { sme_a: orgs.sme_a, sme_b: orgs.sme_b });
  for (const [name, prefix] of [["sme_capabilities", "capability"], ["sme_equipment", "equipment"], ["sme_sites", "site"]] as const) {
    const impl = impls.get(name) as TableImpl;
    base(name, {
      [`${prefix}_a`]: await ins(`public.${name}`, await impl.payload(`${prefix}_a`)),
      [`${prefix}_b`]: await ins(`public.${name}`, await impl.payload(`${prefix}_b`)),
    });
  }
  base("sme_certifications", certs);
  base("needs", needs);
  base("need_invitations", invitations);
  base("eois", eois);
  base("eoi_shared_certifications", shares);
  base("message_threads", threadIds);
  const messages = impls.get("messages") as TableImpl;
  for (const row of ["a_from_contractor", "a_from_sme", "b_from_contractor", "b_from_sme"]) {
    messages.base[row] = await ins("public.messages", await messages.payload(row));
  }
  for (const name of ["notifications", "saved_searches"]) {
    const impl = impls.get(name) as TableImpl;
    for (const role of USER_ROLES) impl.base[role] = await ins(`public.${name}`, await impl.payload(role));
  }
  const outbox = impls.get("search_outbox") as TableImpl;
  outbox.base.entry = await outbox.copy!("entry");

  const synonyms = impls.get("search_synonyms") as TableImpl;
  synonyms.base.entry = await synonyms.copy!("entry");
  const searchEntries = impls.get("supplier_search_entries") as TableImpl;
  await searchEntries.ensure!();
  base("supplier_search_entries", { sme_a: orgs.sme_a, sme_b: orgs.sme_b });
  for (const name of ["supplier_match_cards", "supplier_match_facts"]) {
    const impl = impls.get(name) as TableImpl;
    await impl.ensure!();
    base(name, { sme_a: orgs.sme_a, sme_b: orgs.sme_b });
  }

  for (const [row, [cluster, invitee]] of Object.entries(CLUSTER_INVITATIONS) as [ClusterInvitationKey, (typeof CLUSTER_INVITATIONS)[ClusterInvitationKey]][]) {
    clusterInvitationIds[row] = await ins("public.cluster_invitations", { cluster_id: clusters[cluster], email: users[invitee].email });
  }
  base("cluster_invitations", clusterInvitationIds);

  const offsetDefaults = impls.get("offset_default_categories") as TableImpl;
  offsetDefaults.base.entry = await offsetDefaults.copy!("entry");
  for (const row of Object.keys(OFFSET_AGREEMENTS) as OffsetAgreementKey[]) {
    offsetAgreementIds[row] = await ins("public.offset_agreements", offsetAgreementPayload(row));
  }
  base("offset_agreements", offsetAgreementIds);
  const offsetCategories = impls.get("offset_categories") as TableImpl;
  for (const row of ["cat_x_draft", "cat_x_submitted", "cat_y_draft"]) offsetCategories.base[row] = await ins("public.offset_categories", await offsetCategories.payload(row));
  const offsetTransactions = {} as Record<OffsetTransactionKey, string>;
  for (const row of Object.keys(OFFSET_TRANSACTIONS) as OffsetTransactionKey[]) {
    offsetTransactions[row] = await ins("public.offset_transactions", offsetTransactionPayload(row));
  }
  base("offset_transactions", offsetTransactions);
  for (const name of ["offset_bank_requests", "offset_ledger_entries", "need_shortlist_entries", "hosting_offers"]) {
    const impl = impls.get(name) as TableImpl;
    for (const row of Object.keys(MATRIX.find((t) => t.name === name)!.rows)) impl.base[row] = await impl.copy!(row);
  }
  base("hosting_inquiries", { inquiry_x: await sendHostingInquiry("contractor_x", "cluster_1"), inquiry_y: await sendHostingInquiry("contractor_y", "cluster_2") });
  base("hosting_inquiry_clusters", { recipient_1: await sendHostingInquiry("contractor_x", "cluster_1"), recipient_2: await sendHostingInquiry("contractor_y", "cluster_2") });

  await perOrg("import_runs");
  const importRows = impls.get("import_rows") as TableImpl;
  for (const [row, [org, status]] of Object.entries(IMPORT_ROW_RUNS) as [ImportRowKey, (typeof IMPORT_ROW_RUNS)[ImportRowKey]][]) {
    importRowRunIds[row] = await ins("public.import_runs", importRunPayload(org, status));
    importRows.base[row] = await ins("public.import_rows", await importRows.payload(row));
  }

  const files: Record<string, Record<string, string>> = {
    "storage:certificates": {
      file_a1: `${orgs.sme_a}/${certs.cert_a1}/certificate.pdf`,
      file_a2: `${orgs.sme_a}/${certs.cert_a2}/certificate.pdf`,
      file_b: `${orgs.sme_b}/${certs.cert_b}/certificate.pdf`,
    },
    "storage:brochures": { file_a: `${orgs.sme_a}/brochure.pdf`, file_b: `${orgs.sme_b}/brochure.pdf` },
    "storage:need-attachments": {
      file_x_public: `${orgs.contractor_x}/${needs.x_public}/spec.pdf`,
      file_x_invited: `${orgs.contractor_x}/${needs.x_invited}/spec.pdf`,
      file_y_draft: `${orgs.contractor_y}/${needs.y_draft}/spec.pdf`,
    },
    "storage:offset-evidence": {
      file_x_proposed: `${orgs.contractor_x}/${offsetTransactions.tx_x_proposed}/evidence.pdf`,
      file_x_submitted: `${orgs.contractor_x}/${offsetTransactions.tx_x_submitted}/evidence.pdf`,
      file_y_proposed: `${orgs.contractor_y}/${offsetTransactions.tx_y_proposed}/evidence.pdf`,
    },
    "storage:eoi-attachments": {
      file_a_submitted: `${orgs.sme_a}/${eois.eoi_a_submitted}/offer.pdf`,
      file_a_draft: `${orgs.sme_a}/${eois.eoi_a_draft}/offer.pdf`,
      file_b: `${orgs.sme_b}/${eois.eoi_b}/offer.pdf`,
    },
  };
  for (const [name, rows] of Object.entries(files)) {
    const impl = impls.get(name) as StorageImpl;
    for (const [row, objectPath] of Object.entries(rows)) {
      await uploadAsService(impl.bucket, objectPath);
      impl.base[row] = objectPath;
    }
  }

  clients.anonymous = newClient();
  for (const role of USER_ROLES) {
    const client = newClient();
    const { error } = await client.auth.signInWithPassword({ email: users[role].email, password: PASSWORD });
    if (error) throw new Error(`sign-in as ${role}: ${error.message}`);
    clients[role] = client;
  }
}

// ------------------------------------------------------------------------------------------------
// Running one cell

type Outcome = { ok: true } | { ok: false; refusal: boolean; message: string };

/** A refusal by RLS or privileges, as opposed to a broken fixture or request. */
function isRefusal(error: { code?: string; message?: string; statusCode?: string | number } | null) {
  if (!error) return false;
  if (error.code === "42501") return true;
  return /row-level security|permission denied|not allowed|unauthori[sz]ed|access denied/i.test(error.message ?? "");
}

async function tableOutcome(promise: PromiseLike<{ error: any; count?: number | null }>, expectOneRow: boolean): Promise<Outcome> {
  const { error, count } = await promise;
  if (error) return { ok: false, refusal: isRefusal(error), message: `${error.code ?? ""} ${error.message}` };
  if (expectOneRow && count !== 1) return { ok: false, refusal: true, message: `affected ${count} rows` };
  return { ok: true };
}

async function storageObjectExists(bucket: string, name: string) {
  return (await q("select 1 from storage.objects where bucket_id = $1 and name = $2", [bucket, name])).length > 0;
}

function folderOf(objectPath: string) {
  return objectPath.slice(0, objectPath.lastIndexOf("/"));
}

async function attempt(impl: Impl, role: Role, operation: Operation, row: string, patchName: string): Promise<Outcome> {
  const client = clients[role];
  if (impl.kind === "storage") {
    const storage = client.storage.from(impl.bucket);
    const objectPath = impl.base[row]!;
    const failure = (error: { message: string }) => ({ ok: false as const, refusal: isRefusal(error) || /not found/i.test(error.message), message: error.message });
    if (operation === "select") {
      const { error } = await storage.download(objectPath);
      return error ? failure(error) : { ok: true };
    }
    if (operation === "insert") {
      const { error } = await storage.upload(`${folderOf(objectPath)}/new-${next()}.pdf`, PDF, { contentType: "application/pdf" });
      return error ? failure(error) : { ok: true };
    }
    if (operation === "update") {
      const { error } = await storage.update(objectPath, PDF, { contentType: "application/pdf" });
      return error ? failure(error) : { ok: true };
    }
    const copyPath = `${folderOf(objectPath)}/copy-${next()}.pdf`;
    await uploadAsService(impl.bucket, copyPath);
    const { error } = await storage.remove([copyPath]);
    const gone = !(await storageObjectExists(impl.bucket, copyPath));
    if (!gone) await service.storage.from(impl.bucket).remove([copyPath]);
    if (error) return failure(error);
    return gone ? { ok: true } : { ok: false, refusal: true, message: "not removed" };
  }

  const from = () => client.from(impl.table.replace(/^public\./, ""));
  if (operation === "insert") {
    const payload = await impl.payload(row);
    try {
      return await tableOutcome(from().insert(payload), false);
    } finally {
      await impl.afterInsert?.(row);
    }
  }
  if (operation === "update") {
    const patch = impl.patches[patchName]!;
    await patch.reset?.(row);
    try {
      return await tableOutcome(from().update(patch.values(row), { count: "exact" }).eq(impl.key, impl.base[row]!), true);
    } finally {
      await patch.reset?.(row);
    }
  }
  // delete
  const target = impl.copy ? await impl.copy(row) : impl.base[row]!;
  const outcome = await tableOutcome(from().delete({ count: "exact" }).eq(impl.key, target), true);
  const stillThere = (await q(`select 1 from ${impl.table} where ${impl.key}::text = $1`, [target])).length > 0;
  if (outcome.ok !== !stillThere) throw new Error(`delete on ${impl.table} reported ${outcome.ok ? "success" : "failure"} but the row is ${stillThere ? "still there" : "gone"}`);
  if (!stillThere && !impl.copy) await impl.restore!(row);
  if (stillThere && impl.copy) await q(`delete from ${impl.table} where ${impl.key}::text = $1`, [target]).catch(() => undefined);
  return outcome;
}

async function visibleRows(impl: Impl, role: Role): Promise<string[]> {
  if (impl.kind === "storage") {
    const visible: string[] = [];
    for (const row of Object.keys(impl.base)) {
      const outcome = await attempt(impl, role, "select", row, "default");
      if (outcome.ok) visible.push(row);
      else if (!outcome.refusal) throw new Error(`download ${row} failed unexpectedly: ${outcome.message}`);
    }
    return visible;
  }
  const ids = Object.values(impl.base);
  const { data, error } = await clients[role].from(impl.table.replace(/^public\./, "")).select(impl.key).in(impl.key, ids);
  if (error) {
    if (isRefusal(error)) return [];
    throw new Error(`select failed unexpectedly: ${error.code} ${error.message}`);
  }
  const seen = new Set((data as unknown as Record<string, unknown>[]).map((r) => String(r[impl.key])));
  return Object.entries(impl.base).filter(([, id]) => seen.has(id)).map(([row]) => row);
}

async function runCell(table: MatrixTable, role: Role, operation: Operation) {
  const impl = impls.get(table.name)!;
  if (impl.kind === "table") await impl.ensure?.();
  const expected = expectedRows(table, operation, table.cells[operation][role]);
  const actual: Record<string, string[]> = {};
  if (operation === "select") {
    actual.default = await visibleRows(impl, role);
    return { expected: { default: [...(expected.default ?? [])].sort() }, actual: { default: actual.default.sort() } };
  }
  const variants = operation === "update" ? Object.keys(expected) : ["default"];
  for (const variant of variants) {
    actual[variant] = [];
    for (const row of Object.keys(table.rows)) {
      const outcome = await attempt(impl, role, operation, row, variant);
      if (outcome.ok) actual[variant].push(row);
      else if (!outcome.refusal) throw new Error(`${operation} ${row} (${variant}) failed with an error that is not a refusal: ${outcome.message}`);
    }
    actual[variant].sort();
  }
  const sortedExpected = Object.fromEntries(variants.map((v) => [v, [...(expected[v] ?? [])].sort()]));
  return { expected: sortedExpected, actual };
}

// ------------------------------------------------------------------------------------------------

beforeAll(async () => {
  defineImplementations();
  await buildWorld();
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(clients).map((client) => client.auth.signOut().catch(() => undefined)));
  await db.end();
});

describe("the RLS matrix is well formed and complete", () => {
  it("has a cell for every role and operation, and scoped cells name a proper subset of rows", () => {
    for (const table of MATRIX) {
      const rows = Object.keys(table.rows);
      const variants = Object.keys(table.patches ?? { default: "" });
      for (const operation of OPERATIONS) {
        for (const role of ROLES) {
          const cell = table.cells[operation][role];
          expect(cell, `${table.name} ${operation} ${role}`).toBeDefined();
          if (cell.access !== "scoped") continue;
          const perVariant = expectedRows(table, operation, cell);
          const keys = operation === "update" ? variants : [Object.keys(perVariant)[0]!];
          if (operation === "update") expect(Object.keys(perVariant).sort()).toEqual([...variants].sort());
          const flat = keys.flatMap((k) => perVariant[k] ?? []);
          for (const row of flat) expect(rows, `${table.name} ${operation} ${role} names unknown row ${row}`).toContain(row);
          const everything = keys.every((k) => (perVariant[k] ?? []).length === rows.length);
          expect(everything, `${table.name} ${operation} ${role}: a scoped cell covering every row should say "allowed"`).toBe(false);
          expect(flat.length, `${table.name} ${operation} ${role}: a scoped cell covering no row should say "denied"`).toBeGreaterThan(0);
        }
      }
    }
  });

  it("covers every table in public (all with RLS on) and every storage bucket", async () => {
    const tables = await q<{ tablename: string; rowsecurity: boolean }>("select tablename, rowsecurity from pg_tables where schemaname = 'public' order by tablename");
    expect(tables.filter((t) => !t.rowsecurity).map((t) => t.tablename)).toEqual([]);
    const matrixTables = new Set(MATRIX.filter((t) => !t.name.startsWith("storage:")).map((t) => t.name));
    const missing = tables.map((t) => t.tablename).filter((name) => !matrixTables.has(name));
    expect(missing, "tables without rows in test/rls-matrix.ts (add them, with fixtures in this file)").toEqual([]);
    expect([...matrixTables].filter((name) => !tables.some((t) => t.tablename === name)), "matrix tables that do not exist").toEqual([]);
    const buckets = await q<{ id: string }>("select id from storage.buckets order by id");
    expect(buckets.map((b) => `storage:${b.id}`).sort()).toEqual(MATRIX.filter((t) => t.name.startsWith("storage:")).map((t) => t.name).sort());
  });

  it("has a fixture implementation with exactly the matrix's rows and update variants for every table", () => {
    for (const table of MATRIX) {
      const impl = impls.get(table.name);
      expect(impl, table.name).toBeDefined();
      expect(Object.keys(impl!.base).sort(), table.name).toEqual(Object.keys(table.rows).sort());
      if (impl!.kind === "table") expect(Object.keys(impl!.patches).sort(), table.name).toEqual(Object.keys(table.patches ?? { default: "" }).sort());
    }
  });

  it("is shown unchanged in docs/security.md", () => {
    const doc = fs.readFileSync(path.join(import.meta.dirname, "..", "docs", "security.md"), "utf8");
    const start = doc.indexOf(MATRIX_BEGIN);
    const end = doc.indexOf(MATRIX_END);
    expect(start, "docs/security.md lacks the matrix markers").toBeGreaterThanOrEqual(0);
    expect(doc.slice(start, end + MATRIX_END.length)).toBe(renderMatrixMarkdown());
  });
});

for (const table of MATRIX) {
  describe(`RLS matrix: ${table.name}`, () => {
    for (const operation of OPERATIONS) {
      for (const role of ROLES) {
        const cell = table.cells[operation][role];
        const label = cell.access === "scoped" ? `scoped (${cell.scope})` : cell.access;
        it(`${role} ${operation}: ${label}`, async () => {
          const { expected, actual } = await runCell(table, role, operation);
          expect(actual).toEqual(expected);
        });
      }
    }
  });
}
