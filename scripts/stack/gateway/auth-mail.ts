/**
 * The e-mails the local Auth server sends (to the outbox), in Korean and English in one message
 * because the server cannot know which language the recipient reads.
 */

export type AuthMailKind = "recovery" | "magiclink" | "email_change" | "signup";

export type AuthMailInput = {
  kind: AuthMailKind;
  to: string;
  /** Where the main button leads: the app's callback with token_hash and type, or the verify URL. */
  primaryLink: string;
  /** Auth server's own /verify link (implicit flow), offered as an alternative when it differs. */
  verifyLink: string;
  /** Six-digit code for verifyOtp({ email, token, type }). */
  code: string;
  validMinutes: number;
};

type Wording = {
  subject: string;
  heading: { ko: string; en: string };
  intro: { ko: (minutes: number) => string; en: (minutes: number) => string };
  button: { ko: string; en: string };
  ignore: { ko: string; en: string };
};

const WORDING: Record<AuthMailKind, Wording> = {
  recovery: {
    subject: "[ClusterMatch] 비밀번호 재설정 / Reset your password",
    heading: { ko: "비밀번호 재설정", en: "Reset your password" },
    intro: {
      ko: (m) => `ClusterMatch 비밀번호를 새로 정하려면 아래 링크를 여세요. 링크는 ${m}분 동안 한 번만 쓸 수 있습니다.`,
      en: (m) => `To choose a new ClusterMatch password, open the link below. It works once, within ${m} minutes.`,
    },
    button: { ko: "비밀번호 재설정하기", en: "Reset password" },
    ignore: {
      ko: "요청하지 않으셨다면 이 메일을 무시하세요. 비밀번호는 바뀌지 않습니다.",
      en: "If you did not ask for this, ignore this e-mail; your password stays the same.",
    },
  },
  magiclink: {
    subject: "[ClusterMatch] 로그인 링크 / Your sign-in link",
    heading: { ko: "ClusterMatch 로그인", en: "Sign in to ClusterMatch" },
    intro: {
      ko: (m) => `아래 링크를 열면 비밀번호 없이 로그인됩니다. 링크는 ${m}분 동안 한 번만 쓸 수 있습니다.`,
      en: (m) => `Open the link below to sign in without a password. It works once, within ${m} minutes.`,
    },
    button: { ko: "로그인하기", en: "Sign in" },
    ignore: {
      ko: "요청하지 않으셨다면 이 메일을 무시하세요.",
      en: "If you did not ask for this, ignore this e-mail.",
    },
  },
  email_change: {
    subject: "[ClusterMatch] 새 이메일 주소 확인 / Confirm your new e-mail address",
    heading: { ko: "새 이메일 주소 확인", en: "Confirm your new e-mail address" },
    intro: {
      ko: (m) => `계정의 이메일 주소를 이 주소로 바꾸려면 아래 링크를 여세요. 링크는 ${m}분 동안 한 번만 쓸 수 있습니다.`,
      en: (m) => `To move your account to this e-mail address, open the link below. It works once, within ${m} minutes.`,
    },
    button: { ko: "이메일 주소 확인하기", en: "Confirm e-mail address" },
    ignore: {
      ko: "요청하지 않으셨다면 이 메일을 무시하세요. 계정은 바뀌지 않습니다.",
      en: "If you did not ask for this, ignore this e-mail; the account stays as it is.",
    },
  },
  signup: {
    subject: "[ClusterMatch] 이메일 주소 확인 / Confirm your e-mail address",
    heading: { ko: "이메일 주소 확인", en: "Confirm your e-mail address" },
    intro: {
      ko: (m) => `ClusterMatch 가입을 마치려면 아래 링크를 여세요. 링크는 ${m}분 동안 한 번만 쓸 수 있습니다.`,
      en: (m) => `To finish signing up for ClusterMatch, open the link below. It works once, within ${m} minutes.`,
    },
    button: { ko: "이메일 주소 확인하기", en: "Confirm e-mail address" },
    ignore: {
      ko: "가입하지 않으셨다면 이 메일을 무시하세요.",
      en: "If you did not sign up, ignore this e-mail.",
    },
  },
};

function escapeHtml(value: string) {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

export function renderAuthMail(input: AuthMailInput) {
  const words = WORDING[input.kind];
  const minutes = input.validMinutes;
  const alternative = input.verifyLink !== input.primaryLink ? input.verifyLink : null;

  const text = [
    `[한국어]`,
    words.heading.ko,
    "",
    words.intro.ko(minutes),
    input.primaryLink,
    "",
    `링크 대신 인증 코드를 입력할 수도 있습니다: ${input.code}`,
    ...(alternative ? [`링크가 열리지 않으면 이 주소를 쓰세요: ${alternative}`] : []),
    words.ignore.ko,
    "",
    "----------------------------------------",
    "",
    `[English]`,
    words.heading.en,
    "",
    words.intro.en(minutes),
    input.primaryLink,
    "",
    `You can also enter this code instead of opening the link: ${input.code}`,
    ...(alternative ? [`If the link does not open, use this address: ${alternative}`] : []),
    words.ignore.en,
    "",
  ].join("\n");

  const link = escapeHtml(input.primaryLink);
  const section = (lang: "ko" | "en") => {
    const alt = alternative
      ? `<p style="font-size:13px;color:#555">${lang === "ko" ? "링크가 열리지 않으면 이 주소를 쓰세요:" : "If the link does not open, use this address:"} <a href="${escapeHtml(alternative)}">${escapeHtml(alternative)}</a></p>`
      : "";
    return `<section lang="${lang}" style="margin:0 0 24px">
  <h1 style="font-size:20px;margin:0 0 12px">${escapeHtml(words.heading[lang])}</h1>
  <p>${escapeHtml(words.intro[lang](minutes))}</p>
  <p><a href="${link}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(words.button[lang])}</a></p>
  <p>${lang === "ko" ? "링크 대신 인증 코드를 입력할 수도 있습니다:" : "You can also enter this code instead of opening the link:"} <strong style="font-size:18px;letter-spacing:2px">${escapeHtml(input.code)}</strong></p>
  ${alt}
  <p style="font-size:13px;color:#555">${escapeHtml(words.ignore[lang])}</p>
</section>`;
  };
  const html = `<!doctype html>
<html lang="ko">
<head><meta charset="utf-8"><title>${escapeHtml(words.subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Apple SD Gothic Neo','Malgun Gothic',sans-serif;line-height:1.5;color:#111;max-width:560px;margin:0 auto;padding:24px">
${section("ko")}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0">
${section("en")}
</body>
</html>
`;
  return { to: input.to, subject: words.subject, text, html };
}
