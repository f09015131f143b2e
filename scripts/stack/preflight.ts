import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export class StackError extends Error {}

/** Resolves when nothing listens on the port; otherwise explains which service needs it. */
export async function assertPortFree(port: number, service: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(
          new StackError(
            `Port ${port} (needed by ${service}) is already in use by another program.\n` +
              `  Find it with:  ss -ltnp 'sport = :${port}'\n` +
              `  Stop it, or choose another port through the environment (see .env.example).`,
          ),
        );
      } else reject(error);
    });
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve()));
  });
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, which must be able
 * to enter every folder above its binaries and its data. A checkout under /root (mode 700) fails
 * deep inside initdb with an unhelpful message; say what is wrong before that happens.
 */
export function assertReachableByPostgresUser(paths: string[]) {
  if (process.getuid?.() !== 0) return;
  for (const target of paths) {
    // The target itself may be the data folder, which PostgreSQL owns and keeps at mode 700.
    let dir = path.dirname(path.resolve(target));
    const blocked: string[] = [];
    for (;;) {
      if (fs.existsSync(dir)) {
        const mode = fs.statSync(dir).mode;
        if ((mode & 0o001) === 0) blocked.push(`${dir} (mode ${(mode & 0o777).toString(8)})`);
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    if (blocked.length > 0) {
      throw new StackError(
        `PostgreSQL runs as the 'postgres' user when started as root, and that user cannot enter:\n` +
          blocked.map((entry) => `  - ${entry}`).join("\n") +
          `\n  needed to reach ${target}.\n` +
          `  Move the checkout under a folder others may enter (for example /srv/clustermatch),\n` +
          `  or allow entry with:  chmod o+x ${blocked.map((entry) => entry.split(" ")[0]).join(" ")}`,
      );
    }
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

type StackState = { launcherPid: number; children: Record<string, { pid: number; command: string }> };

/**
 * One stack per data folder. A live launcher means "already running"; a dead one leaves children
 * that we stop, so a crash (kill -9) of the launcher never blocks the next start.
 */
export class StackLock {
  private readonly file: string;
  private state: StackState;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, "stack.json");
    this.state = { launcherPid: process.pid, children: {} };
  }

  async acquire(log: (line: string) => void) {
    const previous = this.read();
    if (previous && previous.launcherPid !== process.pid && isProcessAlive(previous.launcherPid)) {
      throw new StackError(
        `ClusterMatch is already running from this folder (launcher pid ${previous.launcherPid}).\n` +
          `  Use that instance, or stop it first (Ctrl-C in its terminal, or: kill ${previous.launcherPid}).`,
      );
    }
    if (previous) {
      for (const [name, child] of Object.entries(previous.children)) {
        if (isProcessAlive(child.pid) && commandLineOf(child.pid).includes(child.command)) {
          log(`Stopping ${name} (pid ${child.pid}) left behind by a previous run that did not exit cleanly`);
          process.kill(child.pid, "SIGTERM");
          for (let i = 0; i < 50 && isProcessAlive(child.pid); i++) await new Promise((r) => setTimeout(r, 100));
          if (isProcessAlive(child.pid)) process.kill(child.pid, "SIGKILL");
        }
      }
    }
    this.write();
  }

  /** Whether a live launcher holds the stack in this data folder (e.g. `npm start` is running). */
  static isHeld(dataDir: string): boolean {
    const state = new StackLock(dataDir).read();
    return state !== null && isProcessAlive(state.launcherPid);
  }

  registerChild(name: string, pid: number, command: string) {
    this.state.children[name] = { pid, command };
    this.write();
  }

  unregisterChild(name: string) {
    delete this.state.children[name];
    this.write();
  }

  release() {
    const current = this.read();
    if (current?.launcherPid === process.pid) fs.rmSync(this.file, { force: true });
  }

  private read(): StackState | null {
    try {
      return JSON.parse(fs.readFileSync(this.file, "utf8")) as StackState;
    } catch {
      return null;
    }
  }

  private write() {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, JSON.stringify(this.state, null, 2));
  }
}
