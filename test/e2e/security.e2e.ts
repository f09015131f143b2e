import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "./browser.ts";
import { appUrl, jsErrorsOf, newPage, signIn } from "./session.ts";

const PASSWORD = "ClusterMatch!2026";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Watched = { violations: string[]; consoleErrors: string[]; dialogs: string[] };

/**
 * Records what would show that the policy broke the page or that injected script ran: CSP
 * violation events (collected by a script the browser injects itself, which the page's policy does
 * not govern), console errors, and any alert/confirm/prompt.
 */
async function watch(page: Page): Promise<Watched> {
  const watched: Watched = { violations: [], consoleErrors: [], dialogs: [] };
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error") watched.consoleErrors.push(message.text());
  });
  page.on("dialog", (dialog) => {
    watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return watched;
}

async function violationsIn(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
}

async function expectNothingExecuted(page: Page, watched: Watched) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(watched.dialogs).toEqual([]);
}

describe("security headers in the browser", () => {
  it("serves a nonce-based CSP that the home, sign-in and map pages keep without a single violation", async () => {
    const { context, page } = await newPage(browser);
    const watched = await watch(page);

    const response = await page.goto(`${appUrl()}/`);
    const headers = response!.headers();
    const policy = headers["content-security-policy"] ?? "";
    const scriptSrc = /script-src ([^;]+)/.exec(policy)?.[1] ?? "";
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/]+={0,2}'/);
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toMatch(/connect-src 'self'(;|$)/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // The test stack serves plain http: HSTS there would be wrong.
    expect(headers["strict-transport-security"]).toBeUndefined();

    // Every inline script in the document carries this response's nonce, and the nonce changes per response.
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
    const html = await response!.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const again = await fetch(`${appUrl()}/`);
    expect(again.headers.get("content-security-policy")).not.toContain(nonce);

    await page.goto(`${appUrl()}/sign-in`);
    await page.getByLabel("E-mail address").waitFor();
    // Client-side navigation and hydration both work under the policy.
    await page.getByRole("main").locator('a[href="/sign-up"]').click();
    await page.waitForURL(/\/sign-up/);

    await page.goto(`${appUrl()}/search`);
    await page.locator('.cm-map[data-map-ready="true"]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>(".cm-map")?.dataset.renderedGroups ?? "0") > 0, null, {
      timeout: 60_000,
    });

    expect(await violationsIn(page)).toEqual([]);
    expect(watched.consoleErrors.filter((text) => /Content Security Policy|Refused to/i.test(text))).toEqual([]);
    expect(jsErrorsOf(page)).toEqual([]);
    await context.close();
  });

  it("shows no violations on signed-in pages with forms", async () => {
    const { context, page } = await newPage(browser);
    const watched = await watch(page);
    await signIn(page, "contractor@clustermatch.test", PASSWORD);
    for (const path of ["/account", "/needs", "/needs/new", "/notifications"]) {
      await page.goto(`${appUrl()}${path}`);
      await page.getByRole("main").waitFor();
      expect({ path, violations: await violationsIn(page) }).toEqual({ path, violations: [] });
    }
    expect(watched.consoleErrors.filter((text) => /Content Security Policy|Refused to/i.test(text))).toEqual([]);
    expect(jsErrorsOf(page)).toEqual([]);
    await context.close();
  });
});

describe("cross-site request forgery", () => {
  it("refuses a form posted from another site with a bilingual 403, and the action never runs", async () => {
    const title = `CSRF probe ${Date.now().toString(36)}`;
    // The attacker's page: another origin that auto-submits a form to ClusterMatch.
    const attacker = http.createServer((_request, response) => {
      response.setHeader("Content-Type", "text/html; charset=utf-8");
      response.end(`<!doctype html><html><body>
<form id="f" method="post" action="${appUrl()}/needs/new">
<input name="intent" value="publish"><input name="kind" value="localization"><input name="title_en" value="${title}">
<input name="description_en" value="forged"><input name="visibility" value="public">
</form><script>document.getElementById("f").submit()</script></body></html>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    try {
      const { context, page } = await newPage(browser);
      await signIn(page, "contractor@clustermatch.test", PASSWORD);
      const port = (attacker.address() as AddressInfo).port;
      const refused = page.waitForResponse((response) => response.url().startsWith(`${appUrl()}/needs/new`) && response.request().method() === "POST");
      await page.goto(`http://127.0.0.1:${port}/`);
      const response = await refused;
      expect(response.status()).toBe(403);
      await page.getByRole("heading", { name: "Request refused" }).waitFor();
      expect(await page.textContent("body")).toContain("다른 웹사이트에서 보낸 요청");

      // The contractor's needs list does not hold the forged need.
      await page.goto(`${appUrl()}/needs`);
      expect(await page.getByText(title).count()).toBe(0);
      await context.close();
    } finally {
      await new Promise((resolve) => attacker.close(resolve));
    }
  });

  it("answers 403 (not 500) to cross-site posts on every kind of action, and lets same-site posts through", async () => {
    for (const path of ["/sign-in", "/sign-up", "/forgot-password", "/sign-out", "/my/profile", "/set-language"]) {
      const crossSite = await fetch(`${appUrl()}${path}`, {
        method: "POST",
        headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" },
        body: "email=a%40b.test&password=x",
        redirect: "manual",
      });
      expect({ path, status: crossSite.status }).toEqual({ path, status: 403 });
      const viaFetchMetadata = await fetch(`${appUrl()}${path}`, {
        method: "POST",
        headers: { "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: "email=a%40b.test",
        redirect: "manual",
      });
      expect({ path, status: viaFetchMetadata.status }).toEqual({ path, status: 403 });
      expect(viaFetchMetadata.headers.get("content-type")).toContain("application/problem+json");
    }
    const sameSite = await fetch(`${appUrl()}/sign-in`, {
      method: "POST",
      headers: { Origin: appUrl(), "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=not-an-email&password=",
      redirect: "manual",
    });
    expect(sameSite.status).toBe(400);
  });
});

describe("rate limits on the auth forms", () => {
  it("answers a password-reset flood for one address with a 429, Retry-After and a message in the reader's language", async () => {
    const email = `flood-${Date.now().toString(36)}@example.test`;
    const post = (language: string) =>
      fetch(`${appUrl()}/forgot-password`, {
        method: "POST",
        headers: { Origin: appUrl(), "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": language },
        body: new URLSearchParams({ email }).toString(),
        redirect: "manual",
      });
    const statuses: number[] = [];
    let last: Response | null = null;
    // Default: 10 per address in a burst.
    for (let attempt = 0; attempt < 11; attempt++) {
      last = await post("en");
      statuses.push(last.status);
      if (last.status === 429) break;
    }
    expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await last!.text()).toContain("Too many attempts");
    const korean = await post("ko");
    expect(korean.status).toBe(429);
    expect(await korean.text()).toContain("시도 횟수가 너무 많습니다");
  });
});

describe("user-written text never runs as script", () => {
  const payloads = {
    img: `<img src=x onerror="window.__xss=1;alert(1)">`,
    script: `<script>window.__xss=1;alert(2)</script>`,
    svg: `"><svg onload="window.__xss=1">`,
  };
  const allPayloads = `${payloads.img} ${payloads.script} ${payloads.svg}`;

  it("keeps payloads in an SME profile inert, and refuses a javascript: website", async () => {
    const { context, page } = await newPage(browser);
    const watched = await watch(page);
    const email = `xss-${Date.now().toString(36)}@example.test`;
    await page.goto(`${appUrl()}/sign-up`);
    await page.getByLabel("Your name").fill(`Mallory ${payloads.img}`);
    await page.getByLabel("E-mail address").fill(email);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByLabel(/Korean SME/).check();
    await page.getByRole("main").getByRole("button", { name: "Create account" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-up"));

    await page.goto(`${appUrl()}/my/profile`);
    await page.getByLabel("Company name (English)").fill(`XSS Works ${payloads.svg}`);
    await page.getByLabel("Description (English)").fill(allPayloads);
    await page.getByLabel("Website").fill("javascript:window.__xss=1");
    await page.getByRole("button", { name: "Save details" }).click();
    // Only http(s) links are accepted; the field says so.
    await page.getByLabel("Website").and(page.locator('[aria-invalid="true"]')).waitFor();
    await page.getByLabel("Website").fill("");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.getByLabel("Website").and(page.locator(':not([aria-invalid="true"])')).waitFor();

    for (const path of ["/my/profile", "/my/profile/preview", "/account"]) {
      await page.goto(`${appUrl()}${path}`);
      await page.getByRole("main").waitFor();
      await expectNothingExecuted(page, watched);
    }
    // Shown as text, exactly as written: proof that the page did render it, escaped.
    await page.goto(`${appUrl()}/my/profile/preview`);
    expect(await page.getByRole("main").textContent()).toContain(payloads.script);
    expect(await page.locator("main img[src='x'], main svg[onload]").count()).toBe(0);
    await expectNothingExecuted(page, watched);
    await context.close();
  });

  it("keeps payloads in a need, an expression of interest and its messages inert for everyone who reads them", async () => {
    const contractor = await newPage(browser);
    const contractorWatch = await watch(contractor.page);
    await signIn(contractor.page, "contractor@clustermatch.test", PASSWORD);
    const c = contractor.page;
    await c.goto(`${appUrl()}/needs/new`);
    await c.getByLabel("Kind of need").selectOption("localization");
    await c.getByLabel("Title (English)").fill(`Gear blanks ${payloads.img}`);
    await c.getByLabel("Description (English)").fill(allPayloads);
    await c.getByLabel("Required processes").fill("Heat treatment");
    await c.getByRole("radio", { name: /^Public/ }).check();
    await c.getByRole("button", { name: "Save and publish" }).click();
    await c.waitForURL(/\/needs\/[0-9a-f-]{36}\?notice=published/);
    const needUrl = c.url().split("?")[0]!;
    // The URL changes as the client-side navigation starts; wait for the need itself to render.
    await c.getByRole("main").getByText(payloads.script, { exact: false }).first().waitFor();
    await expectNothingExecuted(c, contractorWatch);

    const sme = await newPage(browser);
    const smeWatch = await watch(sme.page);
    await signIn(sme.page, "sme@clustermatch.test", PASSWORD);
    const s = sme.page;
    await s.goto(needUrl);
    expect(await s.getByRole("main").textContent()).toContain(payloads.script);
    await expectNothingExecuted(s, smeWatch);
    await s.getByRole("radio", { name: /Full scope/ }).check();
    await s.getByLabel("Message to the contractor").fill(allPayloads);
    await s.getByRole("button", { name: "Submit expression of interest" }).click();
    await s.waitForURL(/\/eois\/[0-9a-f-]{36}\?notice=submitted/);
    const eoiUrl = s.url().split("?")[0]!;
    await expectNothingExecuted(s, smeWatch);

    await c.goto(eoiUrl);
    expect(await c.getByRole("main").textContent()).toContain(payloads.script);
    await c.getByLabel("New message").fill(`Thanks ${payloads.svg} ${payloads.script}`);
    await c.getByRole("button", { name: "Send message" }).click();
    await c.getByRole("main").getByText(`Thanks ${payloads.svg}`, { exact: false }).first().waitFor();
    await expectNothingExecuted(c, contractorWatch);

    for (const path of [eoiUrl, `${appUrl()}/notifications`, `${appUrl()}/needs/for-you`]) {
      await s.goto(path);
      await s.getByRole("main").waitFor();
      await expectNothingExecuted(s, smeWatch);
    }
    for (const path of [`${needUrl}/eois`, `${appUrl()}/needs`, `${appUrl()}/notifications`]) {
      await c.goto(path);
      await c.getByRole("main").waitFor();
      await expectNothingExecuted(c, contractorWatch);
    }
    // The public page, without an account.
    const visitor = await newPage(browser);
    const visitorWatch = await watch(visitor.page);
    await visitor.page.goto(needUrl);
    expect(await visitor.page.getByRole("main").textContent()).toContain(payloads.img);
    await expectNothingExecuted(visitor.page, visitorWatch);

    for (const session of [contractor, sme, visitor]) await session.context.close();
  });
});
