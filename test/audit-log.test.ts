/**
 * The audit log page (/settings/audit-log) and what feeds it: membership and role changes,
 * invitations and API keys are written by the database itself; an organization's owner sees its
 * entries, a plain member and another organization's admin see none of them, the platform sees
 * all. Through the built server in this process (see api-harness.ts) and supabase-js as each user.
 */
import { randomBytes } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import ws from "ws";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signedInClient, sessionCookie, startHarness, type Harness } from "./api-harness";

const stack = inject("stack");
const run = randomBytes(4).toString("hex");
const PASSWORD = `Audit-test-${run}!`;
const clientOptions = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }, realtime: { transport: ws as never } };

let app: Harness;
let db: pg.Pool;
let admin: SupabaseClient;
const orgs = { a: "", b: "" };
const people = {} as Record<"ownerA" | "memberA" | "ownerB", { id: string; email: string; cookie: string; client: SupabaseClient }>;
let membershipOfMemberA = "";
let apiKeyA = "";

const q = async <T extends pg.QueryResultRow = Record<string, any>>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows;

async function newPerson(label: keyof typeof people, organizationId: string, role: "owner" | "member") {
  const email = `audit-${label.toLowerCase()}-${run}@example.test`;
  const created = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true, user_metadata: { display_name: `Audit ${label}` } });
  if (created.error || !created.data.user) throw new Error(`create ${email}: ${created.error?.message}`);
  const [membership] = await q<{ id: string }>("insert into public.memberships (organization_id, user_id, role) values ($1, $2, $3) returning id::text", [
    organizationId,
    created.data.user.id,
    role,
  ]);
  people[label] = {
    id: created.data.user.id,
    email,
    cookie: await sessionCookie(stack, email, PASSWORD),
    client: await signedInClient(stack, email, PASSWORD),
  };
  return membership!.id;
}

const page = async (cookie: string, query = "") => {
  const response = await app.call(`/settings/audit-log${query}`, { cookie });
  return { status: response.status, html: await response.text() };
};

beforeAll(async () => {
  app = await startHarness(stack);
  db = new pg.Pool({ connectionString: stack.databaseUrl, max: 3 });
  admin = createClient(stack.supabaseUrl, stack.serviceRoleKey, clientOptions);
  for (const key of ["a", "b"] as const) {
    const [row] = await q<{ id: string }>("insert into public.organizations (slug, kind, name_en, country, is_fictional) values ($1, 'contractor', $2, 'US', true) returning id::text", [
      `audit-${key}-${run}`,
      `Audit Org ${key.toUpperCase()} ${run}`,
    ]);
    orgs[key] = row!.id;
  }
  await newPerson("ownerA", orgs.a, "owner");
  membershipOfMemberA = await newPerson("memberA", orgs.a, "member");
  await newPerson("ownerB", orgs.b, "owner");
  // A promotion and a demotion, an invitation, a key created and revoked: each leaves an entry.
  await q("update public.memberships set role = 'admin' where id = $1", [membershipOfMemberA]);
  await q("update public.memberships set role = 'member' where id = $1", [membershipOfMemberA]);
  await q("insert into public.organization_invitations (organization_id, email, role, token_hash) values ($1, $2, 'member', $3)", [
    orgs.a,
    `invitee-${run}@example.test`,
    randomBytes(32).toString("hex"),
  ]);
  const [key] = await q<{ id: string }>("insert into public.api_keys (organization_id, name, prefix, key_hash) values ($1, $2, $3, $4) returning id::text", [
    orgs.a,
    `Audit key ${run}`,
    `cm_${randomBytes(6).toString("hex")}`,
    randomBytes(32).toString("hex"),
  ]);
  apiKeyA = key!.id;
  await q("update public.api_keys set revoked_at = now() where id = $1", [apiKeyA]);
}, 120_000);

afterAll(async () => {
  if (db) {
    await q("delete from public.organizations where id = any($1::uuid[])", [[orgs.a, orgs.b].filter(Boolean)]).catch(() => undefined);
    for (const person of Object.values(people)) await admin.auth.admin.deleteUser(person.id).catch(() => undefined);
    await db.end();
  }
  app?.restoreEnv();
});

describe("audit entries written by the database", () => {
  it("records membership and role changes, invitations and API key creation and revocation", async () => {
    const rows = await q<{ action: string; details: Record<string, unknown> }>(
      "select action, details from public.audit_log where organization_id = $1 order by id",
      [orgs.a],
    );
    const actions = rows.map((row) => row.action);
    expect(actions.filter((action) => action === "membership.added")).toHaveLength(2);
    expect(rows.filter((row) => row.action === "membership.role_changed").map((row) => [row.details.from, row.details.to])).toEqual([
      ["member", "admin"],
      ["admin", "member"],
    ]);
    expect(actions).toContain("membership.invited");
    expect(actions).toContain("api_key.created");
    expect(actions).toContain("api_key.revoked");
    // An unchanged role is no change.
    await q("update public.memberships set role = 'member' where id = $1", [membershipOfMemberA]);
    const [changes] = await q<{ count: number }>("select count(*)::int from public.audit_log where entity_id = $1 and action = 'membership.role_changed'", [
      membershipOfMemberA,
    ]);
    expect(changes!.count).toBe(2);
  });
});

describe("who reads the audit log", () => {
  it("shows the organization's owner its entries, in a table, with a link in the header", async () => {
    const { status, html } = await page(people.ownerA.cookie);
    expect(status).toBe(200);
    expect(html).toContain("<table");
    for (const label of ["Member added", "Role changed", "Member invited", "API key created", "API key revoked"]) expect(html).toContain(label);
    expect(html).toContain(`Audit key ${run}`);
    expect(html).toContain('href="/settings/audit-log"');

    const { data, error } = await people.ownerA.client.from("audit_log").select("organization_id, actor_organization_id").eq("organization_id", orgs.a);
    expect(error).toBeNull();
    expect(data!.length).toBeGreaterThanOrEqual(7);
  });

  it("filters by kind of action and in Korean", async () => {
    const { html } = await page(people.ownerA.cookie, `?org=${orgs.a}&category=api_keys`);
    expect(html).toContain("API key created");
    expect(html).not.toContain("Member added");
    const response = await app.call(`/settings/audit-log?org=${orgs.a}&category=membership`, { cookie: people.ownerA.cookie, language: "ko" });
    const korean = await response.text();
    expect(korean).toContain("구성원 추가");
    expect(korean).toContain("역할 변경");
  });

  it("shows a member who is not an admin nothing, and no link", async () => {
    const { status, html } = await page(people.memberA.cookie);
    expect(status).toBe(403);
    expect(html).not.toContain("<table");
    expect(html).not.toContain(`Audit key ${run}`);
    const account = await app.call("/account", { cookie: people.memberA.cookie });
    expect(await account.text()).not.toContain('href="/settings/audit-log"');

    const { data, error } = await people.memberA.client.from("audit_log").select("id").eq("organization_id", orgs.a);
    expect(error).toBeNull();
    expect(data).toEqual([]);
  });

  it("shows another organization's admin none of it, even when asked for it", async () => {
    const own = await page(people.ownerB.cookie);
    expect(own.status).toBe(200);
    expect(own.html).not.toContain(`Audit key ${run}`);
    const asked = await page(people.ownerB.cookie, `?org=${orgs.a}`);
    expect(asked.status).toBe(400);
    expect(asked.html).not.toContain(`Audit key ${run}`);
    expect(asked.html).not.toContain("Role changed");

    const { data, error } = await people.ownerB.client.from("audit_log").select("id").eq("organization_id", orgs.a);
    expect(error).toBeNull();
    expect(data).toEqual([]);
  });

  it("shows the platform every organization's entries", async () => {
    const platformCookie = await sessionCookie(stack, "platform@clustermatch.test", "ClusterMatch!2026");
    const { status, html } = await page(platformCookie, `?org=all&category=api_keys`);
    expect(status).toBe(200);
    expect(html).toContain(`Audit Org A ${run}`);
  });

  it("refuses a malformed filter with a 400 and still shows the page", async () => {
    const { status, html } = await page(people.ownerA.cookie, "?category=everything&page=-3");
    expect(status).toBe(400);
    expect(html).toContain("That filter is not valid");
  });

  it("pages through long logs, and says so when a page is empty", async () => {
    await q(
      `insert into public.audit_log (organization_id, action, entity_type, entity_id, details)
       select $1, 'membership.role_changed', 'memberships', 'bulk-' || n, jsonb_build_object('from', 'member', 'to', 'admin')
       from generate_series(1, 30) n`,
      [orgs.a],
    );
    const first = await page(people.ownerA.cookie, `?org=${orgs.a}&category=membership`);
    expect(first.html).toMatch(/Page 1 of 2/);
    expect(first.html).toContain('rel="next"');
    const second = await page(people.ownerA.cookie, `?org=${orgs.a}&category=membership&page=2`);
    expect(second.html).toMatch(/Page 2 of 2/);
    expect(second.html).toContain("Member added");
    const beyond = await page(people.ownerA.cookie, `?org=${orgs.a}&category=membership&page=9`);
    expect(beyond.status).toBe(200);
    expect(beyond.html).toContain("No entries match");
  });
});
