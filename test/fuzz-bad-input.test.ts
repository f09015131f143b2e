/**
 * Bad input against every form action and every public API endpoint, over HTTP to the real app
 * server (Express, its cross-site check, the built Remix app) on the real test stack. fast-check
 * generates the requests: wrong types, missing and repeated fields, 100 KB strings, lone
 * surrogates, NUL bytes, bidi and zero-width characters, injection strings, absurd numbers,
 * unknown intents, broken bodies. Every answer must be below 500, and a refused request (4xx)
 * must leave the database exactly as it was.
 *
 * The lists of routes come from the file system and the OpenAPI document, so a new action or
 * endpoint without an entry in the tables below fails the coverage tests. The requests act on
 * organizations, users and records this file creates, so valid requests that slip through the
 * generators change nothing other test files rely on.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generateApiKey } from "../app/api/keys.server";
import { projectRoot } from "../scripts/stack/config.ts";
import { sessionCookie } from "./api-harness";
import {
  badJsonValue,
  badString,
  changedTables,
  fingerprinter,
  MALFORMED_BODIES,
  startAppProcess,
  type AppProcess,
  type Fingerprint,
} from "./fuzz-kit";
import { addMember, createActiveAgreement, createOrganization, createUser } from "./offsets-fixtures";

const stack = inject("stack");
const ROUTES_DIR = path.join(projectRoot, "app", "routes");
const FORM_RUNS = Number(process.env.FUZZ_FORM_RUNS ?? 12);
const API_RUNS = Number(process.env.FUZZ_API_RUNS ?? 20);
/** FUZZ_COLLECT=1 reports every failing case of a route instead of stopping at the first. */
const COLLECT = process.env.FUZZ_COLLECT === "1";

type Role = "anonymous" | "contractor" | "sme" | "cluster" | "reviewer" | "loner";

type World = {
  contractorOrg: string;
  smeOrg: string;
  clusterOrg: string;
  reviewerOrg: string;
  clusterSlug: string;
  parcelId: string;
  needId: string;
  eoiId: string;
  agreementId: string;
  inquiryId: string;
  importRunId: string;
  keys: { contractor: string; cluster: string };
};

type FormRoute = {
  path: (world: World) => string;
  as: Role[];
  /** Fields a shared component renders, which the route file does not name itself. */
  fields?: string[];
};

/*
 * Every route module with an action. `as` lists who posts: the role the form is for, plus
 * anonymous where the action is public. Index routes need `?index` to reach their own action.
 */
const FORM_ROUTES: Record<string, FormRoute> = {
  account: { path: () => "/account", as: ["loner"] },
  "cluster.members.$organizationId": { path: (w) => `/cluster/members/${w.smeOrg}`, as: ["cluster"], fields: ["decision", "reason", "item_id"] },
  "cluster.members._index": { path: () => "/cluster/members?index", as: ["cluster"], fields: ["cluster_id", "email", "message", "invitation_id"] },
  "clusters.$slug.edit": {
    path: (w) => `/clusters/${w.clusterSlug}/edit`,
    as: ["cluster"],
    fields: ["name_en", "name_ko", "description_en", "description_ko", "center_lat", "center_lng", "website", "contact_email", "contact_phone", "boundary", "incentives", "designation_year"],
  },
  "clusters.$slug.parcels.$parcelId": {
    path: (w) => `/clusters/${w.clusterSlug}/parcels/${w.parcelId}`,
    as: ["cluster"],
    fields: ["name_en", "name_ko", "area_m2", "price_per_m2", "currency", "zoning", "status", "available_from", "lat", "lng"],
  },
  "clusters.$slug.parcels.new": {
    path: (w) => `/clusters/${w.clusterSlug}/parcels/new`,
    as: ["cluster"],
    fields: ["name_en", "name_ko", "area_m2", "price_per_m2", "currency", "zoning", "status", "available_from", "lat", "lng"],
  },
  "eois.$id": { path: (w) => `/eois/${w.eoiId}`, as: ["sme", "contractor"], fields: ["decision", "reason", "comment", "body"] },
  "forgot-password": { path: () => "/forgot-password", as: ["anonymous"] },
  "hosting.$id.compare": { path: (w) => `/hosting/${w.inquiryId}/compare`, as: ["contractor"] },
  "hosting.inbox.$id": { path: (w) => `/hosting/inbox/${w.inquiryId}`, as: ["cluster"], fields: ["cluster_id", "parcel_ids", "message", "reason", "incentives"] },
  "hosting.new": { path: () => "/hosting/new", as: ["contractor"] },
  "import.$runId": { path: (w) => `/import/${w.importRunId}`, as: ["cluster"] },
  "import._index": { path: () => "/import?index", as: ["cluster"], fields: ["file"] },
  "my.profile._index": {
    path: () => "/my/profile?index",
    as: ["sme"],
    fields: ["description_en", "description_ko", "employees", "founded_year", "revenue_band", "export_countries", "contact_email", "contact_phone", "brochure"],
  },
  "my.profile.capabilities": { path: () => "/my/profile/capabilities", as: ["sme"], fields: ["capability_id", "process_code", "material_codes", "material_code", "tag", "capacity_note", "tolerance_um"] },
  "my.profile.certifications": {
    path: () => "/my/profile/certifications",
    as: ["sme"],
    fields: ["certification_type_code", "certificate_number", "issued_on", "expires_on", "issuer", "document", "item_id"],
  },
  "my.profile.equipment": { path: () => "/my/profile/equipment", as: ["sme"], fields: ["item_id", "process_code", "name", "manufacturer", "model", "quantity", "year"] },
  "my.profile.sites": { path: () => "/my/profile/sites", as: ["sme"], fields: ["item_id", "name", "address", "city_id", "lat", "lng", "area_m2", "is_primary"] },
  "needs.$id": {
    path: (w) => `/needs/${w.needId}`,
    as: ["contractor", "sme"],
    fields: ["sme_id", "sme_name", "message", "scope", "scope_note", "certification_ids", "attachments"],
  },
  "needs.$id_.edit": {
    path: (w) => `/needs/${w.needId}/edit`,
    as: ["contractor"],
    fields: ["kind", "title_en", "title_ko", "description_en", "estimated_value", "currency", "quantity", "radius_km", "location_lat", "location_lng", "timeline_start", "timeline_end", "response_deadline", "visibility", "attachments", "remove_attachment"],
  },
  "needs._index": { path: () => "/needs?index", as: ["contractor"], fields: ["name", "query", "notify"] },
  "needs.new": {
    path: () => "/needs/new",
    as: ["contractor"],
    fields: ["kind", "title_en", "title_ko", "description_en", "estimated_value", "currency", "quantity", "radius_km", "location_lat", "location_lng", "timeline_start", "timeline_end", "response_deadline", "visibility", "attachments"],
  },
  "needs.saved-searches": { path: () => "/needs/saved-searches", as: ["contractor"], fields: ["id", "name", "notify"] },
  notifications: { path: () => "/notifications", as: ["contractor"], fields: ["id"] },
  "offsets.$id": { path: (w) => `/offsets/${w.agreementId}`, as: ["contractor", "reviewer"], fields: ["transaction_id", "amount", "note", "value", "category_code", "evidence"] },
  "offsets.bank": { path: () => "/offsets/bank", as: ["contractor"], fields: ["source", "amount", "request_key", "target_organization_id", "note", "bank_request_id", "contractor_organization_id"] },
  "offsets.new": {
    path: () => "/offsets/new",
    as: ["contractor"],
    fields: ["contractor_organization_id", "reviewer_organization_id", "program", "contract_value", "currency", "obligation_percent", "deadline"],
  },
  "reset-password": { path: () => "/reset-password", as: ["loner"], fields: ["password", "confirm_password"] },
  review: { path: () => "/review", as: ["reviewer"], fields: ["agreement_id", "transaction_id", "decision", "reason", "amount"] },
  "set-language": { path: () => "/set-language", as: ["anonymous", "loner"] },
  "settings.api-keys": { path: () => "/settings/api-keys", as: ["contractor"], fields: ["organization_id", "name", "key_id"] },
  "sign-in": { path: () => "/sign-in", as: ["anonymous"] },
  "sign-out": { path: () => "/sign-out", as: ["anonymous"] },
  "sign-up": { path: () => "/sign-up", as: ["anonymous"] },
};

/*
 * Every operation of API v1, keyed "METHOD /path" as the OpenAPI document writes it (relative to
 * its server URL, /api/v1): who calls
 * and what the {id} placeholder becomes when it is not fuzzed itself.
 */
type ApiOperation = { caller: "contractor-key" | "cluster-key" | "contractor-session" | "anonymous"; id?: (world: World) => string };
const API_OPERATIONS: Record<string, ApiOperation[]> = {
  "GET /needs": [{ caller: "contractor-key" }, { caller: "anonymous" }],
  "POST /needs": [{ caller: "contractor-key" }, { caller: "contractor-session" }],
  "GET /needs/{id}/matches": [{ caller: "contractor-key", id: (w) => w.needId }],
  "POST /match": [{ caller: "contractor-key" }, { caller: "contractor-session" }],
  "POST /import": [{ caller: "cluster-key" }],
  "GET /suppliers": [{ caller: "anonymous" }, { caller: "contractor-key" }],
  "GET /suppliers/{id}": [{ caller: "anonymous", id: (w) => w.smeOrg }],
  "GET /openapi.json": [{ caller: "anonymous" }],
};

// Discovery -----------------------------------------------------------------------------------

function routeModules(): { id: string; source: string }[] {
  return fs
    .readdirSync(ROUTES_DIR)
    .filter((file) => /\.(tsx?|jsx?)$/.test(file))
    .map((file) => ({ id: file.replace(/\.(tsx?|jsx?)$/, ""), source: fs.readFileSync(path.join(ROUTES_DIR, file), "utf8") }));
}

const exportsAction = (source: string) => /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b|export\s+const\s*\{[^}]*\baction\b[^}]*\}/.test(source);

/** "needs_.$id.matches" → "/needs/{id}/matches", as Remix's flat routes map files to URLs. */
function urlTemplateOf(routeId: string): string {
  const segments = routeId.match(/(\[[^\]]*\]|[^.])+/g) ?? [];
  return `/${segments
    .map((segment) => segment.replace(/_$/, "").replace(/^\$(\w+)$/, "{$1}").replace(/\[([^\]]*)\]/g, "$1"))
    .join("/")}`;
}

/** Field names and intents a route's own source mentions; the table adds those of shared components. */
function formVocabulary(source: string, extraFields: string[] = []) {
  const fields = new Set(extraFields);
  for (const match of source.matchAll(/formData\.get(?:All)?\("([^"]+)"\)|\bname="([a-z_]+)"|fileField:\s*"([a-z_]+)"/g)) {
    const name = match[1] ?? match[2] ?? match[3];
    if (name && name !== "intent") fields.add(name);
  }
  const intents = new Set<string>();
  for (const match of source.matchAll(/intent\s*[!=]==\s*"([a-z_]+)"|case\s+"([a-z_]+)":|name="intent"\s+value="([a-z_]+)"/g)) {
    intents.add((match[1] ?? match[2] ?? match[3])!);
  }
  return { fields: [...fields], intents: [...intents] };
}

// Fixtures ------------------------------------------------------------------------------------

let db: pg.Client;
let app: AppProcess;
let fingerprint: () => Promise<Fingerprint>;
let openapi: { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
const world = {} as World;
const cookies = {} as Record<Role, string>;
let addressCounter = 0;
/** A client address per request, so no limiter state carries from one case to the next. */
const nextAddress = () => `10.${(++addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;

/** Inserts a copy of a row with some columns replaced: records shaped like the seed's, owned by this file. */
async function cloneRow(table: string, where: string, values: unknown[], overrides: Record<string, unknown>): Promise<string> {
  const { rows: columns } = await db.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER'
     and identity_generation is null order by ordinal_position`,
    [table],
  );
  const list = columns.map((column) => `"${column.column_name}"`).join(", ");
  const overridesParam = `$${values.length + 1}`;
  const { rows } = await db.query(
    `insert into public.${table} (${list})
     select ${list} from jsonb_populate_record(null::public.${table}, (select to_jsonb(t) from public.${table} t where ${where} limit 1) || ${overridesParam}::jsonb)
     returning *`,
    [...values, JSON.stringify(overrides)],
  );
  if (!rows[0]) throw new Error(`Nothing to copy in ${table} where ${where}`);
  return (rows[0] as { id?: string; organization_id?: string }).id ?? (rows[0] as { organization_id: string }).organization_id;
}

async function insertApiKey(organizationId: string): Promise<string> {
  const generated = generateApiKey();
  await db.query(`insert into api_keys (organization_id, name, prefix, key_hash) values ($1, $2, $3, $4)`, [organizationId, `fuzz ${randomUUID().slice(0, 8)}`, generated.prefix, generated.hash]);
  return generated.key;
}

async function buildWorld() {
  world.contractorOrg = await createOrganization(db, "contractor", "Fuzz contractor");
  world.smeOrg = await createOrganization(db, "sme", "Fuzz SME");
  world.clusterOrg = await createOrganization(db, "cluster_authority", "Fuzz cluster authority");
  world.reviewerOrg = await createOrganization(db, "government_reviewer", "Fuzz reviewer");
  const people: Partial<Record<Role, { id: string; email: string; password: string }>> = {};
  for (const [role, organizationId] of [
    ["contractor", world.contractorOrg],
    ["sme", world.smeOrg],
    ["cluster", world.clusterOrg],
    ["reviewer", world.reviewerOrg],
  ] as const) {
    people[role] = await createUser(db, `fuzz-${role}`);
    await addMember(db, organizationId, people[role]!.id, "owner");
  }
  people.loner = await createUser(db, "fuzz-loner");

  world.clusterSlug = `zz-fuzz-${randomUUID().slice(0, 8)}`;
  const clusterId = await cloneRow("clusters", "slug = $1", ["changwon"], { id: randomUUID(), slug: world.clusterSlug, managing_organization_id: world.clusterOrg });
  world.parcelId = await cloneRow("land_parcels", "cluster_id = (select id from clusters where slug = $1)", ["changwon"], { id: randomUUID(), cluster_id: clusterId });
  // Unpublished, so it stays out of supplier search and the analytics other files check.
  await cloneRow("sme_profiles", "organization_id = (select organization_id from memberships m join auth.users u on u.id = m.user_id where u.email = $1)", ["sme@clustermatch.test"], {
    organization_id: world.smeOrg,
    cluster_id: clusterId,
    published: false,
    published_at: null,
    brochure_path: null,
    external_id: null,
    imported_by_organization_id: null,
  });
  world.needId = await cloneRow("needs", "status = 'open' and visibility = 'public'", [], {
    id: randomUUID(),
    organization_id: world.contractorOrg,
    created_by: people.contractor!.id,
    attachment_paths: [],
  });
  world.eoiId = await cloneRow("eois", "status = 'submitted'", [], {
    id: randomUUID(),
    need_id: world.needId,
    sme_organization_id: world.smeOrg,
    created_by: people.sme!.id,
    attachment_paths: [],
  });
  const agreement = await createActiveAgreement(
    db,
    { contractor: world.contractorOrg, contractorAdmin: people.contractor!.id, reviewer: world.reviewerOrg, reviewerAdmin: people.reviewer!.id },
    { contractValue: "1000000", obligationPercent: "50", currency: "USD", program: "Fuzz program" },
  );
  world.agreementId = agreement.id;
  const inquiry = await db.query<{ id: string }>(
    `insert into hosting_inquiries (contractor_organization_id, title, land_area_m2, workforce, start_by, contact_name, contact_email, created_by)
     values ($1, 'Fuzz hosting inquiry', 5000, 40, current_date + 200, 'Fuzz Contact', 'fuzz@example.com', $2) returning id`,
    [world.contractorOrg, people.contractor!.id],
  );
  world.inquiryId = inquiry.rows[0]!.id;
  await db.query(`insert into hosting_inquiry_clusters (inquiry_id, cluster_id) values ($1, $2)`, [world.inquiryId, clusterId]);
  const run = await db.query<{ id: string }>(
    `insert into import_runs (organization_id, mode, status, file_name, file_format, created_by, finished_at)
     values ($1, 'dry_run', 'completed', 'fuzz.jsonl', 'jsonl', $2, now()) returning id`,
    [world.clusterOrg, people.cluster!.id],
  );
  world.importRunId = run.rows[0]!.id;
  world.keys = { contractor: await insertApiKey(world.contractorOrg), cluster: await insertApiKey(world.clusterOrg) };

  cookies.anonymous = "";
  for (const role of ["contractor", "sme", "cluster", "reviewer", "loner"] as const) {
    cookies[role] = await sessionCookie(stack, people[role]!.email, people[role]!.password);
  }
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  await buildWorld();
  fingerprint = await fingerprinter(db);
  app = await startAppProcess(stack);
  openapi = (await (await fetch(`${app.baseUrl}/api/v1/openapi.json`)).json()) as typeof openapi;
  // A key's first use creates the user it acts as (authenticate_api_key); do that before fingerprinting.
  for (const key of Object.values(world.keys)) {
    const response = await fetch(`${app.baseUrl}/api/v1/needs?per_page=1`, { headers: { Authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
  }
}, 240_000);

afterAll(async () => {
  await app?.stop();
  await db?.end();
});

// Sending and judging ------------------------------------------------------------------------

type Sent = { label: string; status: number; text: string; contentType: string; changed: string[] };

/** Set after an accepted request: the work it started in the background (an import) may still be writing. */
let mayBeBusy = false;

/** The fingerprint once two readings a moment apart agree, so a later refusal is not blamed for earlier work. */
async function settledFingerprint(): Promise<Fingerprint> {
  let previous = await fingerprint();
  for (let attempt = 0; attempt < 50; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const current = await fingerprint();
    if (changedTables(previous, current).length === 0) return current;
    previous = current;
  }
  throw new Error("The database kept changing for 10 s after an accepted request");
}

async function send(url: string, init: { method: string; headers: Record<string, string>; body?: BodyInit }, label: string): Promise<Sent> {
  const before = mayBeBusy ? await settledFingerprint() : await fingerprint();
  const response = await fetch(`${app.baseUrl}${url}`, {
    method: init.method,
    headers: { "X-Forwarded-For": nextAddress(), ...init.headers },
    body: init.body,
    redirect: "manual",
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  const after = await fingerprint();
  mayBeBusy = response.status < 400;
  return { label, status: response.status, text, contentType: response.headers.get("Content-Type") ?? "", changed: changedTables(before, after) };
}

/** The two promises of the exercise: no 5xx, and a refusal writes nothing. */
function verdict(sent: Sent): string | null {
  if (sent.status >= 500) return `${sent.label} → ${sent.status}: ${sent.text.slice(0, 300)}`;
  if (sent.status >= 400 && sent.changed.length > 0) return `${sent.label} → ${sent.status} but wrote to ${sent.changed.join(", ")}`;
  return null;
}

function describeValue(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${JSON.stringify(text.slice(0, 40))}…(${text.length} chars)` : JSON.stringify(text);
}

async function runProperty<T>(arbitrary: fc.Arbitrary<T>, runs: number, check: (value: T) => Promise<string | null>) {
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      const problem = await check(value);
      if (problem === null) return;
      if (COLLECT) failures.push(problem);
      else throw new Error(problem);
    }),
    { numRuns: runs, endOnFailure: true },
  );
  expect(failures).toEqual([]);
}

// Form actions --------------------------------------------------------------------------------

type FormCase = {
  entries: [string, string | { file: string; bytes: number }][];
  encoding: "urlencoded" | "multipart" | "malformed";
  malformed: number;
  document: boolean;
  language: "en" | "ko";
};

function formCase(vocabulary: { fields: string[]; intents: string[] }): fc.Arbitrary<FormCase> {
  const intentValue = fc.oneof(
    { weight: 3, arbitrary: vocabulary.intents.length > 0 ? fc.constantFrom(...vocabulary.intents) : badString() },
    { weight: 1, arbitrary: badString() },
  );
  const fieldName = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...vocabulary.fields, "unexpected_field") }, { weight: 1, arbitrary: badString() });
  const fileValue = fc.record({ file: fc.constantFrom("x.pdf", "../../evil.sh", "\u202Efdp.exe", "a".repeat(400)), bytes: fc.constantFrom(0, 5, 64 * 1024) });
  const entry = fc.tuple(fieldName, fc.oneof({ weight: 8, arbitrary: badString() }, { weight: 1, arbitrary: fileValue }));
  return fc.record({
    entries: fc
      .tuple(fc.option(intentValue, { freq: 6 }), fc.array(entry, { maxLength: 8 }))
      .map(([intent, rest]) => (intent === null ? rest : [["intent", intent] as [string, string], ...rest])),
    encoding: fc.constantFrom("urlencoded", "multipart", "multipart", "urlencoded", "malformed"),
    malformed: fc.nat({ max: MALFORMED_BODIES.length - 1 }),
    document: fc.boolean(),
    language: fc.constantFrom("en", "ko"),
  });
}

function formBody(value: FormCase): { body: BodyInit; contentType?: string } {
  if (value.encoding === "malformed") {
    const broken = MALFORMED_BODIES[value.malformed]!;
    return { body: broken.body as BodyInit, contentType: broken.contentType };
  }
  if (value.encoding === "urlencoded") {
    const params = new URLSearchParams();
    for (const [name, entryValue] of value.entries) params.append(name, typeof entryValue === "string" ? entryValue : entryValue.file);
    return { body: params.toString(), contentType: "application/x-www-form-urlencoded" };
  }
  const form = new FormData();
  for (const [name, entryValue] of value.entries) {
    if (typeof entryValue === "string") form.append(name, entryValue);
    else form.append(name, new Blob([new Uint8Array(entryValue.bytes).fill(0x25)], { type: "application/pdf" }), entryValue.file);
  }
  return { body: form };
}

/** `_data` asks Remix for the action's JSON (what a script-enabled browser does); without it, the whole page renders. */
function withData(url: string, routeId: string, document: boolean) {
  if (document) return url;
  return `${url}${url.includes("?") ? "&" : "?"}_data=${encodeURIComponent(`routes/${routeId}`)}`;
}

describe("coverage", () => {
  it("every route module with an action has an entry in the fuzz table, and every entry is such a module", () => {
    const withAction = routeModules()
      .filter((module) => !module.id.startsWith("api.v1.") && exportsAction(module.source))
      .map((module) => module.id)
      .sort();
    expect(withAction.length).toBeGreaterThan(20);
    expect(Object.keys(FORM_ROUTES).sort()).toEqual(withAction);
  });

  it("every operation in the OpenAPI document has an entry in the fuzz table, and every API route file is documented", () => {
    const documented = Object.entries(openapi.paths).flatMap(([template, operations]) =>
      Object.keys(operations)
        .filter((method) => ["get", "post", "put", "patch", "delete"].includes(method))
        .map((method) => `${method.toUpperCase()} ${template}`),
    );
    expect(Object.keys(API_OPERATIONS).sort()).toEqual(documented.sort());
    const templates = new Set(Object.keys(openapi.paths));
    const routeFiles = routeModules()
      .filter((module) => module.id.startsWith("api.v1.") && module.id !== "api.v1.$")
      .map((module) => urlTemplateOf(module.id.slice("api.v1.".length)));
    expect(routeFiles.filter((template) => !templates.has(template))).toEqual([]);
  });
});

describe("form actions answer bad input with a 4xx and write nothing", () => {
  const modules = new Map(routeModules().map((module) => [module.id, module.source]));
  for (const [routeId, route] of Object.entries(FORM_ROUTES)) {
    for (const role of route.as) {
      it(`${routeId} as ${role}`, async () => {
        const vocabulary = formVocabulary(modules.get(routeId) ?? "", route.fields);
        if (vocabulary.fields.length === 0) vocabulary.fields.push("value");
        await runProperty(formCase(vocabulary), FORM_RUNS, async (value) => {
          const { body, contentType } = formBody(value);
          const headers: Record<string, string> = { Origin: app.origin, "Accept-Language": value.language };
          if (contentType) headers["Content-Type"] = contentType;
          if (cookies[role]) headers.Cookie = cookies[role];
          const shown = value.encoding === "malformed" ? `${MALFORMED_BODIES[value.malformed]!.contentType} ${describeValue(String(MALFORMED_BODIES[value.malformed]!.body))}` : value.entries
            .map(([name, entryValue]) => `${describeValue(name)}=${typeof entryValue === "string" ? describeValue(entryValue) : `file ${entryValue.bytes} B`}`)
            .join(" ");
          const label = `POST ${route.path(world)} as ${role} (${value.encoding}${value.document ? ", document" : ""}) ${shown}`;
          const sent = await send(withData(route.path(world), routeId, value.document), { method: "POST", headers, body }, label);
          return verdict(sent);
        });
      }, 300_000);
    }
  }

  it("a cross-site post is refused with 403 before any action runs", async () => {
    const routes = Object.entries(FORM_ROUTES).filter(([, route]) => route.as.includes("contractor"));
    await runProperty(
      fc.record({ route: fc.constantFrom(...routes), origin: fc.constantFrom("https://evil.example", "null", "http://localhost.evil.example", "http://127.0.0.1:1") }),
      FORM_RUNS,
      async ({ route: [routeId, route], origin }) => {
        const sent = await send(
          withData(route.path(world), routeId, false),
          { method: "POST", headers: { Origin: origin, Cookie: cookies.contractor, "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=delete" },
          `cross-site POST ${route.path(world)} from ${origin}`,
        );
        if (sent.status !== 403) return `${sent.label} → ${sent.status}, expected 403`;
        return verdict(sent);
      },
    );
  }, 300_000);
});

describe("answers the app gives before an action runs", () => {
  it("a post from the site's own origin to another host name is a bilingual 403, not Remix's 500", async () => {
    const siteOrigin = new URL(stack.siteUrl).origin;
    expect(new URL(siteOrigin).host).not.toBe(new URL(app.baseUrl).host);
    for (const document of [true, false]) {
      const sent = await send(
        withData(`/clusters/${world.clusterSlug}/parcels/${world.parcelId}`, "clusters.$slug.parcels.$parcelId", document),
        { method: "POST", headers: { Origin: siteOrigin, Cookie: cookies.cluster, Accept: "text/html", "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=delete" },
        `POST from ${siteOrigin} to ${app.baseUrl} (${document ? "document" : "data"})`,
      );
      expect({ document, status: sent.status }).toEqual({ document, status: 403 });
      expect(sent.text).toContain("다른 웹사이트에서 보낸 요청");
      expect(verdict(sent)).toBeNull();
    }
    // Through a proxy on this machine (trusted) that names the public host, the same post is the site's own.
    const proxied = await send(
      `/clusters/${world.clusterSlug}/parcels/${randomUUID()}`,
      { method: "POST", headers: { Origin: siteOrigin, "X-Forwarded-Host": new URL(siteOrigin).host, Cookie: cookies.cluster, "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=save" },
      "proxied POST",
    );
    expect(proxied.status).toBe(404);
  });

  it("a large upload to a parcel that does not exist gets a clean 404, and the next request is answered", async () => {
    const form = new FormData();
    form.append("intent", "document");
    form.append("document", new Blob([new Uint8Array(6 * 1024 * 1024).fill(0x25)], { type: "application/pdf" }), "plan.pdf");
    const missing = `/clusters/${world.clusterSlug}/parcels/${randomUUID()}`;
    for (const attempt of [1, 2, 3]) {
      const sent = await send(missing, { method: "POST", headers: { Origin: app.origin, Cookie: cookies.cluster }, body: form }, `upload ${attempt} to ${missing}`);
      expect({ attempt, status: sent.status }).toEqual({ attempt, status: 404 });
      const next = await send("/healthz", { method: "GET", headers: {} }, "healthz");
      expect(next.status).toBe(200);
    }
  });
});

// API -----------------------------------------------------------------------------------------

function bodyProperties(operation: { requestBody?: unknown }): string[] {
  const schema = (operation.requestBody as { content?: Record<string, { schema?: { $ref?: string; properties?: Record<string, unknown> } }> } | undefined)?.content?.["application/json"]
    ?.schema;
  if (!schema) return [];
  const resolved = schema.$ref ? openapi.components.schemas[schema.$ref.split("/").at(-1)!] : schema;
  return Object.keys(resolved?.properties ?? {});
}

type ApiCase = {
  caller: number;
  id: string | null;
  query: [string, string][];
  body: { kind: "object"; value: [string, unknown][] } | { kind: "json"; value: unknown } | { kind: "raw"; index: number } | { kind: "lines"; value: unknown[] };
  language: "en" | "ko";
};

function apiCase(operations: ApiOperation[], queryNames: string[], properties: string[], isImport: boolean): fc.Arbitrary<ApiCase> {
  const name = (names: string[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names, "unknown_parameter") }, { weight: 1, arbitrary: badString() });
  return fc.record({
    caller: fc.nat({ max: operations.length - 1 }),
    id: fc.option(badString(), { freq: 2 }),
    query: fc.array(fc.tuple(name(queryNames.length > 0 ? queryNames : ["q"]), badString()), { maxLength: 5 }),
    body: isImport
      ? fc.oneof(
          fc.record({ kind: fc.constant("lines" as const), value: fc.array(fc.oneof(badJsonValue(), fc.dictionary(fc.constantFrom("external_id", "name_en", "name_ko", "processes", "employees", "lat", "lng"), badJsonValue())), { minLength: 1, maxLength: 5 }) }),
          fc.record({ kind: fc.constant("raw" as const), index: fc.nat({ max: MALFORMED_BODIES.length - 1 }) }),
        )
      : fc.oneof(
          { weight: 4, arbitrary: fc.record({ kind: fc.constant("object" as const), value: fc.array(fc.tuple(name(properties.length > 0 ? properties : ["title"]), badJsonValue()), { maxLength: 8 }) }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant("json" as const), value: badJsonValue() }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant("raw" as const), index: fc.nat({ max: MALFORMED_BODIES.length - 1 }) }) },
        ),
    language: fc.constantFrom("en", "ko"),
  });
}

/** encodeURIComponent throws on a lone surrogate; a client would send U+FFFD in its place. */
const wellFormed = (value: string) => value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

/**
 * Node's HTTP parser answers a request line or headers over its 16 KB limit itself (414/431),
 * before Express or the app see the request; those answers are plain, so they are not judged here.
 */
const PARSER_REFUSALS = new Set([414, 431]);

/** A 4xx from the API is problem+json, and a validation failure names fields in both languages. */
function problemVerdict(sent: Sent): string | null {
  if (sent.status < 400 || sent.status >= 500 || PARSER_REFUSALS.has(sent.status)) return null;
  if (!sent.contentType.startsWith("application/problem+json")) return `${sent.label} → ${sent.status} with ${sent.contentType}, not problem+json`;
  const problem = JSON.parse(sent.text) as { status?: number; title?: string; errors?: { field?: string; message_en?: string; message_ko?: string }[] };
  if (problem.status !== sent.status || !problem.title) return `${sent.label} → ${sent.status} with a problem body that does not say so: ${sent.text.slice(0, 200)}`;
  if (sent.status === 400) {
    const errors = problem.errors ?? [];
    if (errors.length === 0 || errors.some((error) => !error.field || !error.message_en || !error.message_ko)) {
      return `${sent.label} → 400 without field errors in both languages: ${sent.text.slice(0, 1500)}`;
    }
  }
  return null;
}

describe("API endpoints answer bad input with a problem+json 4xx and write nothing", () => {
  for (const [key, operations] of Object.entries(API_OPERATIONS)) {
    it(key, async () => {
      const [method, template] = key.split(" ") as [string, string];
      const operation = openapi.paths[template]?.[method.toLowerCase()];
      expect(operation, `${key} is in the OpenAPI document`).toBeDefined();
      const queryNames = (operation!.parameters ?? []).filter((parameter) => parameter.in === "query").map((parameter) => parameter.name);
      const properties = bodyProperties(operation!);
      await runProperty(apiCase(operations, queryNames, properties, template.endsWith("/import")), API_RUNS, async (value) => {
        const operationCase = operations[value.caller]!;
        const idValue = value.id ?? operationCase.id?.(world) ?? randomUUID();
        const query = new URLSearchParams(value.query);
        const url = `/api/v1${template.replace("{id}", encodeURIComponent(wellFormed(idValue)))}${query.size > 0 ? `?${query}` : ""}`;
        const headers: Record<string, string> = { "Accept-Language": value.language };
        if (operationCase.caller === "contractor-key") headers.Authorization = `Bearer ${world.keys.contractor}`;
        if (operationCase.caller === "cluster-key") headers.Authorization = `Bearer ${world.keys.cluster}`;
        if (operationCase.caller === "contractor-session") Object.assign(headers, { Cookie: cookies.contractor, Origin: app.origin });
        let body: BodyInit | undefined;
        let bodyLabel = "";
        if (method === "POST") {
          if (value.body.kind === "raw") {
            const broken = MALFORMED_BODIES[value.body.index]!;
            body = broken.body as BodyInit;
            headers["Content-Type"] = broken.contentType;
            bodyLabel = `${broken.contentType} ${describeValue(typeof broken.body === "string" ? broken.body : "bytes")}`;
          } else if (value.body.kind === "lines") {
            body = value.body.value.map((line) => JSON.stringify(line) ?? "").join("\n");
            headers["Content-Type"] = "application/x-ndjson";
            bodyLabel = describeValue(body);
          } else {
            const json = value.body.kind === "object" ? Object.fromEntries(value.body.value) : value.body.value;
            body = JSON.stringify(json) ?? "";
            headers["Content-Type"] = "application/json";
            bodyLabel = describeValue(body);
          }
        }
        const sent = await send(url, { method, headers, body }, `${method} ${url.slice(0, 200)} as ${operationCase.caller} ${bodyLabel}`);
        return verdict(sent) ?? problemVerdict(sent);
      });
    }, 300_000);
  }

  it("methods an endpoint does not have are a 405 problem, and unknown paths a 404 problem", async () => {
    const templates = Object.keys(API_OPERATIONS).map((key) => key.split(" ")[1]!);
    await runProperty(
      fc.record({ template: fc.constantFrom(...templates, "/nothing-here", "/needs/x/y/z"), method: fc.constantFrom("PUT", "PATCH", "DELETE", "POST", "GET") }),
      API_RUNS,
      async ({ template, method }) => {
        const url = `/api/v1${template.replace("{id}", world.needId)}`;
        const documented = Boolean(openapi.paths[template]?.[method.toLowerCase()]);
        if (documented) return null;
        const sent = await send(
          url,
          { method, headers: { Authorization: `Bearer ${world.keys.contractor}`, "Content-Type": "application/json" }, body: method === "GET" ? undefined : "{}" },
          `${method} ${url}`,
        );
        const expected = openapi.paths[template] ? 405 : 404;
        if (sent.status !== expected) return `${sent.label} → ${sent.status}, expected ${expected}`;
        return verdict(sent) ?? problemVerdict(sent);
      },
    );
  }, 300_000);
});
