/**
 * `npm start`: the whole platform on this machine — PostgreSQL, PostgREST, the Supabase gateway,
 * Meilisearch and the web app — with seed data on first start. Ctrl-C stops everything.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { projectRoot, resolveStackConfig } from "./stack/config.ts";
import { StackError } from "./stack/preflight.ts";
import { startStack, type RunningStack } from "./stack/stack.ts";

const args = new Set(process.argv.slice(2));
const config = resolveStackConfig();

function buildIsStale() {
  const built = path.join(projectRoot, "build", "index.js");
  if (!fs.existsSync(built)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const full = path.join(dir, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
    }, 0);
  return newest(path.join(projectRoot, "app")) > builtAt;
}

let stack: RunningStack | null = null;
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping ClusterMatch…");
  await stack?.stop();
  console.log("Stopped.");
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  const started = Date.now();
  if (!args.has("--no-app") && buildIsStale()) {
    console.log("Building the web app…");
    execFileSync(process.execPath, [path.join(projectRoot, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "build"], {
      cwd: projectRoot,
      stdio: "inherit",
    });
  }
  stack = await startStack({ config, withApp: !args.has("--no-app"), seed: !args.has("--no-seed") });
  if (!args.has("--no-app")) {
    console.log(`\nClusterMatch is ready at http://localhost:${config.ports.app}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    console.log("Seed accounts are listed on the sign-in page. Press Ctrl-C to stop.");
  }
} catch (error) {
  if (error instanceof StackError) {
    console.error(`\n${error.message}`);
  } else {
    console.error(error);
  }
  stopping = true;
  await stack?.stop();
  process.exit(1);
}
