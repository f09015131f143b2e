/**
 * Contract tests of public API v1: every endpoint's answers — successes and errors — must be
 * listed for that operation in /api/v1/openapi.json and validate against the schema it names
 * there. The built server runs in-process against the real test stack (PostgreSQL, PostgREST,
 * the gateway, Meilisearch), so row-level security, the key lookup and the matcher are the real
 * ones. The last test checks that every documented status (except 500 and 503) was seen.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generateApiKey } from "../app/api/keys.server";
import { sessionCookie, signedInClient, startHarness, type CallOptions, type Harness } from "./api-harness";
import { validate, type Schema } from "./json-schema";

const stack = inject("stack");
const PASSWORD = "ClusterMatch!2026";
const KEY_BURST = 40;
const IP_BURST = 40;

type Operation = {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> }>;
};
type OpenApi = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

let api: Harness;
let db: pg.Client;
let document: OpenApi;
const observed = new Map<string, Set<string>>();
let ipCounter = 0;
/** A fresh client address per test, so the address limit only bites where a test wants it to. */
const freshIp = () => `198.51.100.${++ipCounter}`;

const ids = {
  contractorA: "",
  contractorB: "",
  sme: "",
  cluster: "",
  publishedSupplier: "",
  needBPublic: "",
  needBInvited: "",
};
const keys = { contractorA: "", contractorB: "", sme: "", cluster: "", limited: "" };

async function one<T>(sql: string, values: unknown[] = []): Promise<T> {
  const { rows } = await db.query(sql, values);
  if (rows.length === 0) throw new Error(`No row for: ${sql}`);
  return rows[0] as T;
}

async function orgOf(email: string): Promise<string> {
  return (
    await one<{ id: string }>(
      `select m.organization_id as id from memberships m join auth.users u on u.id = m.user_id where u.email = $1 and m.role = 'owner'`,
      [email]
    )
  ).id;
}

/** Keys made the way production makes them would need the settings page; here the owner inserts through RLS. */
async function keyFor(organizationId: string, name: string): Promise<string> {
  const generated = generateApiKey();
  await db.query(`insert into api_keys (organization_id, name, prefix, key_hash) values ($1, $2, $3, $4)`, [
    organizationId,
    name,
    generated.prefix,
    generated.hash,
  ]);
  return generated.key;
}

function operationFor(path: string, method: string): Operation {
  const template = Object.keys(document.paths).find((candidate) => {
    const pattern = new RegExp(`^${candidate.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    return pattern.test(path);
  });
  const operation = template ? document.paths[template]?.[method.toLowerCase()] : undefined;
  if (!operation) throw new Error(`${method} ${path} is not in the OpenAPI document`);
  return operation;
}

/** Asserts the response is documented for the operation and matches its schema; returns the body. */
async function expectDocumented(response: Response, apiPath: string, method = "GET"): Promise<any> {
  const operation = operationFor(apiPath.split("?")[0]!, method);
  const status = String(response.status);
  const text = await response.text();
  expect(Object.keys(operation.responses), `${method} ${apiPath} answered ${status}: ${text.slice(0, 500)}`).toContain(status);
  const documented = operation.responses[status]!;
  const [mediaType, media] = Object.entries(documented.content ?? {})[0] ?? [];
  expect(mediaType, `${operation.operationId} ${status} documents a body`).toBeDefined();
  expect(response.headers.get("Content-Type") ?? "").toContain(mediaType!);
  const body = JSON.parse(text);
  const errors = validate(media!.schema, body, document);
  expect(errors, `${operation.operationId} ${status} body does not match the document: ${text.slice(0, 800)}`).toEqual([]);
  for (const header of Object.keys(documented.headers ?? {})) {
    if (header === "Location" || header === "Retry-After" || header === "Allow") {
      expect(response.headers.get(header), `${operation.operationId} ${status} header ${header}`).toBeTruthy();
    }
  }
  if (status === "429") expect(response.headers.get("Retry-After")).toMatch(/^[1-9]\d*$/);
  if (!observed.has(operation.operationId)) observed.set(operation.operationId, new Set());
  observed.get(operation.operationId)!.add(status);
  return body;
}

/** `documentedAs`: the operation whose documented answers apply (for a method the path lacks: 405). */
async function request(path: string, options: CallOptions & { documentedAs?: string } = {}) {
  const { documentedAs, ...callOptions } = options;
  const response = await api.call(`/api/v1${path}`, { ip: freshIp(), ...callOptions });
  const body = await expectDocumented(response, path, documentedAs ?? options.method ?? "GET");
  return { response, body };
}

function expectFieldError(body: { errors?: Array<{ field: string; message_en: string; message_ko: string }> }, field: string) {
  const error = body.errors?.find((entry) => entry.field === field);
  expect(error, `no error for ${field} in ${JSON.stringify(body.errors)}`).toBeDefined();
  expect(error!.message_en).not.toBe("");
  expect(error!.message_ko).toMatch(/[가-힣]/);
}

beforeAll(async () => {
  api = await startHarness(stack, {
    API_RATE_LIMIT_KEY_BURST: String(KEY_BURST),
    // Refills slow enough that no bucket refills noticeably while a test runs.
    API_RATE_LIMIT_KEY_PER_MINUTE: "1",
    API_RATE_LIMIT_IP_BURST: String(IP_BURST),
    API_RATE_LIMIT_IP_PER_MINUTE: "1",
  });
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();

  ids.contractorA = await orgOf("contractor@clustermatch.test");
  ids.sme = await orgOf("sme@clustermatch.test");
  ids.cluster = await orgOf("cluster@clustermatch.test");
  ids.contractorB = (
    await one<{ id: string }>(`select id from organizations where kind = 'contractor' and id <> $1 order by slug limit 1`, [ids.contractorA])
  ).id;
  ids.publishedSupplier = (
    await one<{ id: string }>(`select organization_id as id from sme_profiles where published order by organization_id limit 1`)
  ).id;

  // Contractor A's owner creates A's key through row-level security, as the settings page does.
  const owner = await signedInClient(stack, "contractor@clustermatch.test", PASSWORD);
  const generated = generateApiKey();
  const { error } = await owner
    .from("api_keys")
    .insert({ organization_id: ids.contractorA, name: "contract tests", prefix: generated.prefix, key_hash: generated.hash });
  expect(error).toBeNull();
  keys.contractorA = generated.key;
  keys.contractorB = await keyFor(ids.contractorB, "contract tests B");
  keys.sme = await keyFor(ids.sme, "contract tests SME");
  keys.cluster = await keyFor(ids.cluster, "contract tests cluster");
  keys.limited = await keyFor(ids.contractorA, "rate limit test");

  const insertNeed = async (visibility: string, title: string) =>
    (
      await one<{ id: string }>(
        `insert into needs (organization_id, kind, title_en, description_en, visibility, status, required_process_codes)
         values ($1, 'parts_supply', $2, 'Fixture need for the API contract tests.', $3, 'open', '{}') returning id`,
        [ids.contractorB, title, visibility]
      )
    ).id;
  ids.needBPublic = await insertNeed("public", `Public need of B ${randomUUID().slice(0, 6)}`);
  ids.needBInvited = await insertNeed("invited", `Invited-only need of B ${randomUUID().slice(0, 6)}`);

  const response = await api.call("/api/v1/openapi.json", { ip: freshIp() });
  expect(response.status).toBe(200);
  document = (await response.json()) as OpenApi;
});

afterAll(async () => {
  api?.restoreEnv();
  await db?.end();
});

describe("GET /api/v1/openapi.json", () => {
  it("serves an OpenAPI 3.1 document that validates its own answer", async () => {
    const { body } = await request("/openapi.json");
    expect(body.openapi).toBe("3.1.0");
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(["/suppliers", "/suppliers/{id}", "/match", "/needs", "/needs/{id}/matches", "/import"])
    );
  });
});

describe("authentication and rate limits on every operation", () => {
  const everyOperation = () =>
    Object.entries(document.paths).flatMap(([template, item]) =>
      Object.keys(item).map((method) => ({
        method: method.toUpperCase(),
        path: template.replace("{id}", template.startsWith("/needs") ? ids.needBPublic : ids.publishedSupplier),
      }))
    );

  it("answers a malformed, unknown or revoked key with 401 everywhere, never as anonymous", async () => {
    const unknown = generateApiKey().key;
    for (const { method, path } of everyOperation()) {
      for (const key of ["cm_live_short", unknown]) {
        const { body } = await request(path, { method, key, ...(method === "POST" ? { json: {} } : {}) });
        expect(body.status).toBe(401);
        expect(body.type).toMatch(/#problem-invalid-api-key$/);
      }
    }
    const other = await request("/needs", { headers: { Authorization: "Basic dXNlcjpwYXNz" } });
    expect(other.response.status).toBe(401);
  });

  it("revokes a key at once, and the database records creation and revocation", async () => {
    const owner = await signedInClient(stack, "contractor@clustermatch.test", PASSWORD);
    const generated = generateApiKey();
    const created = await owner
      .from("api_keys")
      .insert({ organization_id: ids.contractorA, name: "to revoke", prefix: generated.prefix, key_hash: generated.hash })
      .select("id")
      .single();
    expect(created.error).toBeNull();
    expect((await request("/needs?mine=true", { key: generated.key })).response.status).toBe(200);
    const revoked = await owner.from("api_keys").update({ revoked_at: new Date().toISOString() }).eq("id", created.data!.id).select("id");
    expect(revoked.data).toHaveLength(1);
    const after = await request("/needs?mine=true", { key: generated.key });
    expect(after.response.status).toBe(401);
    const audit = await db.query(`select action from audit_log where entity_type = 'api_keys' and entity_id = $1 order by id`, [created.data!.id]);
    expect(audit.rows.map((row) => row.action)).toEqual(["api_key.created", "api_key.revoked"]);
    // A key cannot be un-revoked, and never acts on keys itself.
    const unrevoke = await owner.from("api_keys").update({ revoked_at: null }).eq("id", created.data!.id);
    expect(unrevoke.error?.code).toBe("42501");
  });

  it("answers 429 with Retry-After on every operation once a client address is over its limit", async () => {
    const ip = freshIp();
    let status = 200;
    for (let attempt = 0; attempt < IP_BURST + 5 && status !== 429; attempt++) {
      status = (await api.call("/api/v1/openapi.json", { ip })).status;
    }
    expect(status).toBe(429);
    for (const { method, path } of everyOperation()) {
      const { body } = await request(path, { method, ip, ...(method === "POST" ? { json: {} } : {}) });
      expect(body.status).toBe(429);
    }
  });

  it("limits each key on its own bucket and says how many requests are left", async () => {
    const ip = freshIp();
    const first = await api.call(`/api/v1/suppliers/${ids.publishedSupplier}`, { key: keys.limited, ip });
    expect(first.status).toBe(200);
    expect(first.headers.get("RateLimit-Limit")).toBe(String(KEY_BURST));
    expect(first.headers.get("RateLimit-Remaining")).toBe(String(KEY_BURST - 1));
    for (let index = 1; index < KEY_BURST; index++) {
      expect((await api.call(`/api/v1/suppliers/${ids.publishedSupplier}`, { key: keys.limited, ip })).status).toBe(200);
    }
    const { response, body } = await request(`/suppliers/${ids.publishedSupplier}`, { key: keys.limited, ip });
    expect(response.status).toBe(429);
    expect(body.detail).toMatch(/\d+ s/);
    // Another key of the same organization, same address, is not affected.
    expect((await api.call(`/api/v1/suppliers/${ids.publishedSupplier}`, { key: keys.contractorA, ip })).status).toBe(200);
  });

  it("answers other methods with 405 and Allow", async () => {
    for (const { method, path } of everyOperation()) {
      const { response, body } = await request(path, { method: "PUT", json: {}, documentedAs: method });
      expect(body.status).toBe(405);
      expect(response.headers.get("Allow")).toContain(method);
    }
  });

  it("answers unknown API paths with a problem+json 404", async () => {
    const response = await api.call("/api/v1/no-such-thing", { ip: freshIp() });
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toContain("application/problem+json");
    expect(validate({ $ref: "#/components/schemas/Problem" }, await response.json(), document)).toEqual([]);
  });
});

describe("GET /api/v1/suppliers", () => {
  it("searches anonymously and with a key", async () => {
    const anonymous = await request("/suppliers?q=machining&per_page=5");
    expect(anonymous.body.results.length).toBeGreaterThan(0);
    const withKey = await request("/suppliers?process=machining-5axis", { key: keys.contractorA });
    expect(withKey.body.total).toBeGreaterThan(0);
  });

  it("refuses bad parameters with 400 and field errors", async () => {
    const { body } = await request("/suppliers?per_page=1000&region=atlantis");
    expectFieldError(body, "per_page");
    expectFieldError(body, "region");
  });
});

describe("GET /api/v1/suppliers/{id}", () => {
  it("returns a published profile to anyone", async () => {
    const { body } = await request(`/suppliers/${ids.publishedSupplier}`);
    expect(body.id).toBe(ids.publishedSupplier);
    expect(body.url).toContain(ids.publishedSupplier);
  });

  it("answers 404 for an unknown id or one that is not a UUID", async () => {
    expect((await request(`/suppliers/${randomUUID()}`)).body.status).toBe(404);
    expect((await request("/suppliers/not-a-uuid")).body.status).toBe(404);
  });

  it("does not show another organization's unpublished profile through a key", async () => {
    // An unpublished SME with no EOI to B's needs (a counterpart's profile would be B's to see).
    const draft = await one<{ id: string }>(
      `select p.organization_id as id from sme_profiles p
       where not p.published and p.organization_id <> $1
         and not exists (select 1 from eois e join needs n on n.id = e.need_id
                         where e.sme_organization_id = p.organization_id and n.organization_id = $2 and e.status <> 'draft')
       limit 1`,
      [ids.sme, ids.contractorB]
    );
    expect((await request(`/suppliers/${draft.id}`, { key: keys.contractorB })).body.status).toBe(404);
  });
});

describe("POST /api/v1/match", () => {
  let processTerm: { code: string; term: string; label_en: string; label_ko: string };

  beforeAll(async () => {
    const row = await one<{ code: string; label_en: string; label_ko: string; synonyms_ko: string[] }>(
      `select p.code, p.label_en, p.label_ko, p.synonyms_ko
       from sme_capabilities c join sme_profiles s on s.organization_id = c.organization_id join processes p on p.code = c.process_code
       where s.published and cardinality(p.synonyms_ko) > 0
       group by p.code, p.label_en, p.label_ko, p.synonyms_ko order by count(*) desc, p.code limit 1`
    );
    processTerm = { code: row.code, term: row.synonyms_ko[0]!, label_en: row.label_en, label_ko: row.label_ko };
  });

  it("ranks seed suppliers with reasons that name the matched terms, from a Korean synonym", async () => {
    const { body } = await request("/match", {
      method: "POST",
      key: keys.contractorA,
      json: {
        title: "Work package",
        description: "Surface treatment of machined housings",
        kind: "parts_supply",
        processes: [processTerm.term],
        required_certifications: ["ISO 9001:2015"],
        location: { lat: 35.228, lng: 128.681 },
        radius_km: 150,
        limit: 10,
      },
    });
    expect(body.terms.processes).toEqual([processTerm.code]);
    expect(body.terms.required_certifications).toEqual(["iso-9001"]);
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.length).toBeLessThanOrEqual(10);
    expect(body.results.some((result: { reasons: string[] }) => result.reasons.some((reason) => reason.includes(processTerm.label_en)))).toBe(true);
    // Everyone meeting the required certifications ranks above everyone who does not.
    const flags = body.results.map((result: { meets_required: boolean }) => result.meets_required);
    expect(flags).toEqual([...flags].sort((a: boolean, b: boolean) => Number(b) - Number(a)));
    const missing = body.results.find((result: { meets_required: boolean }) => !result.meets_required);
    if (missing) expect(missing.gaps.length).toBeGreaterThan(0);
  });

  it("writes reasons in Korean when asked", async () => {
    const { body } = await request("/match", {
      method: "POST",
      key: keys.contractorA,
      language: "ko",
      json: { description: "표면처리", kind: "mro", processes: [processTerm.code] },
    });
    expect(body.results.some((result: { reasons: string[] }) => result.reasons.some((reason) => reason.includes(processTerm.label_ko)))).toBe(true);
  });

  it("ranks clusters for division hosting", async () => {
    const { body } = await request("/match", {
      method: "POST",
      key: keys.contractorA,
      json: { description: "Host an MRO division", kind: "division_hosting", processes: [processTerm.label_en] },
    });
    expect(body.clusters.length).toBeGreaterThan(0);
  });

  it("needs a key or a session", async () => {
    const { body } = await request("/match", { method: "POST", json: { description: "x", kind: "mro" } });
    expect(body.status).toBe(401);
    expect(body.type).toMatch(/#problem-unauthorized$/);
  });

  it("refuses invalid bodies with 400 naming each field", async () => {
    const { body } = await request("/match", {
      method: "POST",
      key: keys.contractorA,
      json: { kind: "shipbuilding", location: { lat: 123, lng: "east" }, radius_km: -1, limit: 500, processes: "welding", colour: "red" },
    });
    for (const field of ["description", "kind", "location.lat", "location.lng", "radius_km", "limit", "processes", "colour"])
      expectFieldError(body, field);
    const notJson = await request("/match", { method: "POST", key: keys.contractorA, body: "{not json", contentType: "application/json" });
    expect(notJson.body.type).toMatch(/#problem-invalid-json$/);
    const radiusAlone = await request("/match", { method: "POST", key: keys.contractorA, json: { description: "x", kind: "mro", radius_km: 10 } });
    expectFieldError(radiusAlone.body, "radius_km");
  });

  it("answers unknown terms with 422 naming each one and its position", async () => {
    const { body } = await request("/match", {
      method: "POST",
      key: keys.contractorA,
      json: {
        description: "x",
        kind: "mro",
        processes: [processTerm.term, "underwater basket weaving"],
        required_certifications: ["ISO 9001", "NOPE-1"],
      },
    });
    expect(body.status).toBe(422);
    expectFieldError(body, "processes[1]");
    expectFieldError(body, "required_certifications[1]");
    expect(body.errors).toHaveLength(2);
  });

  it("refuses other media types (415) and oversized bodies (413)", async () => {
    const wrongType = await request("/match", {
      method: "POST",
      key: keys.contractorA,
      body: "description=x",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(wrongType.body.status).toBe(415);
    const huge = await request("/match", { method: "POST", key: keys.contractorA, json: { description: "x".repeat(300_000), kind: "mro" } });
    expect(huge.body.status).toBe(413);
  });

  it("refuses cookie-authenticated writes from another site (403) but serves the site itself", async () => {
    const cookie = await sessionCookie(stack, "contractor@clustermatch.test", PASSWORD);
    const json = { description: "Machined parts", kind: "parts_supply", processes: [processTerm.code] };
    const foreign = await request("/match", { method: "POST", cookie, origin: "https://evil.example", json });
    expect(foreign.body.status).toBe(403);
    expect(foreign.body.type).toMatch(/#problem-cross-site$/);
    const own = await request("/match", { method: "POST", cookie, origin: new URL(api.siteUrl).origin, json });
    expect(own.body.results.length).toBeGreaterThan(0);
  });
});

describe("needs and organization isolation", () => {
  it("lists public needs to anonymous callers, never invited-only ones", async () => {
    const { body } = await request(`/needs?per_page=100&status=open&organization_id=${ids.contractorB}`);
    const listed = body.needs.map((need: { id: string }) => need.id);
    expect(listed).toContain(ids.needBPublic);
    expect(listed).not.toContain(ids.needBInvited);
    for (const need of body.needs) expect(need.visibility).toBe("public");
  });

  it("shows an organization's invited-only need to its own key only", async () => {
    const own = await request(`/needs?mine=true&per_page=100`, { key: keys.contractorB });
    expect(own.body.needs.map((need: { id: string }) => need.id)).toContain(ids.needBInvited);

    const other = await request(`/needs?organization_id=${ids.contractorB}&per_page=100`, { key: keys.contractorA });
    const seenByA = other.body.needs.map((need: { id: string }) => need.id);
    expect(seenByA).toContain(ids.needBPublic);
    expect(seenByA).not.toContain(ids.needBInvited);

    // Not even its existence: matches for it are a 404 to org A, as for a need that does not exist.
    expect((await request(`/needs/${ids.needBInvited}/matches`, { key: keys.contractorA })).body.status).toBe(404);
    expect((await request(`/needs/${randomUUID()}/matches`, { key: keys.contractorA })).body.status).toBe(404);
    // A need A may see but does not own: its candidate ranking is B's alone.
    const visible = await request(`/needs/${ids.needBPublic}/matches`, { key: keys.contractorA });
    expect(visible.body.status).toBe(403);
    const ownMatches = await request(`/needs/${ids.needBInvited}/matches?limit=5`, { key: keys.contractorB });
    expect(ownMatches.body.need_id).toBe(ids.needBInvited);
  });

  it("lists the signed-in user's own needs through the site's session", async () => {
    const cookie = await sessionCookie(stack, "contractor@clustermatch.test", PASSWORD);
    const { body } = await request("/needs?mine=true&per_page=100", { cookie });
    for (const need of body.needs) expect(need.organization?.id).toBe(ids.contractorA);
  });

  it("refuses bad list parameters with 400", async () => {
    const { body } = await request("/needs?status=pending&per_page=0&page=x&sort=new&kind=mro&kind=localization");
    for (const field of ["status[0]", "per_page", "page", "sort"]) expectFieldError(body, field);
    expect((await request("/needs?mine=true")).body.status).toBe(401);
  });

  it("needs authentication for matches and refuses a bad limit", async () => {
    expect((await request(`/needs/${ids.needBPublic}/matches`)).body.status).toBe(401);
    const { body } = await request(`/needs/${ids.needBInvited}/matches?limit=0`, { key: keys.contractorB });
    expectFieldError(body, "limit");
  });
});

describe("POST /api/v1/needs", () => {
  // Needs written through A's key only: other suites may write needs for the same seed organization.
  const countNeeds = async () =>
    Number(
      (
        await one<{ count: string }>(
          `select count(*) from needs n join private.api_principals p on p.user_id = n.created_by where p.organization_id = $1`,
          [ids.contractorA],
        )
      ).count,
    );

  it("posts a need for the key's contractor, reading terms in either language", async () => {
    const { response, body } = await request("/needs", {
      method: "POST",
      key: keys.contractorA,
      json: {
        kind: "localization",
        title_en: "Localize landing gear brackets",
        title_ko: "착륙장치 브래킷 국산화",
        description_en: "Five-axis machined titanium brackets, 400 a year.",
        required_processes: ["5축 가공"],
        preferred_processes: ["machining-5axis", "CNC lathe"],
        required_certifications: ["AS 9100 rev D"],
        location: { lat: 35.18, lng: 128.11, name: "Sacheon" },
        radius_km: 80,
        quantity: 400,
        quantity_unit: "parts/year",
        timeline_start: "2027-01-01",
        timeline_end: "2027-12-31",
        estimated_value: 1250000,
        currency: "USD",
        offset_eligible: true,
        visibility: "invited",
        status: "open",
      },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("Location")).toBe(body.url);
    expect(body.status).toBe("open");
    expect(body.required_processes.map((term: { code: string }) => term.code)).toEqual(["machining-5axis"]);
    // A code both required and preferred counts once, as required.
    expect(body.preferred_processes.map((term: { code: string }) => term.code)).toEqual(["turning-precision"]);
    expect(body.required_certifications.map((term: { code: string }) => term.code)).toEqual(["as9100d"]);
    expect(body.location).toEqual({ lat: 35.18, lng: 128.11, name: "Sacheon" });
    const row = await one<{ organization_id: string; created_by: string; is_principal: boolean }>(
      `select n.organization_id, n.created_by, exists (select 1 from private.api_principals p where p.user_id = n.created_by) as is_principal
       from needs n where n.id = $1`,
      [body.id]
    );
    expect(row.organization_id).toBe(ids.contractorA);
    expect(row.is_principal).toBe(true);
    // The principal is a member for the policies' sake only: nothing notifies it.
    const notified = await db.query(`insert into notifications (user_id, organization_id, kind) values ($1, $2, 'test.api_principal') returning id`, [
      row.created_by,
      ids.contractorA,
    ]);
    expect(notified.rowCount).toBe(0);
    // Org B's key cannot see A's new invited-only need.
    expect((await request(`/needs/${body.id}/matches`, { key: keys.contractorB })).body.status).toBe(404);
  });

  it("refuses organizations that are not contractors (403) and anonymous callers (401)", async () => {
    const json = { kind: "mro", title_en: "x", description_en: "y" };
    const sme = await request("/needs", { method: "POST", key: keys.sme, json });
    expect(sme.body.status).toBe(403);
    expect((await request("/needs", { method: "POST", json })).body.status).toBe(401);
  });

  it("writes nothing for a rejected request: 400, 413, 415 and 422", async () => {
    const before = await countNeeds();
    const invalid = await request("/needs", {
      method: "POST",
      key: keys.contractorA,
      json: { kind: "mro", timeline_start: "2027-05-01", timeline_end: "2027-01-01", currency: "dollars", visibility: "secret", radius_km: 5 },
    });
    for (const field of ["title_en", "description_en", "timeline_end", "currency", "visibility", "radius_km"]) expectFieldError(invalid.body, field);
    const unknown = await request("/needs", {
      method: "POST",
      key: keys.contractorA,
      json: { kind: "mro", title_en: "x", description_en: "y", required_materials: ["unobtainium"] },
    });
    expect(unknown.body.status).toBe(422);
    expectFieldError(unknown.body, "required_materials[0]");
    expect((await request("/needs", { method: "POST", key: keys.contractorA, body: "kind=mro", contentType: "text/plain" })).body.status).toBe(415);
    expect(
      (await request("/needs", { method: "POST", key: keys.contractorA, json: { kind: "mro", title_en: "x", description_en: "d".repeat(400_000) } }))
        .body.status
    ).toBe(413);
    expect(await countNeeds()).toBe(before);
  });
});

describe("POST /api/v1/import", () => {
  const externalId = (suffix: string) => `api-contract-${suffix}`;
  const lines = (suffix: string) =>
    [
      {
        external_id: externalId(`${suffix}-1`),
        name_en: "Contract Test Machining (fictional)",
        name_ko: "계약시험 정밀 (가상)",
        description_en: "Fictional company for demonstration.",
        processes: ["5축 가공", "EDM"],
        certifications: [{ type: "AS9100", number: "C-1", expires_on: "2030-01-01" }],
        sites: [{ lat: 35.22, lng: 128.68, name: "Changwon plant" }],
        fictional: true,
      },
      {
        external_id: externalId(`${suffix}-2`),
        name_en: "Contract Test Coatings (fictional)",
        description_ko: "데모용 가상 기업",
        processes: "painting-coating;방전 가공",
        sites: "35.2|128.6|Plant 2",
        fictional: "yes",
      },
      { external_id: externalId(`${suffix}-3`), name_en: "Broken row", sites: [{ lat: 200, lng: 0 }] },
    ]
      .map((line) => JSON.stringify(line))
      .join("\n");
  const imported = async (suffix: string) =>
    Number((await one<{ count: string }>(`select count(*) from sme_profiles where external_id like $1`, [`${externalId(suffix)}-%`])).count);

  it("checks without writing on a dry run, then imports, and a re-import changes nothing", async () => {
    const suffix = randomUUID().slice(0, 8);
    const dry = await request("/import?dry_run=true", {
      method: "POST",
      key: keys.cluster,
      body: lines(suffix),
      contentType: "application/x-ndjson",
    });
    expect(dry.body.dry_run).toBe(true);
    expect(dry.body.counts).toMatchObject({ total: 3, valid: 2, invalid: 1, would_create: 2, created: 0 });
    expect(dry.body.issues.some((issue: { row: number; field: string }) => issue.row === 3 && issue.field.startsWith("sites"))).toBe(true);
    expect(await imported(suffix)).toBe(0);

    const commit = await request("/import", { method: "POST", key: keys.cluster, body: lines(suffix), contentType: "application/x-ndjson" });
    expect(commit.body.status).toBe("completed");
    expect(commit.body.counts).toMatchObject({ total: 3, created: 2, invalid: 1 });
    expect(await imported(suffix)).toBe(2);

    const again = await request("/import", { method: "POST", key: keys.cluster, body: lines(suffix), contentType: "application/jsonl" });
    expect(again.body.counts).toMatchObject({ created: 0, unchanged: 2 });
  });

  it("is for cluster authorities and the platform (403), with a key (401)", async () => {
    const body = lines(randomUUID().slice(0, 8));
    expect((await request("/import", { method: "POST", key: keys.contractorA, body, contentType: "application/x-ndjson" })).body.status).toBe(403);
    expect((await request("/import", { method: "POST", body, contentType: "application/x-ndjson" })).body.status).toBe(401);
  });

  it("refuses an empty body (400), bad parameters (400), other media types (415) and oversized bodies (413)", async () => {
    const empty = await request("/import", { method: "POST", key: keys.cluster, body: "\n \n", contentType: "application/x-ndjson" });
    expectFieldError(empty.body, "body");
    const badFlag = await request("/import?dry_run=maybe", {
      method: "POST",
      key: keys.cluster,
      body: lines("x"),
      contentType: "application/x-ndjson",
    });
    expectFieldError(badFlag.body, "dry_run");
    expect((await request("/import", { method: "POST", key: keys.cluster, json: [{ external_id: "x" }] })).body.status).toBe(415);
    const huge = `${JSON.stringify({ external_id: "big", name_en: "x".repeat(1000) })}\n`.repeat(21_000);
    expect((await request("/import", { method: "POST", key: keys.cluster, body: huge, contentType: "application/x-ndjson" })).body.status).toBe(413);
  });
});

describe("bad input is always a documented 4xx, never a 5xx", () => {
  const nasty = fc.constantFrom(
    "\u0000",
    "\ud800",
    "a\udc00b",
    "'; drop table needs; --",
    "<script>alert(1)</script>",
    "%00",
    "../../etc/passwd",
    "𝔘𝔫𝔦",
    "   ",
    "",
    "1e999",
    "-0",
    "NaN",
    "[]",
    "{}"
  );
  const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 40 }), nasty, fc.string({ minLength: 190, maxLength: 260 }));
  const anyValue = fc.oneof(
    anyText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(anyText, { maxLength: 40 }),
    fc.dictionary(anyText, anyText, { maxKeys: 3 })
  );
  const matchKeys = [
    "title",
    "description",
    "kind",
    "processes",
    "materials",
    "required_certifications",
    "preferred_certifications",
    "location",
    "radius_km",
    "limit",
  ];
  const needKeys = [
    "kind",
    "title_en",
    "title_ko",
    "description_en",
    "description_ko",
    "program",
    "platform",
    "required_processes",
    "required_certifications",
    "location",
    "radius_km",
    "quantity",
    "timeline_start",
    "timeline_end",
    "estimated_value",
    "currency",
    "visibility",
    "status",
  ];
  const validMatch = {
    description: "Machined housings",
    kind: "parts_supply",
    processes: ["machining-5axis"],
    location: { lat: 35.2, lng: 128.6 },
    radius_km: 50,
  };
  const validNeed = { kind: "mro", title_en: "Fuzzed need", description_en: "Created by the fuzz test", status: "draft" };
  /** Random objects, and valid bodies with one field replaced by something odd. */
  const bodyFor = (keys: string[], valid: Record<string, unknown>) =>
    fc.oneof(
      fc.dictionary(fc.constantFrom(...keys, "extra", "__proto__"), anyValue, { maxKeys: 6 }),
      fc.tuple(fc.constantFrom(...keys), anyValue).map(([key, value]) => ({ ...valid, [key]: value })),
      anyValue
    );
  const rawBody = (keys: string[], valid: Record<string, unknown>) =>
    fc.oneof({ weight: 5, arbitrary: bodyFor(keys, valid).map((value) => JSON.stringify(value) ?? "null") }, { weight: 1, arbitrary: anyText });

  it("for POST bodies of /match and /needs, signed in through the site", async () => {
    const cookie = await sessionCookie(stack, "contractor@clustermatch.test", PASSWORD);
    const origin = new URL(api.siteUrl).origin;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.tuple(fc.constant("/match"), rawBody(matchKeys, validMatch)), fc.tuple(fc.constant("/needs"), rawBody(needKeys, validNeed))),
        async ([path, body]) => {
          const response = await api.call(`/api/v1${path}`, { method: "POST", cookie, origin, body, contentType: "application/json", ip: freshIp() });
          expect(response.status, body.slice(0, 300)).toBeLessThan(500);
          await expectDocumented(response, path, "POST");
        }
      ),
      {
        numRuns: 200,
        // Numbers so small PostgreSQL's float arithmetic underflows on them (found by this test once).
        examples: [
          [["/match", JSON.stringify({ ...validMatch, radius_km: 5e-324 })]],
          [["/match", JSON.stringify({ ...validMatch, location: { lat: 5e-324, lng: -5e-324 } })]],
          [["/needs", JSON.stringify({ ...validNeed, location: { lat: 5e-324, lng: 128.6 }, radius_km: 50 })]],
        ],
      }
    );
  });

  it("for query strings of every GET operation", async () => {
    const cookie = await sessionCookie(stack, "contractor@clustermatch.test", PASSWORD);
    const names = [
      "q",
      "kind",
      "status",
      "process",
      "page",
      "per_page",
      "mine",
      "organization_id",
      "limit",
      "lat",
      "lng",
      "radius_km",
      "bbox",
      "place",
      "sort",
      "cert",
      "region",
      "size",
      "verified",
      "dry_run",
      "x",
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/suppliers", "/needs", `/needs/${ids.needBInvited}/matches`, `/suppliers/${ids.publishedSupplier}`),
        fc.array(fc.tuple(fc.constantFrom(...names), anyText), { maxLength: 5 }),
        async (path, pairs) => {
          const query = new URLSearchParams(pairs).toString();
          const response = await api.call(`/api/v1${path}?${query}`, { cookie, ip: freshIp() });
          expect(response.status, `${path}?${query}`).toBeLessThan(500);
          await expectDocumented(response, `${path}?${query}`);
        }
      ),
      { numRuns: 60 }
    );
  });
});

describe("coverage", () => {
  it("saw every documented status of every operation (except 500 and 503, which need a fault)", () => {
    const missing: string[] = [];
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item)) {
        for (const status of Object.keys(operation.responses)) {
          if (status === "500" || status === "503") continue;
          if (!observed.get(operation.operationId)?.has(status)) missing.push(`${operation.operationId} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
