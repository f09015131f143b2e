import { inject } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";

export const appUrl = () => `http://localhost:${inject("stack").ports.app}`;

/** A fresh browser context per person, so sessions never leak between actors of a scenario. */
export async function newPage(browser: Browser, locale = "en-US"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  // Patience, not a speed check: a 2-core CI box rendering WebGL through SwiftShader while the
  // whole stack runs can take well over 15 s for one navigation or a full-page screenshot.
  context.setDefaultTimeout(45_000);
  context.setDefaultNavigationTimeout(60_000);
  const page = await context.newPage();
  const failures: string[] = [];
  page.on("pageerror", (error) => failures.push(error.message));
  (page as Page & { jsErrors?: string[] }).jsErrors = failures;
  return { context, page };
}

export function jsErrorsOf(page: Page): string[] {
  return (page as Page & { jsErrors?: string[] }).jsErrors ?? [];
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${appUrl()}/sign-in`);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("main").getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

export async function signOut(page: Page) {
  await page.locator("details.user-menu > summary").click();
  await page.getByRole("button", { name: /Sign out|로그아웃/ }).click();
  await page.locator("header").getByRole("link", { name: /^(Sign in|로그인)$/ }).waitFor();
}
