/**
 * `npm run load [-- --users 50 --seconds 60]`: the load test of issue 11 on a private local stack
 * (its own ports and a temporary data folder, as `npm run bench` does; it reuses the benchmark's
 * stack process). Uses the existing build (`npm run build` first).
 *
 *   npx tsx scripts/load/run.ts [--users 50] [--seconds 60] [--think-ms 500] [--keep-data] [--no-docs]
 *
 * Writes bench-results/load-*.json and the load section of docs/benchmarks.md, and exits non-zero
 * when there was any error or lost write.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@supabase/supabase-js";
import ws from "ws";
import type { AppClient } from "../bench/measure.ts";
import { machine, privateStackRun, startStackProcess } from "../bench/run.ts";
import { projectRoot, type StackPorts } from "../stack/config.ts";
import { renderLoadMarkdown, updateLoadSection, writeLoadResults, type LoadReport } from "./report.ts";
import { createLoadFixture, findLostWrites, runLoad } from "./simulation.ts";

/** Apart from the default, test and benchmark ports, so a load run can share the machine with them. */
export const LOAD_PORTS: StackPorts = { app: 3655, gateway: 56341, postgres: 56342, postgrest: 56343, meili: 7740 };

/**
 * Every simulated user comes from 127.0.0.1: per-address limits would turn the load test into a
 * test of the limiter. Raised, not switched off; the limiters still run on each request.
 */
export const LOAD_RATE_LIMITS: Record<string, string> = {
  API_RATE_LIMIT_IP_BURST: "1000000",
  API_RATE_LIMIT_IP_PER_MINUTE: "1000000",
  API_RATE_LIMIT_KEY_BURST: "1000000",
  API_RATE_LIMIT_KEY_PER_MINUTE: "1000000",
  AUTH_RATE_LIMIT_IP_BURST: "100000",
  AUTH_RATE_LIMIT_IP_PER_MINUTE: "100000",
};

/**
 * The app over HTTP as a browser's form posts meet it: redirects are not followed (the session
 * cookie comes on the sign-in redirect, and the redirect's target tells a save from a refusal).
 * A request slower than the timeout counts as an error.
 */
export function browserLikeHttpClient(baseUrl: string, timeoutMs = 60_000): AppClient {
  return {
    request: (pathAndQuery, init = {}) =>
      fetch(new URL(pathAndQuery, baseUrl), {
        method: init.method ?? "GET",
        headers: init.headers,
        body: init.body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      }),
  };
}

type Options = { users: number; seconds: number; thinkMs: number; keepData: boolean; docs: boolean };

const USAGE = "Usage: npm run load -- [--users 50] [--seconds 60] [--think-ms 500] [--keep-data] [--no-docs]";

export function parseLoadArguments(argv: string[]): Options {
  const options: Options = { users: 50, seconds: 60, thinkMs: 500, keepData: false, docs: true };
  const numeric: Record<string, "users" | "seconds" | "thinkMs"> = { "--users": "users", "--seconds": "seconds", "--think-ms": "thinkMs" };
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = argv[index]!.split("=", 2) as [string, string | undefined];
    if (flag === "--keep-data") options.keepData = true;
    else if (flag === "--no-docs") options.docs = false;
    else if (flag === "--help" || flag === "-h") throw new Error(USAGE);
    else if (numeric[flag]) {
      const value = Number(inline ?? argv[++index]);
      const minimum = flag === "--think-ms" ? 0 : 1;
      if (!Number.isInteger(value) || value < minimum) throw new Error(`${flag} must be a whole number of at least ${minimum}.\n${USAGE}`);
      options[numeric[flag]!] = value;
    } else throw new Error(`Unknown option ${flag}.\n${USAGE}`);
  }
  if (options.users < 2) throw new Error(`--users must be at least 2 (one SME and one contractor).\n${USAGE}`);
  return options;
}

async function main() {
  let options: Options;
  try {
    options = parseLoadArguments(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  const startedAt = new Date();
  const command = `npm run load -- --users ${options.users} --seconds ${options.seconds}` + (options.thinkMs !== 500 ? ` --think-ms ${options.thinkMs}` : "");
  const { config, logFile, log, db, setChild, stop } = privateStackRun("load", LOAD_PORTS, startedAt, options);

  let passed = false;
  try {
    log("starting the stack (with the current build of the app)…");
    setChild(await startStackProcess(config, logFile, LOAD_RATE_LIMITS));
    log("stack ready");
    const service = createClient(config.supabaseUrl, config.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: ws as never },
    });
    const runId = `r${startedAt.getTime().toString(36)}`;
    const fixture = await createLoadFixture({ db, service }, { users: options.users, runId });
    log(`${fixture.personas.length} users, ${fixture.needIds.length} open needs, ${fixture.supplierIds.length} published suppliers to view`);

    const baseUrl = `http://127.0.0.1:${config.ports.app}`;
    const before = os.loadavg();
    log(`running ${options.users} users for ${options.seconds} s (load average ${before.map((value) => value.toFixed(1)).join(" ")})…`);
    const { result, ledger } = await runLoad(browserLikeHttpClient(baseUrl), fixture, {
      users: options.users,
      seconds: options.seconds,
      thinkMs: options.thinkMs,
      seed: 11,
      // Remix refuses an action whose Origin differs from Host; a browser on this address sends both alike.
      origin: baseUrl,
      log,
    });
    const after = os.loadavg();
    const lostWrites = await findLostWrites(db, ledger);
    const report: LoadReport = {
      started_at: startedAt.toISOString(),
      finished_at: new Date().toISOString(),
      command,
      machine: machine(),
      load_average: { before, after },
      rate_limits: LOAD_RATE_LIMITS,
      result,
      lost_writes: lostWrites,
    };
    const file = writeLoadResults(projectRoot, report);
    log(`results: ${path.relative(projectRoot, file)}`);
    log(`${result.operations} operations, ${result.throughput_per_second} /s, p95 ${result.latency_ms.p95} ms, ${result.errors} errors, ${lostWrites.length} lost writes`);
    if (options.docs) {
      const docPath = path.join(projectRoot, "docs", "benchmarks.md");
      fs.writeFileSync(docPath, updateLoadSection(fs.readFileSync(docPath, "utf8"), renderLoadMarkdown(report)));
      log("docs/benchmarks.md updated");
    }
    passed = result.errors === 0 && lostWrites.length === 0;
  } finally {
    await stop();
  }
  process.exit(passed ? 0 : 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
