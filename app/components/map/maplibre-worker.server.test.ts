import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { loader } from "~/routes/maplibre-worker[.]mjs";
import { maplibreWorkerScript } from "./maplibre-worker.server";

const require = createRequire(import.meta.url);
const installedVersion = (JSON.parse(readFileSync(require.resolve("maplibre-gl/package.json"), "utf8")) as { version: string }).version;

const call = (query: string, headers: Record<string, string> = {}) =>
  loader({ request: new Request(`http://localhost/maplibre-worker.mjs${query}`, { headers }), params: {}, context: {} });

describe("/maplibre-worker.mjs", () => {
  it("serves the installed MapLibre worker as JavaScript, cached forever for its version", async () => {
    const response = await call(`?v=${installedVersion}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toContain("immutable");
    const body = await response.text();
    expect(body).toContain(`v${installedVersion}`);
    expect(body).not.toContain("sourceMappingURL");
    expect(body.length).toBeGreaterThan(100_000);
  });

  it("revalidates any other version, so an upgraded library never runs a stale worker", async () => {
    const response = await call("?v=0.0.1");
    expect(response.headers.get("Cache-Control")).toBe("public, no-cache");
    expect((await call("")).headers.get("Cache-Control")).toBe("public, no-cache");
  });

  it("answers 304 to a matching ETag", async () => {
    const { etag } = maplibreWorkerScript();
    const response = await call(`?v=${installedVersion}`, { "If-None-Match": etag });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe("");
    expect((await call("", { "If-None-Match": '"other"' })).status).toBe(200);
  });
});
