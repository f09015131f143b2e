/**
 * Shared pieces of the bad-input fuzz tests: the real app server as a child process (Express
 * with its cross-site check, Remix, the built app), a fingerprint of the database to prove that
 * a refused request wrote nothing, and the bad values the generators draw from.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import type pg from "pg";
import { appEnvFor, projectRoot, type StackConfig } from "../scripts/stack/config.ts";

export type AppProcess = { baseUrl: string; origin: string; stop: () => Promise<void>; log: () => string };

/**
 * Starts scripts/stack/app-server.ts on the test stack's app port (the integration stack runs
 * without the app). Limits are raised so a fuzz run from one address is not throttled into 429s
 * before reaching the code under test; each request also names its own client address.
 */
export async function startAppProcess(stack: StackConfig): Promise<AppProcess> {
  if (!fs.existsSync(path.join(projectRoot, "build", "index.js"))) throw new Error("No server build: run `npx remix build` first (npm test does).");
  const logFile = path.join(stack.dataDir, "logs", `fuzz-app-${process.pid}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, "a");
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "stack", "app-server.ts")], {
    cwd: projectRoot,
    env: {
      ...process.env,
      ...appEnvFor(stack),
      HOST: "127.0.0.1",
      API_RATE_LIMIT_IP_BURST: "100000",
      API_RATE_LIMIT_KEY_BURST: "100000",
      AUTH_RATE_LIMIT_IP_BURST: "100000",
      AUTH_RATE_LIMIT_EMAIL_BURST: "100000",
    },
    stdio: ["ignore", out, out],
  });
  let exited: string | null = null;
  child.on("exit", (code, signal) => (exited = `code ${code}, signal ${signal}`));
  const baseUrl = `http://127.0.0.1:${stack.ports.app}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited) throw new Error(`The app server exited during start-up (${exited}); see ${logFile}:\n${fs.readFileSync(logFile, "utf8").slice(-2000)}`);
    const ok = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The app server did not answer /healthz within 180 s; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    baseUrl,
    // What a browser sends: the origin it addressed. (Remix refuses a document POST whose Origin
    // differs from Host, so the site URL's "localhost" would not do for 127.0.0.1.)
    origin: baseUrl,
    log: () => fs.readFileSync(logFile, "utf8"),
    stop: async () => {
      if (exited) return;
      const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await done;
      clearTimeout(timer);
      fs.closeSync(out);
    },
  };
}

/*
 * Tables that change without a request asking: the search sync worker consumes its outbox and
 * rebuilds search entries, the mail sweep stamps notifications it has e-mailed, and the auth
 * server keeps its own session bookkeeping. Every other table is in the fingerprint.
 */
const BACKGROUND_TABLES = new Set([
  "public.search_outbox",
  "public.supplier_search_entries",
  "auth.sessions",
  "auth.refresh_tokens",
  "auth.audit_log_entries",
  "auth.mfa_amr_claims",
]);

/*
 * Using an API key stamps its last_used_at (at most once a minute) whatever the answer, like a
 * session's bookkeeping; the key's own columns are what a request could wrongly change.
 */
const TABLE_PRINTS: Record<string, string> = {
  "public.api_keys": "select 'public.api_keys' as name, count(*)::text || ':' || coalesce(md5(string_agg(id::text || name || coalesce(revoked_at::text, ''), ',' order by id)), '') as print from public.api_keys",
};

export type Fingerprint = Map<string, string>;

/** Row count and newest row version (xmin) per table: any insert, update or delete changes one. */
export async function fingerprinter(db: pg.Client) {
  const { rows } = await db.query<{ name: string }>(
    `select format('%I.%I', table_schema, table_name) as name from information_schema.tables
     where table_schema in ('public', 'auth', 'storage') and table_type = 'BASE TABLE' order by 1`,
  );
  const tables = rows.map((row) => row.name).filter((name) => !BACKGROUND_TABLES.has(name));
  const sql = tables
    .map((name) => TABLE_PRINTS[name] ?? `select '${name}' as name, count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text as print from ${name}`)
    .join(" union all ");
  return async function fingerprint(): Promise<Fingerprint> {
    const result = await db.query<{ name: string; print: string }>(sql);
    return new Map(result.rows.map((row) => [row.name, row.print]));
  };
}

export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return [...after].filter(([name, print]) => before.get(name) !== print).map(([name]) => name);
}

// Bad values --------------------------------------------------------------------------------

const HUNDRED_KB = 100 * 1024;

/** Strings no form field is meant to receive, grouped by what they test. */
export const BAD_STRINGS: string[] = [
  "",
  " ",
  "\t\n",
  "a".repeat(HUNDRED_KB),
  "가".repeat(HUNDRED_KB / 3),
  "\u0000",
  "abc\u0000def",
  "\uD800",
  "x\uDFFFy",
  "\u202Eevil\u202C",
  "\u200B\u200C\u200D\uFEFF",
  "e\u0301\u0301\u0301\u0301",
  "🛩️👩‍👩‍👧‍👦",
  "' OR '1'='1' --",
  "'; drop table needs; --",
  "\\x27; select pg_sleep(0);",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "{{7*7}}${7*7}",
  "../../../../etc/passwd",
  "%00%ff%zz",
  "-1",
  "-0",
  "0",
  "1e309",
  "-1e309",
  "NaN",
  "Infinity",
  "99999999999999999999999999",
  "0x1F",
  "1.5e-400",
  "true",
  "null",
  "undefined",
  "[object Object]",
  "[]",
  '{"a":1}',
  "2026-02-30",
  "0000-00-00",
  "9999-99-99T99:99",
  "00000000-0000-0000-0000-000000000000",
  "not-a-uuid",
  "@",
  "a@",
  `${"a".repeat(300)}@example.com`,
];

export const badString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...BAD_STRINGS) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    // A well-formed identifier of nothing: reaches the database lookups.
    { weight: 1, arbitrary: fc.constant(null).map(() => randomUUID()) },
  );

/** JSON values of the wrong shape for any field: wrong types, huge numbers, nesting. */
export const badJsonValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: badString() },
    { weight: 2, arbitrary: fc.constantFrom(-1, 0, 1.5, -1e308, 1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, true, false, null) },
    { weight: 1, arbitrary: fc.array(badString(), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom({}, { nested: { deeper: ["x"] } }, [[[]]], [1, "two", null]) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );

/** Bodies that are broken as a whole, whatever route receives them. */
export const MALFORMED_BODIES: { contentType: string; body: string | Uint8Array }[] = [
  { contentType: "multipart/form-data; boundary=xyz", body: "--xyz\r\nContent-Disposition: form-data; name=\"intent\"\r\n\r\nsave" },
  { contentType: "multipart/form-data", body: "no boundary at all" },
  { contentType: "multipart/form-data; boundary=abc", body: "--abc\r\nContent-Disposition: form-data\r\n\r\nnameless\r\n--abc--\r\n" },
  { contentType: "application/x-www-form-urlencoded", body: "intent=%E0%A4%A&x=%zz&%%%=1" },
  { contentType: "application/x-www-form-urlencoded", body: new Uint8Array([0x69, 0x6e, 0x3d, 0xff, 0xfe, 0xed, 0xa0, 0x80]) },
  { contentType: "application/json", body: '{"intent":"save"' },
  { contentType: "text/plain", body: "intent=save" },
  { contentType: "application/x-www-form-urlencoded", body: `${"a=1&".repeat(20_000)}intent=x` },
];
