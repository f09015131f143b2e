import { createTranslator } from "~/i18n";

/*
 * The e-mail a cluster authority's invitation sends. The recipient may not have an account yet, so
 * its language is unknown: the mail says everything in Korean first, then in English.
 */

export type InvitationMailInput = {
  to: string;
  cluster: { name_en: string; name_ko: string };
  authorityName: { en: string; ko: string | null };
  message: string | null;
  siteUrl: string;
  expiresOn: string;
};

function escapeHtml(text: string) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

export function composeInvitationMail(input: InvitationMailInput) {
  const ko = createTranslator("ko");
  const en = createTranslator("en");
  const profileUrl = new URL("/my/profile", input.siteUrl).toString();
  const signUpUrl = new URL("/sign-up", input.siteUrl).toString();
  const parts = (t: typeof ko, cluster: string, authority: string) => ({
    greeting: t("invitation_mail.greeting", { authority, cluster }),
    how: t("invitation_mail.how", { email: input.to }),
    accept: t("invitation_mail.accept", { url: profileUrl }),
    signUp: t("invitation_mail.sign_up", { url: signUpUrl }),
    expires: t("invitation_mail.expires", { date: input.expiresOn }),
    message: input.message ? t("invitation_mail.message", { message: input.message }) : null,
  });
  const inKorean = parts(ko, input.cluster.name_ko, input.authorityName.ko ?? input.authorityName.en);
  const inEnglish = parts(en, input.cluster.name_en, input.authorityName.en);
  const block = (p: typeof inKorean) => [p.greeting, p.message, p.how, p.accept, p.signUp, p.expires].filter((line): line is string => Boolean(line));
  const subject = `${ko("invitation_mail.subject", { cluster: input.cluster.name_ko })} / ${en("invitation_mail.subject", { cluster: input.cluster.name_en })}`;
  const text = [...block(inKorean), "", "—", "", ...block(inEnglish)].join("\n\n").replace(/\n{3,}/g, "\n\n");
  const html = [
    `<div lang="ko">${block(inKorean).map((line) => `<p>${linkify(escapeHtml(line))}</p>`).join("")}</div>`,
    "<hr>",
    `<div lang="en">${block(inEnglish).map((line) => `<p>${linkify(escapeHtml(line))}</p>`).join("")}</div>`,
  ].join("");
  return { to: input.to, subject, text, html };
}

/** Turns the (already escaped) links of our own site into anchors. */
function linkify(escaped: string) {
  return escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}
