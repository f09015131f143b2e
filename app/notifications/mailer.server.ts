/**
 * Notification e-mail. The database queues mail with each notification (mail_pending, due at
 * mail_after) in the same transaction as the change it reports; this mailer writes due mail to
 * the outbox (MAIL_OUTBOX_DIR) and marks it sent. Delivery is at least once and idempotent: a
 * mail's file name comes from its notification's id and time, so sending again after a crash
 * between writing and marking rewrites the same file instead of adding a second mail.
 *
 * Saved-search alerts due together for one search become one digest mail.
 *
 *   deliverPendingMail({ limit? }) → { sent, skipped, failed }   — started after every workflow
 *     action (deliverMailSoon, not awaited) and by a sweep every 30 s in the app process
 *     (startMailSweeper), so mail whose first attempt failed, and daily/weekly digests, go out
 *     without a request.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import { getEnv } from "~/env.server";
import { createTranslator, isLocale, type Locale } from "~/i18n";
import { createSupabaseAdminClient } from "~/utils/supabase-admin.server";
import { writeMail } from "~/utils/outbox.server";
import { renderNotification } from "./render";

const MAX_ATTEMPTS = 10;
const SWEEP_INTERVAL_MS = 30_000;

type PendingRow = {
  id: string;
  user_id: string;
  kind: string;
  payload: Record<string, unknown>;
  link_path: string | null;
  created_at: string;
  mail_attempts: number;
};

type Recipient = { email: string | null; locale: Locale };

function escapeHtml(text: string) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function absolute(siteUrl: string, path: string | null): string {
  return new URL(path ?? "/notifications", siteUrl).toString();
}

type Mail = { notificationIds: string[]; id: string; created_at: string; to: string; subject: string; text: string; html: string };

export function composeMails(rows: readonly PendingRow[], recipients: ReadonlyMap<string, Recipient>, siteUrl: string): { mails: Mail[]; noAddress: string[] } {
  const mails: Mail[] = [];
  const noAddress: string[] = [];
  const digests = new Map<string, PendingRow[]>();
  for (const row of rows) {
    const recipient = recipients.get(row.user_id);
    if (!recipient?.email) {
      noAddress.push(row.id);
      continue;
    }
    if (row.kind === "saved_search.match" && typeof row.payload.saved_search_id === "string") {
      const group = `${row.user_id}:${row.payload.saved_search_id}`;
      digests.set(group, [...(digests.get(group) ?? []), row]);
      continue;
    }
    mails.push(single(row, recipient, siteUrl));
  }
  for (const group of digests.values()) {
    const recipient = recipients.get(group[0]!.user_id)!;
    mails.push(group.length === 1 ? single(group[0]!, recipient, siteUrl) : digest(group, recipient, siteUrl));
  }
  return { mails, noAddress };
}

function footer(recipient: Recipient, siteUrl: string) {
  const t = createTranslator(recipient.locale);
  return t("notifications.mail.footer", { url: absolute(siteUrl, "/needs/saved-searches") });
}

function single(row: PendingRow, recipient: Recipient, siteUrl: string): Mail {
  const t = createTranslator(recipient.locale);
  const { text, detail } = renderNotification(row, recipient.locale);
  const url = absolute(siteUrl, row.link_path);
  const lines = [text, detail ?? "", "", t("notifications.mail.open", { url }), "", footer(recipient, siteUrl)].filter((line, index, all) => line !== "" || all[index - 1] !== "");
  return {
    notificationIds: [row.id],
    id: row.id,
    created_at: row.created_at,
    to: recipient.email!,
    subject: `${t("notifications.mail.subject_prefix")}: ${text}`.slice(0, 250),
    text: lines.join("\n"),
    html: `<p>${escapeHtml(text)}</p>${detail ? `<p>${escapeHtml(detail)}</p>` : ""}<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p><p><small>${escapeHtml(footer(recipient, siteUrl))}</small></p>`,
  };
}

function digest(rows: readonly PendingRow[], recipient: Recipient, siteUrl: string): Mail {
  const t = createTranslator(recipient.locale);
  const sorted = [...rows].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  const first = sorted[0]!;
  const items = sorted.map((row) => ({ text: renderNotification(row, recipient.locale).text, url: absolute(siteUrl, row.link_path) }));
  const subject = t("notifications.mail.digest_subject", { count: rows.length, search: String(first.payload.saved_search_name ?? "") });
  return {
    notificationIds: sorted.map((row) => row.id),
    id: first.id,
    created_at: first.created_at,
    to: recipient.email!,
    subject: `${t("notifications.mail.subject_prefix")}: ${subject}`.slice(0, 250),
    text: [...items.map((item) => `- ${item.text}\n  ${item.url}`), "", footer(recipient, siteUrl)].join("\n"),
    html: `<ul>${items.map((item) => `<li>${escapeHtml(item.text)}<br><a href="${escapeHtml(item.url)}">${escapeHtml(item.url)}</a></li>`).join("")}</ul><p><small>${escapeHtml(footer(recipient, siteUrl))}</small></p>`,
  };
}

async function recipientsFor(admin: SupabaseClient, userIds: string[]): Promise<Map<string, Recipient>> {
  const { data, error } = await admin.from("profiles").select("user_id, email, locale").in("user_id", userIds);
  if (error) throw new Error(`Reading mail recipients failed: ${error.message}`);
  return new Map(
    ((data ?? []) as Array<{ user_id: string; email: string | null; locale: string }>).map((row) => [
      row.user_id,
      { email: row.email, locale: isLocale(row.locale) ? row.locale : "ko" },
    ]),
  );
}

let running: Promise<{ sent: number; skipped: number; failed: number }> | null = null;
// Mail queued while a run was already reading the queue may have been missed by that run.
let queuedDuringRun = false;

/** Writes every due mail to the outbox. Concurrent calls share one run. */
export function deliverPendingMail(options: { limit?: number } = {}): Promise<{ sent: number; skipped: number; failed: number }> {
  startMailSweeper();
  if (!running) {
    running = deliver(options.limit ?? 200).finally(() => {
      running = null;
      if (queuedDuringRun) {
        queuedDuringRun = false;
        deliverMailSoon();
      }
    });
  }
  return running;
}

async function deliver(limit: number) {
  const env = getEnv();
  if (!env.MAIL_OUTBOX_DIR || !env.SUPABASE_SERVICE_ROLE_KEY) return { sent: 0, skipped: 0, failed: 0 };
  const admin = createSupabaseAdminClient();
  const { data, error } = await admin
    .from("notifications")
    .select("id, user_id, kind, payload, link_path, created_at, mail_attempts")
    .eq("mail_pending", true)
    .lte("mail_after", new Date().toISOString())
    .order("mail_after")
    .order("id")
    .limit(limit);
  if (error) throw new Error(`Reading pending mail failed: ${error.message}`);
  const rows = (data ?? []) as PendingRow[];
  if (rows.length === 0) return { sent: 0, skipped: 0, failed: 0 };

  const recipients = await recipientsFor(admin, [...new Set(rows.map((row) => row.user_id))]);
  const { mails, noAddress } = composeMails(rows, recipients, env.SITE_URL);
  let sent = 0;
  let failed = 0;
  if (noAddress.length > 0) {
    await admin.from("notifications").update({ mail_pending: false }).in("id", noAddress);
  }
  for (const mail of mails) {
    try {
      await writeMail(env.MAIL_OUTBOX_DIR, { id: mail.id, created_at: mail.created_at, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      const { error: markError } = await admin
        .from("notifications")
        .update({ mail_pending: false, mailed_at: new Date().toISOString() })
        .in("id", mail.notificationIds);
      if (markError) throw new Error(markError.message);
      sent += 1;
    } catch (cause) {
      failed += 1;
      console.error(`Notification mail ${mail.id} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
      for (const id of mail.notificationIds) {
        const attempts = (rows.find((row) => row.id === id)?.mail_attempts ?? 0) + 1;
        await admin
          .from("notifications")
          .update({ mail_attempts: attempts, mail_pending: attempts < MAX_ATTEMPTS })
          .eq("id", id);
      }
    }
  }
  return { sent, skipped: noAddress.length, failed };
}

let sweeper: ReturnType<typeof setInterval> | null = null;

/** Background sweep in the app process (unref'd: it never keeps the process alive). */
export function startMailSweeper() {
  if (sweeper || process.env.NODE_ENV === "test") return;
  sweeper = setInterval(() => {
    deliverPendingMail().catch((error) => console.error(`Mail sweep failed: ${error instanceof Error ? error.message : String(error)}`));
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
}

/**
 * After a workflow action: start delivering now, without holding the user's answer. The mail is
 * already queued in the action's own transaction; writing it used to run inside the request and
 * made submitting an expression of interest take seconds under load. Mail trouble never fails the
 * action; the sweep retries.
 */
export function deliverMailSoon(): void {
  if (running) {
    queuedDuringRun = true;
    return;
  }
  deliverPendingMail().catch((error) =>
    console.error(`Mail delivery failed; the sweep will retry: ${error instanceof Error ? error.message : String(error)}`)
  );
}
