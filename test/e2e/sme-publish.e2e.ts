import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshot } from "./browser.ts";
import { appUrl, jsErrorsOf, newPage, signIn } from "./session.ts";

const SEED_PASSWORD = "ClusterMatch!2026";
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function expectNotice(page: Page, text: string) {
  await page.getByText(text).first().waitFor();
}

describe("an SME publishes, its cluster verifies, a contractor sees the badge", () => {
  it("runs the whole publishing and verification flow", async () => {
    const stamp = Date.now();
    const company = `Hanbit Precision ${stamp} (fictional)`;
    const certNumber = `AS-${stamp}`;
    const email = `e2e-owner-${stamp}@example.com`;
    const password = "Changwon-5axis-2026!";

    // 1. The SME signs up and fills its profile.
    const sme = await newPage(browser);
    await sme.page.goto(`${appUrl()}/sign-up`);
    await sme.page.getByLabel("Your name").fill("Seojun Lee");
    await sme.page.getByLabel("E-mail address").fill(email);
    await sme.page.getByLabel(/^Password/).fill(password);
    await sme.page.getByLabel(/Korean SME/).check();
    await sme.page.getByRole("main").getByRole("button", { name: "Create account" }).click();
    await sme.page.waitForURL(`${appUrl()}/account`);

    await sme.page.goto(`${appUrl()}/my/profile`);
    await sme.page.getByLabel("Company name (English)").fill(company);
    await sme.page.getByLabel("Company name (Korean)").fill(`한빛정밀 ${stamp} (가상 기업)`);
    await sme.page.getByLabel("Description (English)").fill("Five-axis machining of titanium airframe brackets for aerospace programmes.");
    await sme.page.getByLabel("Employees").fill("48");
    await sme.page.getByLabel("Year founded").fill("2004");
    await sme.page.getByRole("button", { name: "Save details" }).click();
    await expectNotice(sme.page, "Company details saved.");

    const tabs = sme.page.getByRole("navigation", { name: "Profile sections" });
    await tabs.getByRole("link", { name: "Capabilities" }).click();
    await sme.page.getByLabel("Search processes").fill("5축");
    await sme.page.getByRole("button", { name: "Add 5-axis machining" }).click();
    await expectNotice(sme.page, "Added 5-axis machining");

    await tabs.getByRole("link", { name: "Sites" }).click();
    await sme.page.getByLabel("Site name (English)").fill("Changwon plant");
    await sme.page.getByLabel("Address (Korean)").fill("경상남도 창원시 성산구 중앙대로 100");
    await sme.page.getByLabel(/^Latitude/).fill("35.2279");
    await sme.page.getByLabel(/^Longitude/).fill("128.6811");
    await sme.page.getByRole("button", { name: "Add site" }).click();
    await expectNotice(sme.page, "Site added.");

    await tabs.getByRole("link", { name: "Certifications" }).click();
    await sme.page.getByLabel("Certification type").selectOption("as9100d");
    await sme.page.getByLabel("Certificate number").fill(certNumber);
    await sme.page.getByLabel(/^Expiry date/).fill("2028-06-30");
    await sme.page.getByLabel(/^Certificate document/).setInputFiles({
      name: "as9100d-certificate.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
    });
    await sme.page.getByRole("button", { name: "Add certification" }).click();
    await expectNotice(sme.page, "Certification added.");
    await screenshot(sme.page, "sme-01-certification-added");

    await tabs.getByRole("link", { name: "Overview" }).click();
    await sme.page.getByRole("button", { name: "Publish profile" }).click();
    await expectNotice(sme.page, "Your profile is published");
    const profileHref = await sme.page.getByRole("link", { name: "Open the public profile page" }).getAttribute("href");
    expect(profileHref).toMatch(/^\/suppliers\//);
    await screenshot(sme.page, "sme-02-published");

    // 2. The cluster authority invites the SME; the SME joins the cluster.
    const authority = await newPage(browser);
    await signIn(authority.page, "cluster@clustermatch.test", SEED_PASSWORD);
    await authority.page.goto(`${appUrl()}/cluster/members`);
    await authority.page.getByLabel("E-mail address of the company's admin").fill(email);
    await authority.page.getByRole("button", { name: "Send invitation" }).click();
    await expectNotice(authority.page, `Invitation sent to ${email}`);

    await sme.page.goto(`${appUrl()}/my/profile`);
    await sme.page.getByRole("button", { name: /^Accept invitation to / }).click();
    await expectNotice(sme.page, "You joined the cluster.");

    // 3. The authority verifies the certificate.
    await authority.page.goto(`${appUrl()}/cluster/members`);
    await authority.page.getByRole("link", { name: `Review ${company}` }).click();
    await authority.page.getByRole("button", { name: new RegExp(`Verify.*${certNumber}`) }).click();
    await expectNotice(authority.page, "Certification verified.");
    await screenshot(authority.page, "sme-03-authority-verified");

    // 4. A contractor sees the verified badge with who verified it.
    const contractor = await newPage(browser);
    await signIn(contractor.page, "contractor@clustermatch.test", SEED_PASSWORD);
    await contractor.page.goto(`${appUrl()}${profileHref}`);
    const row = contractor.page.getByRole("row").filter({ hasText: certNumber });
    await row.waitFor();
    const rowText = (await row.textContent()) ?? "";
    expect(rowText).toContain("Verified");
    expect(rowText).toMatch(/by .+ on /);
    await screenshot(contractor.page, "sme-04-contractor-sees-badge");

    for (const actor of [sme, authority, contractor]) {
      expect(jsErrorsOf(actor.page)).toEqual([]);
      await actor.context.close();
    }
  });
});
