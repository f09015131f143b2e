import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshot, screenshotsDir } from "./browser.ts";
import { appUrl, jsErrorsOf, newPage } from "./session.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Decodes a PNG in the page (no image library needed) and summarises its pixels. */
async function pixelStats(page: Page, png: Buffer) {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext("2d")!;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const total = data.length / 4;
    return { distinctColours: counts.size, dominantShare: Math.max(...counts.values()) / total };
  }, png.toString("base64"));
}

async function resultTotal(page: Page) {
  const range = page.locator(".search-results__range");
  // No range line means the empty state: nothing in this area.
  if ((await range.count()) === 0) return 0;
  const text = (await range.textContent()) ?? "";
  const match = /of ([\d,]+)/.exec(text);
  return match ? Number(match[1]!.replaceAll(",", "")) : 0;
}

describe("the supplier map on the search page (no Mapbox token)", () => {
  it("draws the offline basemap with clustered markers and searches the visible area", async () => {
    const { context, page } = await newPage(browser);
    const outside: string[] = [];
    page.on("request", (request) => {
      const host = new URL(request.url()).hostname;
      if (!["localhost", "127.0.0.1"].includes(host) && !request.url().startsWith("data:") && !request.url().startsWith("blob:")) {
        outside.push(request.url());
      }
    });

    await page.goto(`${appUrl()}/search`);
    const map = page.locator(".cm-map");
    await map.and(page.locator('[data-map-ready="true"]')).waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>(".cm-map")?.dataset.renderedGroups ?? "0") > 0, null, {
      timeout: 60_000,
    });
    const groups = Number(await map.getAttribute("data-rendered-groups"));
    expect(groups).toBeGreaterThan(0);

    const png = await map.screenshot();
    fs.mkdirSync(screenshotsDir, { recursive: true });
    fs.writeFileSync(`${screenshotsDir}/map-01-search-map.png`, png);
    const stats = await pixelStats(page, png);
    // A blank or failed WebGL canvas is one flat colour; the basemap has land, sea, lines and markers.
    expect(stats.distinctColours).toBeGreaterThan(50);
    expect(stats.dominantShare).toBeLessThan(0.9);
    await screenshot(page, "map-02-search-page");

    const before = await resultTotal(page);
    expect(before).toBeGreaterThan(0);
    // Selecting a group of sites zooms into it, as a person would to look closer.
    const [x, y] = ((await map.getAttribute("data-largest-group-at")) ?? "").split(",").map(Number);
    expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
    const zoomedFrom = await page.evaluate(() => document.querySelector<HTMLElement>(".cm-map")?.dataset.largestGroupAt);
    await map.click({ position: { x: x!, y: y! } });
    await page.waitForFunction(
      (previous) => document.querySelector<HTMLElement>(".cm-map")?.dataset.largestGroupAt !== previous,
      zoomedFrom,
    );
    await page.waitForTimeout(800);
    await page.getByRole("button", { name: "Search this area" }).click();
    await page.waitForURL(/bbox=|west=|bounds=/);
    await page.waitForFunction((previous) => {
      const text = document.querySelector(".search-results__range")?.textContent ?? "";
      const match = /of ([\d,]+)/.exec(text);
      return match ? Number(match[1]!.replaceAll(",", "")) !== previous : true;
    }, before);
    const after = await resultTotal(page);
    expect(after).toBeLessThan(before);
    expect(after).toBeGreaterThan(0);
    await screenshot(page, "map-03-after-search-this-area");

    expect(outside).toEqual([]);
    expect(jsErrorsOf(page)).toEqual([]);
    await context.close();
  });
});
