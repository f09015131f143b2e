import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveStackConfig, TEST_PORTS, type StackConfig } from "../../scripts/stack/config.ts";
import { startStack } from "../../scripts/stack/stack.ts";

/**
 * Boots an isolated stack for one test run: its own ports and a temporary data folder, removed
 * afterwards. Hosted-service variables in the environment are ignored on purpose: tests never touch
 * a real project.
 */
export async function bootTestStack(options: { withApp: boolean | "on-demand"; label: string }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `clustermatch-${options.label}-`));
  // The PostgreSQL server runs as the `postgres` user when we are root.
  fs.chmodSync(dataDir, 0o755);
  // TEST_PORT_OFFSET lets two test runs share a machine (say, CI in a clone beside a developer).
  const offset = Number(process.env.TEST_PORT_OFFSET ?? 0) || 0;
  const ports = Object.fromEntries(Object.entries(TEST_PORTS).map(([name, port]) => [name, port + offset])) as typeof TEST_PORTS;
  const config: StackConfig = resolveStackConfig({}, { dataDir, ports });
  const lines: string[] = [];
  const started = Date.now();
  const stack = await startStack({
    config,
    withApp: options.withApp,
    seed: true,
    nodeEnv: "production",
    log: (line) => lines.push(line),
  }).catch((error) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  if (process.env.STACK_VERBOSE) console.log(lines.join("\n"));
  console.log(`[${options.label}] stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s (data in ${dataDir})`);
  return {
    stack,
    config,
    async teardown() {
      await stack.stop();
      if (!process.env.KEEP_TEST_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The body of both vitest global setups: boot, expose config and the control server, tear down. */
export async function provideTestStack(
  project: { provide: (key: "stack" | "controlUrl", value: never) => void },
  options: { withApp: boolean | "on-demand"; label: string },
) {
  const { startControlServer } = await import("./control.ts");
  const { stack, config, teardown } = await bootTestStack(options);
  const control = await startControlServer(stack, config.ports.app + 99);
  project.provide("stack", config as never);
  project.provide("controlUrl", control.url as never);
  return async () => {
    await control.close();
    await teardown();
  };
}
