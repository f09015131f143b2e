/**
 * The benchmark's stack in a process of its own (so its memory is measured apart from the
 * benchmark client): startStack with the app, on the ports and data folder in the environment
 * (BENCH_STACK_CONFIG, a JSON StackConfig). Unlike `npm start` it never rebuilds the app: the
 * benchmark measures the build that is there. Prints "stack ready" and stops on SIGTERM/SIGINT.
 */
import type { StackConfig } from "../stack/config.ts";
import { startStack, type RunningStack } from "../stack/stack.ts";

const config = JSON.parse(process.env.BENCH_STACK_CONFIG ?? "null") as StackConfig | null;
if (!config) {
  console.error("BENCH_STACK_CONFIG is not set; this script is started by scripts/bench/run.ts.");
  process.exit(2);
}

let stack: RunningStack | null = null;
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await stack?.stop();
  process.exit(code);
}
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGINT", () => void shutdown(0));

try {
  stack = await startStack({ config, withApp: true, seed: true, nodeEnv: "production" });
  console.log("stack ready");
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  stopping = true;
  await stack?.stop();
  process.exit(1);
}
