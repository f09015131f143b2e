import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import * as z from "zod";

/*
 * Local mail outbox: where the local stack "sends" e-mail (sign-up confirmation, password reset,
 * magic links) instead of an SMTP server. Written by the gateway (scripts/stack/gateway) and by any
 * server code through writeMail(); read by the /dev/outbox page and by tests.
 *
 * Format: one UTF-8 JSON file per e-mail directly in MAIL_OUTBOX_DIR, its name ending in `.json`
 * (writeMail uses `<created_at in epoch milliseconds>-<id>.json`; readers do not rely on the name),
 * holding
 *
 *   {
 *     "id":         string  – unique; letters, digits, "-" and "_" only (a UUID is fine),
 *     "to":         string  – recipient address,
 *     "subject":    string,
 *     "text":       string  – plain-text body; links written out in full (https://…),
 *     "html":       string  – HTML body, "" when there is none,
 *     "created_at": string  – ISO 8601 timestamp, e.g. "2026-03-01T09:30:00.000Z"
 *   }
 *
 * Writers write to a temporary name that does not end in `.json` (or starts with a dot) in the same
 * directory and rename it into place, so readers never see half a file; readers skip such names and
 * files that do not match the format.
 */

export const mailSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
  to: z.string().min(1),
  subject: z.string(),
  text: z.string(),
  html: z
    .string()
    .nullish()
    .transform((html) => html ?? ""),
  created_at: z.iso.datetime({ offset: true }),
});

export type Mail = z.infer<typeof mailSchema>;
export type NewMail = Pick<Mail, "to" | "subject" | "text"> & Partial<Pick<Mail, "id" | "html" | "created_at">>;

export async function writeMail(dir: string, mail: NewMail): Promise<Mail> {
  const complete = mailSchema.parse({
    id: mail.id ?? randomUUID(),
    created_at: mail.created_at ?? new Date().toISOString(),
    html: mail.html ?? "",
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
  });
  await mkdir(dir, { recursive: true });
  const fileName = `${Date.parse(complete.created_at)}-${complete.id}.json`;
  const temporary = path.join(dir, `.${fileName}.${process.pid}.tmp`);
  await writeFile(temporary, `${JSON.stringify(complete, null, 2)}\n`, "utf8");
  await rename(temporary, path.join(dir, fileName));
  return complete;
}

/** Every readable mail in the outbox, newest first. A missing directory is an empty outbox. */
export async function listMails(dir: string): Promise<Mail[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const mails = await Promise.all(
    names
      .filter((name) => name.endsWith(".json") && !name.startsWith("."))
      .map(async (name) => {
        try {
          const parsed = mailSchema.safeParse(JSON.parse(await readFile(path.join(dir, name), "utf8")));
          return parsed.success ? parsed.data : null;
        } catch {
          // Deleted between readdir and readFile, or not JSON: not a mail.
          return null;
        }
      }),
  );
  return mails
    .filter((mail): mail is Mail => mail !== null)
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id.localeCompare(a.id));
}

/** http(s) links in a mail's text and HTML bodies, in order of appearance, without duplicates. */
export function linksIn(mail: Pick<Mail, "text" | "html">): string[] {
  const found = new Set<string>();
  for (const match of mail.text.matchAll(/https?:\/\/[^\s<>"']+/g)) found.add(trimTrailingPunctuation(match[0]));
  for (const match of mail.html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)) {
    const href = decodeHtmlEntities(match[1] ?? "");
    if (/^https?:\/\//i.test(href)) found.add(href);
  }
  return [...found];
}

function trimTrailingPunctuation(url: string) {
  return url.replace(/[.,;:!?)\]]+$/, "");
}

function decodeHtmlEntities(value: string) {
  return value
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}
