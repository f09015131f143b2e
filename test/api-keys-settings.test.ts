/**
 * The API key settings page and the API documentation page, through the built server in this
 * process (see api-harness.ts): keys are shown once, stored as a SHA-256 fingerprint, scoped to
 * one organization, audited, and stop working the moment they are revoked.
 */
import { createHash, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generateApiKey } from "../app/api/keys.server";
import { anonClient, sessionCookie, startHarness, type Harness } from "./api-harness";

const stack = inject("stack");
const PASSWORD = "ClusterMatch!2026";
const DATA = "_data=routes%2Fsettings.api-keys";

let app: Harness;
let db: pg.Client;
let ownerCookie: string;
let organizationId: string;
let ownerId: string;

async function form(cookie: string, fields: Record<string, string>) {
  return app.call(`/settings/api-keys?${DATA}`, {
    method: "POST",
    cookie,
    origin: new URL(app.siteUrl).origin,
    body: new URLSearchParams(fields).toString(),
    contentType: "application/x-www-form-urlencoded",
  });
}

beforeAll(async () => {
  app = await startHarness(stack);
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  const owner = (
    await db.query(
      `select m.organization_id, m.user_id from memberships m join auth.users u on u.id = m.user_id
       where u.email = 'contractor@clustermatch.test' and m.role = 'owner'`
    )
  ).rows[0];
  organizationId = owner.organization_id;
  ownerId = owner.user_id;
  ownerCookie = await sessionCookie(stack, "contractor@clustermatch.test", PASSWORD);
});

afterAll(async () => {
  app?.restoreEnv();
  await db?.end();
});

describe("API key settings", () => {
  it("sends visitors who are not signed in to sign in", async () => {
    const response = await app.call("/settings/api-keys");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toContain("/sign-in");
  });

  it("creates a key shown once, stored only as its fingerprint, audited, and working at once", async () => {
    const name = `ERP sync ${randomUUID().slice(0, 6)}`;
    const response = await form(ownerCookie, { intent: "create", organization_id: organizationId, name });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toContain("no-store");
    const result = await response.json();
    const { key, prefix, id } = result.created as { key: string; prefix: string; id: string };
    expect(key.startsWith(`${prefix}_`)).toBe(true);

    const row = (await db.query(`select organization_id, prefix, key_hash, created_by from api_keys where id = $1`, [id])).rows[0];
    expect(row).toMatchObject({ organization_id: organizationId, prefix, created_by: ownerId });
    expect(row.key_hash).toBe(createHash("sha256").update(key).digest("hex"));
    const everything = JSON.stringify((await db.query(`select * from api_keys where id = $1`, [id])).rows[0]);
    expect(everything).not.toContain(key.slice(prefix.length + 1));

    const audit = (
      await db.query(`select action, actor_user_id, organization_id, details from audit_log where entity_type = 'api_keys' and entity_id = $1`, [id])
    ).rows;
    expect(audit).toEqual([{ action: "api_key.created", actor_user_id: ownerId, organization_id: organizationId, details: { name, prefix } }]);

    const api = await app.call("/api/v1/needs?mine=true", { key, ip: "203.0.113.10" });
    expect(api.status).toBe(200);
    const page = await (await app.call("/settings/api-keys", { cookie: ownerCookie })).text();
    expect(page).toContain(prefix);
    expect(page).not.toContain(key);
    expect(page).toContain(name);
  });

  it("refuses a nameless key with a field message and writes nothing", async () => {
    const before = (await db.query(`select count(*)::int as n from api_keys where organization_id = $1`, [organizationId])).rows[0].n;
    const response = await form(ownerCookie, { intent: "create", organization_id: organizationId, name: "   " });
    expect(response.status).toBe(400);
    const result = await response.json();
    expect(result.fieldErrors.name).toBe("Give the key a name.");
    expect(result.created).toBeNull();
    expect((await db.query(`select count(*)::int as n from api_keys where organization_id = $1`, [organizationId])).rows[0].n).toBe(before);
  });

  it("revokes a key: audited, and the API refuses it from then on", async () => {
    const created = await (await form(ownerCookie, { intent: "create", organization_id: organizationId, name: "to revoke" })).json();
    const { key, id } = created.created;
    expect((await app.call("/api/v1/needs?mine=true", { key, ip: "203.0.113.11" })).status).toBe(200);
    const response = await form(ownerCookie, { intent: "revoke", organization_id: organizationId, key_id: id });
    expect(response.status).toBe(200);
    expect((await response.json()).revokedName).toBe("to revoke");
    expect((await app.call("/api/v1/needs?mine=true", { key, ip: "203.0.113.12" })).status).toBe(401);
    const actions = (await db.query(`select action from audit_log where entity_type = 'api_keys' and entity_id = $1 order by id`, [id])).rows.map(
      (row) => row.action
    );
    expect(actions).toEqual(["api_key.created", "api_key.revoked"]);
    // Revoking twice is "not found", not a second audit entry.
    expect((await form(ownerCookie, { intent: "revoke", organization_id: organizationId, key_id: id })).status).toBe(404);
  });

  it("cannot touch another organization's keys", async () => {
    const other = (await db.query(`select id from organizations where kind = 'contractor' and id <> $1 limit 1`, [organizationId])).rows[0].id;
    const generated = generateApiKey();
    const foreign = (
      await db.query(`insert into api_keys (organization_id, name, prefix, key_hash) values ($1, 'foreign', $2, $3) returning id`, [
        other,
        generated.prefix,
        generated.hash,
      ])
    ).rows[0].id;
    // Its own organization in the form, another's key id: row-level security hides the key.
    expect((await form(ownerCookie, { intent: "revoke", organization_id: organizationId, key_id: foreign })).status).toBe(404);
    // Another organization in the form: refused before anything is read.
    expect((await form(ownerCookie, { intent: "revoke", organization_id: other, key_id: foreign })).status).toBe(403);
    expect((await form(ownerCookie, { intent: "create", organization_id: other, name: "sneaky" })).status).toBe(403);
    expect((await db.query(`select revoked_at from api_keys where id = $1`, [foreign])).rows[0].revoked_at).toBeNull();
    expect((await db.query(`select count(*)::int as n from api_keys where organization_id = $1 and name = 'sneaky'`, [other])).rows[0].n).toBe(0);
  });

  it("tells a user without an organization that only admins manage keys, in Korean too", async () => {
    const email = `api-keys-${randomUUID().slice(0, 8)}@example.com`;
    const { error } = await anonClient(stack).auth.signUp({
      email,
      password: "correct-horse-42",
      options: { data: { display_name: "No Org", locale: "ko" } },
    });
    expect(error).toBeNull();
    const cookie = await sessionCookie(stack, email, "correct-horse-42");
    const english = await app.call("/settings/api-keys", { cookie });
    expect(english.status).toBe(403);
    expect(await english.text()).toContain("Only organization admins manage API keys");
    const korean = await app.call("/settings/api-keys", { cookie, language: "ko" });
    expect(await korean.text()).toContain("API 키는 조직 관리자만 관리할 수 있습니다");
  });
});

describe("API documentation page", () => {
  it("renders every operation, the problem types and the schemas, with no script from elsewhere", async () => {
    const response = await app.call("/api/docs");
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const id of ["searchSuppliers", "getSupplier", "matchSuppliers", "listNeeds", "createNeed", "getNeedMatches", "importSuppliers"]) {
      expect(html).toContain(`id="op-${id}"`);
    }
    for (const anchor of ["problem-validation-failed", "problem-rate-limited", "problem-invalid-api-key"]) expect(html).toContain(`id="${anchor}"`);
    expect(html).toContain('id="schema-MatchRequest"');
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1]!);
    for (const src of scripts) expect(src.startsWith("/")).toBe(true);
    expect(html).toMatch(/<html lang="en"/);
  });

  it("is in Korean for Korean readers", async () => {
    const html = await (await app.call("/api/docs", { language: "ko" })).text();
    expect(html).toMatch(/<html lang="ko"/);
    expect(html).toContain("공급업체 검색");
    expect(html).toContain("요청 한도");
  });
});
