/**
 * The load test of issue 11: simulated users drive the real app the way a browser does (sign in
 * through the form, cookie session, Origin header on every form post) and every write the app
 * confirmed is checked in PostgreSQL afterwards. The CLI (scripts/load/run.ts) runs it over HTTP
 * against a stack of its own; the test suite (test/load.test.ts) runs a small version through
 * Remix's request handler in-process. Both go through an AppClient (scripts/bench/measure.ts).
 *
 * The script makes its own tenants, so the run never edits seed data other tests rely on: one
 * contractor organization with a few open needs, one SME organization per SME user, and
 * contractor users who are plain members of that contractor organization.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type pg from "pg";
import type { AppClient } from "../bench/measure.ts";
import { mapLimit, seededRandom, summarize, type Summary } from "../bench/stats.ts";

export type Operation = "sign_in" | "search" | "view_supplier" | "view_needs" | "view_need" | "edit_profile" | "save_eoi" | "submit_eoi";
export const OPERATIONS: readonly Operation[] = ["sign_in", "search", "view_supplier", "view_needs", "view_need", "edit_profile", "save_eoi", "submit_eoi"];

export type Persona =
  | { kind: "sme"; email: string; userId: string; organizationId: string; name: string }
  | { kind: "contractor"; email: string; userId: string; organizationId: string };

export type LoadFixture = {
  runId: string;
  password: string;
  contractorOrganizationId: string;
  needIds: string[];
  supplierIds: string[];
  personas: Persona[];
};

export type LoadOptions = { users: number; seconds: number; thinkMs: number; seed: number; signInConcurrency?: number };

export type ErrorSample = { operation: Operation; status: number | null; detail: string };

export type LoadResult = {
  users: number;
  seconds: number;
  think_ms: number;
  /** The timed window only; signing in happens before it. */
  elapsed_seconds: number;
  operations: number;
  throughput_per_second: number;
  errors: number;
  error_samples: ErrorSample[];
  latency_ms: Summary;
  by_operation: Record<Operation, Summary & { errors: number }>;
  writes: { profile_edits: number; eoi_drafts: number; eoi_submissions: number };
};

export type LostWrite = { what: string; expected: string; found: string | null };

export type WriteLedger = {
  /** Per SME organization: every capacity note sent in order, and the last one the app confirmed. */
  profiles: Map<string, { attempted: string[]; confirmed: string | null }>;
  /** Per "<sme organization>/<need>": the EOI messages sent, the last confirmed, and whether submission was confirmed. */
  eois: Map<string, { smeOrganizationId: string; needId: string; attempted: string[]; confirmed: string | null; submitted: boolean }>;
};

const SEARCH_TERMS = ["titanium", "machining", "정밀가공", "welding", "composite", "NDT", "용접", "sensor", "PCB", "AS9100", "주조", "harness"];

// Setup ----------------------------------------------------------------------------------------

/**
 * Creates the run's tenants and users: users are made through the gateway's Auth admin API (as
 * an operator would invite them), organizations, memberships and needs straight in PostgreSQL.
 * About half the users are SMEs (each owning its own SME organization), the rest contractor staff.
 */
export async function createLoadFixture(
  { db, service }: { db: pg.Pool; service: SupabaseClient },
  { users, runId, needs = 8 }: { users: number; runId: string; needs?: number },
): Promise<LoadFixture> {
  if (!/^[a-z0-9-]{1,40}$/.test(runId)) throw new Error("runId must be lower-case letters, digits and dashes");
  const password = `Load-${runId}-Pw!9`;
  const smeCount = Math.max(1, Math.ceil(users / 2));
  const contractorOrg = await db.query<{ id: string }>(
    "insert into public.organizations (slug, kind, name_en, name_ko, country, is_fictional) values ($1, 'contractor', $2, $3, 'US', true) returning id::text",
    [`load-${runId}-contractor`, `Load Test Contractor ${runId}`, `부하 시험 계약업체 ${runId}`],
  );
  const contractorOrganizationId = contractorOrg.rows[0]!.id;
  const needIds: string[] = [];
  for (let index = 0; index < needs; index++) {
    const need = await db.query<{ id: string }>(
      `insert into public.needs (organization_id, kind, title_en, title_ko, description_en, description_ko, status, opened_at,
                                 visibility, response_deadline, required_process_codes)
       values ($1, 'parts_supply', $2, $3, 'Load test work package.', '부하 시험용 작업 패키지.', 'open', now(), 'registered', current_date + 60, '{}')
       returning id::text`,
      [contractorOrganizationId, `Load test need ${index + 1} (${runId})`, `부하 시험 수요 ${index + 1} (${runId})`],
    );
    needIds.push(need.rows[0]!.id);
  }
  const suppliers = await db.query<{ id: string }>(
    "select organization_id::text as id from public.sme_profiles where published order by organization_id limit 200",
  );
  const personas: Persona[] = [];
  for (let index = 0; index < users; index++) {
    const kind = index < smeCount ? "sme" : "contractor";
    const email = `load-${runId}-${kind}-${index}@example.test`;
    const created = await service.auth.admin.createUser({ email, password, email_confirm: true, user_metadata: { display_name: `Load ${kind} ${index}`, locale: "en" } });
    if (created.error || !created.data.user) throw new Error(`Could not create ${email}: ${created.error?.message ?? "no user"}`);
    const userId = created.data.user.id;
    if (kind === "sme") {
      const name = `Load Test Works ${runId} ${index}`;
      const org = await db.query<{ id: string }>(
        "insert into public.organizations (slug, kind, name_en, country, is_fictional) values ($1, 'sme', $2, 'KR', true) returning id::text",
        [`load-${runId}-sme-${index}`, name],
      );
      const organizationId = org.rows[0]!.id;
      await db.query("insert into public.sme_profiles (organization_id, description_en) values ($1, 'Load test supplier.')", [organizationId]);
      await db.query("insert into public.memberships (organization_id, user_id, role) values ($1, $2, 'owner')", [organizationId, userId]);
      personas.push({ kind, email, userId, organizationId, name });
    } else {
      await db.query("insert into public.memberships (organization_id, user_id, role) values ($1, $2, 'member')", [contractorOrganizationId, userId]);
      personas.push({ kind, email, userId, organizationId: contractorOrganizationId });
    }
  }
  return { runId, password, contractorOrganizationId, needIds, supplierIds: suppliers.rows.map((row) => row.id), personas };
}

/** Removes what createLoadFixture made (the audit log keeps its entries: it is append-only). */
export async function removeLoadFixture({ db, service }: { db: pg.Pool; service: SupabaseClient }, fixture: LoadFixture) {
  const organizationIds = [fixture.contractorOrganizationId, ...fixture.personas.filter((persona) => persona.kind === "sme").map((persona) => persona.organizationId)];
  await db.query("delete from public.organizations where id = any($1::uuid[])", [organizationIds]);
  for (const persona of fixture.personas) await service.auth.admin.deleteUser(persona.userId).catch(() => undefined);
}

// A browser-like session ------------------------------------------------------------------------

/** Keeps cookies the way a browser does for one site: set, replace, expire. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const separator = pair!.indexOf("=");
      if (separator <= 0) continue;
      const name = pair!.slice(0, separator).trim();
      const value = pair!.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key, raw] = attribute.split("=", 2).map((part) => part.trim());
        if (key?.toLowerCase() === "max-age") return Number(raw) <= 0;
        if (key?.toLowerCase() === "expires") return Date.parse(raw ?? "") <= Date.now();
        return false;
      });
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  get size() {
    return this.cookies.size;
  }
}

type Outcome = { ok: true } | { ok: false; status: number | null; detail: string };

class Session {
  readonly jar = new CookieJar();
  constructor(
    private readonly app: AppClient,
    private readonly origin: string,
  ) {}

  async get(path: string): Promise<Response> {
    const response = await this.app.request(path, { headers: { Cookie: this.jar.header(), "Accept-Language": "en" } });
    this.jar.store(response);
    return response;
  }

  async post(path: string, fields: Record<string, string>): Promise<Response> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    // Serialize the form here so the same bytes work over HTTP and in-process.
    const encoded = new Response(form);
    const body = await encoded.text();
    const response = await this.app.request(path, {
      method: "POST",
      headers: { Cookie: this.jar.header(), Origin: this.origin, "Content-Type": encoded.headers.get("Content-Type")!, "Accept-Language": "en" },
      body,
    });
    this.jar.store(response);
    return response;
  }
}

const location = (response: Response) => response.headers.get("Location") ?? "";

async function expectPage(response: Response): Promise<Outcome> {
  const body = await response.text();
  if (response.status !== 200) return { ok: false, status: response.status, detail: `${response.status} ${location(response) || body.slice(0, 200)}` };
  return { ok: true };
}

async function expectRedirect(response: Response, target: RegExp): Promise<Outcome> {
  const body = await response.text();
  if (response.status >= 300 && response.status < 400 && target.test(location(response))) return { ok: true };
  return { ok: false, status: response.status, detail: `${response.status} ${location(response) || body.replace(/\s+/g, " ").slice(0, 300)}` };
}

// The run -------------------------------------------------------------------------------------

/** Signs every persona in through the sign-in form, then lets them all work until the time is up. */
export async function runLoad(
  app: AppClient,
  fixture: LoadFixture,
  options: LoadOptions & { origin: string; log?: (line: string) => void },
): Promise<{ result: LoadResult; ledger: WriteLedger }> {
  const random = seededRandom(options.seed);
  const samples = new Map<Operation, number[]>(OPERATIONS.map((operation) => [operation, []]));
  const errorCounts = new Map<Operation, number>(OPERATIONS.map((operation) => [operation, 0]));
  const errorSamples: ErrorSample[] = [];
  const ledger: WriteLedger = { profiles: new Map(), eois: new Map() };
  const writes = { profile_edits: 0, eoi_drafts: 0, eoi_submissions: 0 };
  let sequence = 0;

  async function timed(operation: Operation, work: () => Promise<Outcome>): Promise<boolean> {
    const started = performance.now();
    let outcome: Outcome;
    try {
      outcome = await work();
    } catch (error) {
      outcome = { ok: false, status: null, detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    samples.get(operation)!.push(performance.now() - started);
    if (!outcome.ok) {
      errorCounts.set(operation, errorCounts.get(operation)! + 1);
      if (errorSamples.length < 20) errorSamples.push({ operation, status: outcome.status, detail: outcome.detail });
      options.log?.(`error in ${operation}: ${outcome.detail}`);
    }
    return outcome.ok;
  }

  const sessions = fixture.personas.slice(0, options.users).map((persona) => ({ persona, session: new Session(app, options.origin) }));
  if (sessions.length < options.users) throw new Error(`The fixture has ${sessions.length} users, fewer than ${options.users}`);

  // Users arrive a few at a time (a ramp-up before the timed window): each sign-in checks a bcrypt
  // hash, and fifty at the same instant would measure a stampede no working day has.
  const signedIn = await mapLimit(sessions, options.signInConcurrency ?? 4, ({ persona, session }) =>
      timed("sign_in", async () => {
        const response = await session.post("/sign-in", { email: persona.email, password: fixture.password, redirectTo: "/account" });
        const outcome = await expectRedirect(response, /^\/account$/);
        if (outcome.ok && session.jar.size === 0) return { ok: false, status: response.status, detail: "signed in without a session cookie" };
        return outcome;
      }),
  );

  const pick = <T>(items: readonly T[]) => random.pick(items);
  const search = (session: Session) =>
    timed("search", async () => expectPage(await session.get(`/search?q=${encodeURIComponent(pick(SEARCH_TERMS))}`)));
  const viewSupplier = (session: Session) =>
    timed("view_supplier", async () => (fixture.supplierIds.length ? expectPage(await session.get(`/suppliers/${pick(fixture.supplierIds)}`)) : { ok: true }));
  const viewNeeds = (session: Session) => timed("view_needs", async () => expectPage(await session.get("/needs")));
  const viewNeed = (session: Session) => timed("view_need", async () => expectPage(await session.get(`/needs/${pick(fixture.needIds)}`)));

  async function editProfile(session: Session, persona: Extract<Persona, { kind: "sme" }>) {
    const note = `Load ${fixture.runId} capacity note #${++sequence}`;
    const entry = ledger.profiles.get(persona.organizationId) ?? { attempted: [], confirmed: null };
    ledger.profiles.set(persona.organizationId, entry);
    entry.attempted.push(note);
    const saved = await timed("edit_profile", async () =>
      expectPage(
        await session.post("/my/profile?index", {
          intent: "save_details",
          name_en: persona.name,
          description_en: "Load test supplier.",
          employees: String(10 + (sequence % 300)),
          capacity_note: note,
          export_countries: "",
        }),
      ),
    );
    if (saved) {
      entry.confirmed = note;
      writes.profile_edits++;
    }
  }

  async function expressInterest(session: Session, persona: Extract<Persona, { kind: "sme" }>) {
    const open = fixture.needIds.filter((needId) => !ledger.eois.get(`${persona.organizationId}/${needId}`)?.submitted);
    if (open.length === 0) return editProfile(session, persona);
    const needId = pick(open);
    const key = `${persona.organizationId}/${needId}`;
    const entry = ledger.eois.get(key) ?? { smeOrganizationId: persona.organizationId, needId, attempted: [], confirmed: null, submitted: false };
    ledger.eois.set(key, entry);
    // A draft or two first, then the submission, as someone writing an answer would.
    const submit = entry.confirmed !== null && random.next() < 0.5;
    const message = `Load ${fixture.runId} interest #${++sequence}: we can supply this package.`;
    entry.attempted.push(message);
    const operation: Operation = submit ? "submit_eoi" : "save_eoi";
    const ok = await timed(operation, async () => {
      const response = await session.post(`/needs/${needId}`, { intent: submit ? "submit_eoi" : "save_eoi", scope: "full", message });
      return expectRedirect(response, submit ? /^\/eois\/[0-9a-f-]{36}\?notice=submitted$/ : new RegExp(`^/needs/${needId}\\?notice=eoi_saved`));
    });
    if (ok) {
      entry.confirmed = message;
      if (submit) {
        entry.submitted = true;
        writes.eoi_submissions++;
      } else writes.eoi_drafts++;
    }
  }

  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const think = () => new Promise((resolve) => setTimeout(resolve, Math.floor(random.next() * options.thinkMs)));

  await Promise.all(
    sessions.map(async ({ persona, session }, index) => {
      if (!signedIn[index]) return;
      while (performance.now() < deadline) {
        const roll = random.next();
        if (persona.kind === "contractor") {
          if (roll < 0.4) await search(session);
          else if (roll < 0.7) await viewSupplier(session);
          else if (roll < 0.85) await viewNeeds(session);
          else await viewNeed(session);
        } else {
          if (roll < 0.2) await search(session);
          else if (roll < 0.3) await viewSupplier(session);
          else if (roll < 0.4) await viewNeeds(session);
          else if (roll < 0.5) await viewNeed(session);
          else if (roll < 0.75) await editProfile(session, persona);
          else await expressInterest(session, persona);
        }
        if (options.thinkMs > 0) await think();
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;

  const all = [...samples.values()].flat();
  const operations = [...samples.entries()].filter(([operation]) => operation !== "sign_in").reduce((sum, [, list]) => sum + list.length, 0);
  const errors = [...errorCounts.values()].reduce((sum, count) => sum + count, 0);
  const byOperation = Object.fromEntries(
    OPERATIONS.map((operation) => [operation, { ...summarize(samples.get(operation)!), errors: errorCounts.get(operation)! }]),
  ) as LoadResult["by_operation"];
  return {
    ledger,
    result: {
      users: options.users,
      seconds: options.seconds,
      think_ms: options.thinkMs,
      elapsed_seconds: Math.round(elapsed * 10) / 10,
      operations,
      throughput_per_second: Math.round((operations / elapsed) * 10) / 10,
      errors,
      error_samples: errorSamples,
      latency_ms: summarize(all),
      by_operation: byOperation,
      writes,
    },
  };
}

// Lost writes --------------------------------------------------------------------------------------

/**
 * Every write the app confirmed must be in the database with the last value sent. A value the
 * app did not confirm (an error, counted already) may still have landed; that is not a lost write.
 */
export async function findLostWrites(db: pg.Pool, ledger: WriteLedger): Promise<LostWrite[]> {
  const lost: LostWrite[] = [];
  const profileIds = [...ledger.profiles.keys()];
  const profiles = await db.query<{ id: string; capacity_note: string | null }>(
    "select organization_id::text as id, capacity_note from public.sme_profiles where organization_id = any($1::uuid[])",
    [profileIds],
  );
  const notes = new Map(profiles.rows.map((row) => [row.id, row.capacity_note]));
  for (const [organizationId, entry] of ledger.profiles) {
    if (entry.confirmed === null) continue;
    const found = notes.get(organizationId) ?? null;
    const laterAttempts = entry.attempted.slice(entry.attempted.lastIndexOf(entry.confirmed));
    if (found === null || !laterAttempts.includes(found)) lost.push({ what: `capacity note of SME ${organizationId}`, expected: entry.confirmed, found });
  }
  const eois = await db.query<{ sme: string; need: string; message: string | null; status: string }>(
    "select sme_organization_id::text as sme, need_id::text as need, message, status::text from public.eois where sme_organization_id = any($1::uuid[])",
    [[...new Set([...ledger.eois.values()].map((entry) => entry.smeOrganizationId))]],
  );
  const rows = new Map(eois.rows.map((row) => [`${row.sme}/${row.need}`, row]));
  for (const [key, entry] of ledger.eois) {
    if (entry.confirmed === null) continue;
    const row = rows.get(key);
    const laterAttempts = entry.attempted.slice(entry.attempted.lastIndexOf(entry.confirmed));
    if (!row || row.message === null || !laterAttempts.includes(row.message)) {
      lost.push({ what: `EOI message ${key}`, expected: entry.confirmed, found: row?.message ?? null });
    } else if (entry.submitted && row.status !== "submitted") {
      lost.push({ what: `EOI submission ${key}`, expected: "submitted", found: row.status });
    }
  }
  return lost;
}
