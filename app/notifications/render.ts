/**
 * A notification as a sentence in the reader's language, from its kind and payload (the database
 * stores data, not text, so one notification reads right in Korean and English). Used by the
 * /notifications page and by the mailer. Plain module.
 */
import { createTranslator, isMessageKey, type Locale, type MessageKey } from "~/i18n";

export type NotificationLike = { kind: string; payload: Record<string, unknown>; link_path: string | null };

function str(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

function pick(payload: Record<string, unknown>, base: string, locale: Locale): string {
  const preferred = str(payload[`${base}_${locale}`]);
  return preferred || str(payload[`${base}_${locale === "ko" ? "en" : "ko"}`]);
}

export function renderNotification(notification: NotificationLike, locale: Locale): { text: string; detail: string | null } {
  const t = createTranslator(locale);
  const payload = notification.payload ?? {};
  const key = `notifications.kind.${notification.kind}`;
  const messageKey: MessageKey = isMessageKey(key) ? key : "notifications.kind.other";
  const reasonKey = `eois.reason.${str(payload.decision_reason)}`;
  const text = t(messageKey, {
    need: pick(payload, "need_title", locale),
    sme: pick(payload, "sme_name", locale),
    sender: pick(payload, "sender_name", locale),
    search: str(payload.saved_search_name),
    reason: isMessageKey(reasonKey) ? t(reasonKey) : "",
  });
  const comment = str(payload.decision_comment);
  const preview = str(payload.preview);
  const message = str(payload.message);
  const detail = comment ? t("notifications.comment", { comment }) : preview || message || null;
  return { text, detail };
}
