import { getEnv } from "~/env.server";
import { writeMail } from "~/utils/outbox.server";
import type { HostingMail } from "./mail";

/**
 * Hands the hosting mails to the outbox (the local stack's mail sink; a mail relay reads the same
 * directory in production). Called after the database change committed: the in-app notification
 * is already recorded by then, so a mail that cannot be written is logged, not turned into an
 * error page for a change that did happen.
 */
export async function sendHostingMails(mails: readonly HostingMail[], outboxDir = getEnv().MAIL_OUTBOX_DIR): Promise<number> {
  if (!outboxDir) {
    if (mails.length > 0) console.warn(`MAIL_OUTBOX_DIR is not set: ${mails.length} hosting mail(s) not sent`);
    return 0;
  }
  let sent = 0;
  for (const mail of mails) {
    try {
      await writeMail(outboxDir, { to: mail.to, subject: mail.subject, text: mail.text });
      sent += 1;
    } catch (error) {
      console.error("Could not write a hosting mail to the outbox", error);
    }
  }
  return sent;
}

export function siteLink(path: string): string {
  return new URL(path, getEnv().SITE_URL).toString();
}
