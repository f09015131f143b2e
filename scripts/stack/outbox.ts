import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

export type OutboxMail = { to: string; subject: string; text: string; html: string };

/**
 * Local stand-in for e-mail delivery: one JSON file per mail, `{ id, to, subject, text, html,
 * created_at }`, read by the dev-only /dev/outbox page and by tests.
 */
export async function writeOutboxMail(dir: string, mail: OutboxMail) {
  await fs.mkdir(dir, { recursive: true });
  const createdAt = new Date();
  const id = `${createdAt.getTime()}-${randomUUID()}`;
  const file = path.join(dir, `${id}.json`);
  const tmp = `${file}.tmp`;
  await fs.writeFile(tmp, JSON.stringify({ id, ...mail, created_at: createdAt.toISOString() }, null, 2));
  await fs.rename(tmp, file);
  return id;
}
