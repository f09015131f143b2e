import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { linksIn, listMails, writeMail } from "./outbox.server";

describe("mail outbox", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "outbox-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("lists written mails newest first", async () => {
    await writeMail(dir, { to: "a@x.test", subject: "first", text: "1", created_at: "2026-01-01T00:00:00.000Z" });
    await writeMail(dir, { to: "b@x.test", subject: "second", text: "2", created_at: "2026-01-02T00:00:00.000Z" });
    const mails = await listMails(dir);
    expect(mails.map((mail) => mail.subject)).toEqual(["second", "first"]);
    expect(mails[0]).toMatchObject({ to: "b@x.test", html: "", text: "2" });
    expect(mails[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("treats a missing directory as empty", async () => {
    expect(await listMails(path.join(dir, "nope"))).toEqual([]);
  });

  it("creates the directory on first write", async () => {
    const nested = path.join(dir, "a", "b");
    await writeMail(nested, { to: "a@x.test", subject: "s", text: "t" });
    expect(await listMails(nested)).toHaveLength(1);
  });

  it("skips files that are not mails instead of failing the page", async () => {
    await writeMail(dir, { to: "a@x.test", subject: "ok", text: "t" });
    await writeFile(path.join(dir, "broken.json"), "{not json");
    await writeFile(path.join(dir, "wrong-shape.json"), JSON.stringify({ id: "../../etc", to: "x" }));
    await writeFile(path.join(dir, ".half-written.json"), JSON.stringify({}));
    await writeFile(path.join(dir, "notes.txt"), "hello");
    expect((await listMails(dir)).map((mail) => mail.subject)).toEqual(["ok"]);
  });

  it("refuses ids that could escape the directory", async () => {
    await expect(writeMail(dir, { id: "../evil", to: "a@x.test", subject: "s", text: "t" })).rejects.toThrow();
  });

  it("finds the links of text and HTML bodies", () => {
    expect(
      linksIn({
        text: "Reset: http://localhost:3000/auth/callback?token_hash=abc&type=recovery&next=/reset-password.\nBye",
        html: '<a href="http://localhost:3000/auth/callback?token_hash=abc&amp;type=recovery&amp;next=/reset-password">Reset</a> <a href="mailto:x@y">x</a>',
      }),
    ).toEqual(["http://localhost:3000/auth/callback?token_hash=abc&type=recovery&next=/reset-password"]);
  });
});
