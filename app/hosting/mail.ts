/*
 * The e-mails of the hosting workflow, in Korean and English in one message (the recipient's
 * language is not known for an address typed into a form). Plain text only: every value in them
 * was typed by a user. Sent to the addresses each side chose to share: the cluster's published
 * contact address for an inquiry, the inquiry's contact address for offers and refusals.
 */

export type HostingMail = { to: string; subject: string; text: string };

/** Keeps user text on its own lines: no header injection, no runaway length. */
function clean(value: string, max = 300): string {
  const single = value.replace(/[\r\n\t]+/g, " ").trim();
  return single.length > max ? `${single.slice(0, max - 1)}…` : single;
}

export function inquiryReceivedMail(input: {
  to: string;
  clusterNameEn: string;
  clusterNameKo: string;
  contractorNameEn: string;
  contractorNameKo: string | null;
  title: string;
  landAreaM2: number;
  workforce: number;
  startBy: string;
  link: string;
}): HostingMail {
  const contractorKo = input.contractorNameKo ?? input.contractorNameEn;
  return {
    to: input.to,
    subject: clean(`[ClusterMatch] 사업부 유치 문의 / Hosting inquiry: ${input.title}`, 200),
    text: [
      `${clean(input.clusterNameKo)} 담당자님,`,
      `${clean(contractorKo)}에서 사업부 유치 문의를 보냈습니다: "${clean(input.title)}".`,
      `부지 ${input.landAreaM2.toLocaleString("ko-KR")}㎡, 인력 ${input.workforce.toLocaleString("ko-KR")}명, ${input.startBy}까지 가동 희망.`,
      `문의를 확인하고 제안을 보내 주세요: ${input.link}`,
      "",
      `To the ${clean(input.clusterNameEn)} team,`,
      `${clean(input.contractorNameEn)} sent a hosting inquiry: "${clean(input.title)}".`,
      `${input.landAreaM2.toLocaleString("en-US")} m² of land, ${input.workforce.toLocaleString("en-US")} people, operating by ${input.startBy}.`,
      `Read it and answer with an offer: ${input.link}`,
    ].join("\n"),
  };
}

export function offerReceivedMail(input: {
  to: string;
  clusterNameEn: string;
  clusterNameKo: string;
  title: string;
  revised: boolean;
  link: string;
}): HostingMail {
  const verbKo = input.revised ? "제안을 수정했습니다" : "제안을 보냈습니다";
  const verbEn = input.revised ? "revised its offer" : "sent an offer";
  return {
    to: input.to,
    subject: clean(`[ClusterMatch] ${input.revised ? "제안 수정" : "유치 제안"} / ${input.revised ? "Offer revised" : "Hosting offer"}: ${input.clusterNameEn}`, 200),
    text: [
      `${clean(input.clusterNameKo)}에서 "${clean(input.title)}" 문의에 ${verbKo}.`,
      `제안과 클러스터를 비교해 보세요: ${input.link}`,
      "",
      `${clean(input.clusterNameEn)} ${verbEn} for your inquiry "${clean(input.title)}".`,
      `Compare the offers and clusters side by side: ${input.link}`,
    ].join("\n"),
  };
}

export function inquiryDeclinedMail(input: {
  to: string;
  clusterNameEn: string;
  clusterNameKo: string;
  title: string;
  reason: string;
  link: string;
}): HostingMail {
  return {
    to: input.to,
    subject: clean(`[ClusterMatch] 유치 문의 회신 / Reply to your hosting inquiry: ${input.clusterNameEn}`, 200),
    text: [
      `${clean(input.clusterNameKo)}에서 "${clean(input.title)}" 문의에 제안하지 않기로 했습니다.`,
      `사유: ${clean(input.reason, 2000)}`,
      `비교 화면: ${input.link}`,
      "",
      `${clean(input.clusterNameEn)} will not make an offer for your inquiry "${clean(input.title)}".`,
      `Reason: ${clean(input.reason, 2000)}`,
      `Comparison: ${input.link}`,
    ].join("\n"),
  };
}
