import { describe, expect, it } from "vitest";
import { inquiryDeclinedMail, inquiryReceivedMail, offerReceivedMail } from "./mail";

describe("hosting mails", () => {
  it("tells a cluster about an inquiry in both languages with the link", () => {
    const mail = inquiryReceivedMail({
      to: "changwon-cluster@clustermatch.test",
      clusterNameEn: "Changwon cluster",
      clusterNameKo: "창원 클러스터",
      contractorNameEn: "Cobalt Ridge Aerospace",
      contractorNameKo: "코발트리지 에어로스페이스",
      title: "MRO division",
      landAreaM2: 20000,
      workforce: 120,
      startBy: "2027-06-01",
      link: "https://clustermatch.example/hosting/inbox/abc",
    });
    expect(mail.to).toBe("changwon-cluster@clustermatch.test");
    expect(mail.subject).toContain("MRO division");
    expect(mail.text).toContain("코발트리지 에어로스페이스");
    expect(mail.text).toContain("20,000");
    expect(mail.text).toContain("Cobalt Ridge Aerospace sent a hosting inquiry");
    expect(mail.text.match(/https:\/\/clustermatch\.example\/hosting\/inbox\/abc/g)).toHaveLength(2);
  });

  it("keeps user text from breaking lines or the subject", () => {
    const mail = offerReceivedMail({
      to: "dana@example.com",
      clusterNameEn: "Evil\r\nBcc: victim@example.com",
      clusterNameKo: "클러스터",
      title: "Line one\nLine two",
      revised: true,
      link: "https://x.example/hosting/1/compare",
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain("Offer revised");
    expect(mail.text).toContain('"Line one Line two"');
    expect(mail.text.split("\n").some((line) => line.startsWith("Bcc:"))).toBe(false);
  });

  it("passes a refusal's reason on", () => {
    const mail = inquiryDeclinedMail({ to: "dana@example.com", clusterNameEn: "Gumi", clusterNameKo: "구미", title: "T", reason: "No land left this year.", link: "https://x.example/c" });
    expect(mail.text).toContain("Reason: No land left this year.");
    expect(mail.text).toContain("사유: No land left this year.");
  });
});
