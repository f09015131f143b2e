import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { assertPortFree, assertReachableByPostgresUser, StackError, StackLock } from "./preflight.ts";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("assertPortFree", () => {
  it("names the service and how to find the program holding the port", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      await expect(assertPortFree(port, "PostgREST")).rejects.toThrow(new RegExp(`Port ${port} \\(needed by PostgREST\\)`));
    } finally {
      server.close();
    }
  });

  it("passes for a free port", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(assertPortFree(port, "test")).resolves.toBeUndefined();
  });
});

describe.runIf(process.getuid?.() === 0)("assertReachableByPostgresUser (as root)", () => {
  it("explains a checkout under a folder only root can enter", () => {
    const root = tempDir();
    const locked = path.join(root, "locked");
    fs.mkdirSync(path.join(locked, "checkout", ".data"), { recursive: true });
    fs.chmodSync(locked, 0o700);
    expect(() => assertReachableByPostgresUser([path.join(locked, "checkout", ".data", "pg")])).toThrow(StackError);
    expect(() => assertReachableByPostgresUser([path.join(locked, "checkout", ".data", "pg")])).toThrow(/mode 700/);
  });

  it("accepts folders others may enter", () => {
    const root = tempDir();
    fs.chmodSync(root, 0o755);
    expect(() => assertReachableByPostgresUser([path.join(root, "pg")])).not.toThrow();
  });
});

describe("StackLock", () => {
  it("refuses a second launcher while the first is alive", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "stack.json"), JSON.stringify({ launcherPid: process.ppid, children: {} }));
    await expect(new StackLock(dir).acquire(() => {})).rejects.toThrow(/already running/);
  });

  it("tells whether a live launcher holds the folder", () => {
    const dir = tempDir();
    expect(StackLock.isHeld(dir)).toBe(false);
    fs.writeFileSync(path.join(dir, "stack.json"), JSON.stringify({ launcherPid: process.ppid, children: {} }));
    expect(StackLock.isHeld(dir)).toBe(true);
  });

  it("takes over from a launcher that died", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "stack.json"), JSON.stringify({ launcherPid: 2 ** 22 + 12345, children: {} }));
    const lock = new StackLock(dir);
    await lock.acquire(() => {});
    expect(JSON.parse(fs.readFileSync(path.join(dir, "stack.json"), "utf8")).launcherPid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(path.join(dir, "stack.json"))).toBe(false);
  });
});
