import { describe, expect, it } from "vitest";
import { composeInvitationMail } from "./invitation-mail";

const input = {
  to: "owner@hanbit.example",
  cluster: { name_en: "Gyeongnam Changwon Defense Innovation Cluster", name_ko: "경남 창원 방산혁신클러스터" },
  authorityName: { en: "Changwon Cluster Office", ko: "창원 클러스터 사무국" },
  message: "Please join <b>us</b> & meet primes",
  siteUrl: "https://clustermatch.example",
  expiresOn: "2026-12-24",
};

describe("composeInvitationMail", () => {
  it("speaks Korean first, then English, with links to the profile and sign-up pages", () => {
    const mail = composeInvitationMail(input);
    expect(mail.subject).toContain("경남 창원 방산혁신클러스터");
    expect(mail.subject).toContain("Gyeongnam Changwon Defense Innovation Cluster");
    expect(mail.text.indexOf("창원 클러스터 사무국")).toBeLessThan(mail.text.indexOf("Changwon Cluster Office"));
    expect(mail.text).toContain("https://clustermatch.example/my/profile");
    expect(mail.text).toContain("https://clustermatch.example/sign-up");
    expect(mail.text).toContain("owner@hanbit.example");
  });

  it("escapes the authority's message in the HTML body", () => {
    const mail = composeInvitationMail(input);
    expect(mail.html).not.toContain("<b>us</b>");
    expect(mail.html).toContain("&lt;b&gt;us&lt;/b&gt; &amp; meet primes");
    expect(mail.html).toContain('<a href="https://clustermatch.example/my/profile">');
  });

  it("leaves the message out when there is none", () => {
    const mail = composeInvitationMail({ ...input, message: null });
    expect(mail.text).not.toContain("undefined");
    expect(mail.text).not.toContain("null");
  });
});
