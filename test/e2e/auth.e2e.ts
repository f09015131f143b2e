import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, screenshot } from "./browser.ts";
import { appUrl, jsErrorsOf, newPage, signIn, signOut } from "./session.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("accounts in the browser", () => {
  it("signs up, signs out, signs in and switches language", async () => {
    const { context, page } = await newPage(browser);
    // Each language's messages are a chunk of their own: a page fetches only the one it shows.
    const dictionaryRequests: string[] = [];
    page.on("request", (request) => {
      const match = /\/build\/_shared\/(en|ko)-[A-Z0-9]+\.js$/.exec(new URL(request.url()).pathname);
      if (match) dictionaryRequests.push(match[1]!);
    });
    const email = `e2e-sme-${Date.now()}@example.com`;
    const password = "Busan-MRO-2026!";

    await page.goto(`${appUrl()}/sign-up`);
    await page.getByLabel("Your name").fill("Minji Park");
    await page.getByLabel("E-mail address").fill(email);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByLabel(/Korean SME/).check();
    await screenshot(page, "auth-01-sign-up-filled");
    await page.getByRole("main").getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${appUrl()}/account`);
    await page.getByRole("heading", { level: 1, name: "Your account" }).waitFor();
    // The URL and heading can change a moment before the rest of the route renders.
    await page.getByRole("main").getByText(email).first().waitFor();
    await screenshot(page, "auth-02-account-after-sign-up");

    await signOut(page);
    expect(await page.locator("header").textContent()).toContain("Sign in");
    await screenshot(page, "auth-03-signed-out");

    // The account page now requires signing in again.
    await page.goto(`${appUrl()}/account`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");

    await signIn(page, email, password);
    expect(new URL(page.url()).pathname).toBe("/account");
    await page.getByRole("heading", { level: 1, name: "Your account" }).waitFor();
    await page.getByRole("main").getByText("Minji Park").first().waitFor();

    expect([...new Set(dictionaryRequests)]).toEqual(["en"]);
    await page.getByRole("button", { name: "한국어" }).click();
    await page.waitForFunction(() => document.documentElement.lang === "ko");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("내 계정");
    // The Korean messages arrived before the page re-rendered: no message keys, no English left.
    expect(await page.locator("header").textContent()).toContain("로그아웃");
    expect(await page.locator("body").textContent()).not.toMatch(/\b(nav|account|footer)\.[a-z_]+/);
    expect([...new Set(dictionaryRequests)]).toEqual(["en", "ko"]);
    await screenshot(page, "auth-04-account-in-korean");

    // The choice is remembered across a reload.
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ko");

    expect(jsErrorsOf(page)).toEqual([]);
    await context.close();
  });

  it("keeps the input and explains a wrong password without a server error", async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${appUrl()}/sign-in`);
    await page.getByLabel("E-mail address").fill("nobody@example.com");
    await page.getByLabel(/^Password/).fill("not-the-password");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/sign-in") && r.request().method() === "POST"),
      page.getByRole("main").getByRole("button", { name: "Sign in", exact: true }).click(),
    ]);
    expect(response.status()).toBe(400);
    await page.getByText("The e-mail address or password is incorrect.").waitFor();
    expect(await page.getByLabel("E-mail address").inputValue()).toBe("nobody@example.com");
    await screenshot(page, "auth-05-wrong-password");
    await context.close();
  });
});
