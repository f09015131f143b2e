import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
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

/**
 * The seed has one SME login. The scenario needs a second SME that a contractor can find, so the
 * test gives a new user admin membership of another published seed SME.
 */
async function secondSmeLogin(): Promise<{ email: string; company: string }> {
  const stack = inject("stack");
  const email = `e2e-sme2-${Date.now()}@example.com`;
  const created = await fetch(`${stack.supabaseUrl}/auth/v1/admin/users`, {
    method: "POST",
    headers: { apikey: stack.serviceRoleKey, authorization: `Bearer ${stack.serviceRoleKey}`, "content-type": "application/json" },
    body: JSON.stringify({
      email,
      password: SEED_PASSWORD,
      email_confirm: true,
      user_metadata: { display_name: "Second SME", account_type: "sme" },
    }),
  });
  expect(created.status).toBe(200);
  const user = (await created.json()) as { id: string };
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; name_en: string }>(
      `select o.id, o.name_en from public.organizations o
         join public.sme_profiles p on p.organization_id = o.id
        where p.published and o.name_en <> 'Redwood Kite Works'
        order by o.name_en limit 1`,
    );
    const target = rows[0]!;
    await client.query("insert into public.memberships (user_id, organization_id, role) values ($1, $2, 'admin')", [user.id, target.id]);
    return { email, company: target.name_en };
  } finally {
    await client.end();
  }
}

async function submitEoi(page: Page, needUrl: string, message: string) {
  await page.goto(needUrl);
  await page.getByLabel("Full scope").check();
  await page.getByLabel(/^Message to the contractor/).fill(message);
  await page.getByRole("button", { name: "Submit expression of interest" }).click();
  await page.waitForURL(/\/eois\/[^/?]+\?notice=submitted/);
}

describe("a need from posting to award", () => {
  it("posts an invited-only need, invites, collects EOIs, declines with a reason and awards", async () => {
    const second = await secondSmeLogin();
    const title = `Heat-treated landing-gear brackets ${Date.now()}`;

    // The contractor posts an invited-only need and sees ranked candidates with reasons.
    const contractor = await newPage(browser);
    await signIn(contractor.page, "contractor@clustermatch.test", SEED_PASSWORD);
    await contractor.page.goto(`${appUrl()}/needs/new`);
    await contractor.page.getByLabel(/^Kind of need/).selectOption("localization");
    await contractor.page.getByLabel(/^Title \(English\)/).fill(title);
    await contractor.page.getByLabel(/^Description \(English\)/).fill("Localize heat treatment of landing-gear brackets for an offset programme.");
    await contractor.page.getByLabel(/^Required processes/).fill("Heat treatment");
    await contractor.page.getByLabel(/^Required certifications/).fill("AS9100D");
    await contractor.page.getByLabel("Location", { exact: true }).selectOption({ label: "Changwon, Gyeongnam" });
    await contractor.page.getByLabel(/^Radius \(km\)/).fill("50");
    await contractor.page.getByLabel(/^Invited only/).check();
    await contractor.page.getByRole("button", { name: "Save and publish" }).click();
    await contractor.page.waitForURL(/\/needs\/[^/?]+\?notice=published/);
    const needUrl = contractor.page.url().split("?")[0]!;
    const candidates = contractor.page.getByRole("region", { name: "Candidates" });
    await candidates.waitFor();
    expect(await candidates.textContent()).toContain("Offers the required process Heat treatment");
    await screenshot(contractor.page, "needs-01-candidates");

    await candidates.getByRole("button", { name: "Invite Redwood Kite Works" }).click();
    await contractor.page.getByText("Invitations sent: 1.").waitFor();
    await contractor.page.getByLabel(/^Find an SME to invite/).fill(second.company);
    await contractor.page.getByRole("button", { name: "Find SMEs" }).click();
    await contractor.page.getByRole("button", { name: `Invite ${second.company}` }).click();
    await contractor.page.getByText("Invitations sent: 1.").waitFor();

    // Both invited SMEs see the need and answer it.
    const sme = await newPage(browser);
    await signIn(sme.page, "sme@clustermatch.test", SEED_PASSWORD);
    await sme.page.goto(`${appUrl()}/notifications`);
    await sme.page.getByText(`You were invited to respond to “${title}”`).first().waitFor();
    await submitEoi(sme.page, needUrl, "We heat-treat 300M and 4340 steel under NADCAP in Changwon.");
    await screenshot(sme.page, "needs-02-eoi-submitted");

    const other = await newPage(browser);
    await signIn(other.page, second.email, SEED_PASSWORD);
    await submitEoi(other.page, needUrl, "We can offer part of the scope.");

    // The contractor declines the second EOI with a reason and awards the first.
    await contractor.page.goto(needUrl);
    const eoiLink = contractor.page.getByRole("link", { name: /^Open .*expression of interest$/ });
    const eoiRows = contractor.page.getByRole("row").filter({ has: eoiLink });
    await eoiRows.first().waitFor();
    expect(await eoiRows.count()).toBe(2);
    await eoiRows.filter({ hasNotText: "Redwood Kite Works" }).getByRole("link").first().click();
    await contractor.page.getByLabel(/^Reason for declining/).selectOption({ index: 1 });
    const reasonLabel = (await contractor.page.getByLabel(/^Reason for declining/).locator("option:checked").textContent())!.trim();
    await contractor.page.getByLabel(/^Comment to the SME/).fill("Capacity does not cover the full rate.");
    await contractor.page.getByRole("button", { name: "Decline" }).click();
    // The decision is a form post within the page: wait for the status it leads to, not for the network.
    await contractor.page.locator(".badges").getByText("Declined", { exact: true }).waitFor();

    await contractor.page.goto(needUrl);
    await contractor.page.getByRole("row").filter({ has: eoiLink }).filter({ hasText: "Redwood Kite Works" }).getByRole("link").first().click();
    await contractor.page.getByRole("button", { name: "Award" }).click();
    await contractor.page.locator(".badges").getByText("Awarded", { exact: true }).waitFor();
    await screenshot(contractor.page, "needs-03-awarded");

    // The declined SME sees the reason and the comment; both SMEs are notified.
    await other.page.goto(`${appUrl()}/notifications`);
    const declined = other.page.getByText(new RegExp(`“${title}” was declined`)).first();
    await declined.waitFor();
    expect(await declined.textContent()).toContain(reasonLabel);
    await other.page.getByRole("link", { name: new RegExp(title) }).first().click();
    expect(await other.page.getByRole("main").textContent()).toContain("Capacity does not cover the full rate.");
    await screenshot(other.page, "needs-04-declined-sees-reason");

    await sme.page.goto(`${appUrl()}/notifications`);
    await sme.page.getByText(`Your expression of interest for “${title}” was awarded.`).first().waitFor();
    await screenshot(sme.page, "needs-05-awarded-notification");

    for (const actor of [contractor, sme, other]) {
      expect(jsErrorsOf(actor.page)).toEqual([]);
      await actor.context.close();
    }
  });
});
