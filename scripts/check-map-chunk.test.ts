import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkMapChunks } from "./check-map-chunk";

type Output = { inputs: string[]; imports?: Array<[path: string, kind: "import-statement" | "dynamic-import"]>; text?: string };

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A miniature Remix build: manifest, metafile and chunk files, as `remix build` lays them out. */
function fakeBuild(outputs: Record<string, Output>, routes: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), "map-chunk-"));
  roots.push(root);
  const metafile: Record<string, unknown> = {};
  for (const [file, output] of Object.entries(outputs)) {
    const target = path.join(root, "public", "build", file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, output.text ?? `/* ${file} */ export const x = ${JSON.stringify("x".repeat(200))};`);
    metafile[`public/build/${file}`] = {
      bytes: 0,
      inputs: Object.fromEntries(output.inputs.map((input) => [input, { bytesInOutput: 1 }])),
      imports: (output.imports ?? []).map(([imported, kind]) => ({ path: `public/build/${imported}`, kind })),
    };
  }
  mkdirSync(path.join(root, "build"), { recursive: true });
  writeFileSync(path.join(root, "build", "metafile.js.json"), JSON.stringify({ inputs: {}, outputs: metafile }));
  const manifest = {
    entry: { module: "/build/entry.client-A.js", imports: ["/build/_shared/chunk-REACT.js"] },
    routes: Object.fromEntries(Object.entries(routes).map(([id, module]) => [id, { id, module: `/build/${module}`, imports: [] }])),
  };
  writeFileSync(path.join(root, "public", "build", "manifest-ABC123.js"), `window.__remixManifest=${JSON.stringify(manifest)};`);
  return root;
}

const base: Record<string, Output> = {
  "entry.client-A.js": { inputs: ["app/entry.client.tsx"], imports: [["_shared/chunk-REACT.js", "import-statement"]] },
  "_shared/chunk-REACT.js": { inputs: ["node_modules/react-dom/index.js"] },
  "root-A.js": { inputs: ["browser-route-module:root.tsx?browser"], imports: [["_shared/chunk-REACT.js", "import-statement"]] },
  "_shared/Map.client-A.js": {
    inputs: ["app/components/map/Map.client.tsx", "app/components/map/engine.client.ts"],
    imports: [
      ["_shared/maplibre-gl-A.js", "dynamic-import"],
      ["_shared/mapbox-gl-A.js", "dynamic-import"],
    ],
  },
  "_shared/maplibre-gl-A.js": { inputs: ["node_modules/maplibre-gl/dist/maplibre-gl.mjs"], text: "maplibre_preloaded_worker_pool" },
  "_shared/mapbox-gl-A.js": { inputs: ["node_modules/mapbox-gl/dist/mapbox-gl.js"], text: "https://api.mapbox.com" },
};

describe("checkMapChunks", () => {
  it("passes when the map only loads through dynamic imports, and reports sizes", () => {
    const root = fakeBuild(
      {
        ...base,
        "routes/search-A.js": {
          inputs: ["browser-route-module:routes/search.tsx?browser", "app/components/map/MapPanel.tsx"],
          imports: [
            ["_shared/chunk-REACT.js", "import-statement"],
            ["_shared/Map.client-A.js", "dynamic-import"],
          ],
        },
      },
      { root: "root-A.js", "routes/search": "routes/search-A.js" },
    );
    const report = checkMapChunks({ projectRoot: root });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.mapChunks.map((chunk) => chunk.contains.join("+")).sort()).toEqual(["Map.client", "mapbox-gl", "maplibre-gl"]);
    for (const chunk of report.mapChunks) expect(chunk.gzipBytes).toBeGreaterThan(0);
    const search = report.routes.find((route) => route.route === "routes/search")!;
    expect(search.files).toBe(4);
  });

  it("fails when a route reaches a map library through static imports", () => {
    const root = fakeBuild(
      {
        ...base,
        "routes/search-A.js": { inputs: ["browser-route-module:routes/search.tsx?browser"], imports: [["_shared/chunk-SHARED.js", "import-statement"]] },
        "_shared/chunk-SHARED.js": { inputs: ["app/utils/x.ts"], imports: [["_shared/maplibre-gl-A.js", "import-statement"]] },
      },
      { root: "root-A.js", "routes/search": "routes/search-A.js" },
    );
    const report = checkMapChunks({ projectRoot: root });
    expect(report.ok).toBe(false);
    expect(report.problems.join("\n")).toMatch(/routes\/search: maplibre-gl in initially loaded \/build\/_shared\/maplibre-gl-A\.js/);
  });

  it("fails when library code sits in an initial chunk even if the metafile does not say so", () => {
    const root = fakeBuild(
      { ...base, "routes/x-A.js": { inputs: ["browser-route-module:routes/x.tsx?browser"], text: "const y = 'https://api.mapbox.com';" } },
      { root: "root-A.js", "routes/x": "routes/x-A.js" },
    );
    expect(checkMapChunks({ projectRoot: root }).problems.join("\n")).toMatch(/routes\/x: mapbox-gl in initially loaded/);
  });

  it("fails when no chunk holds the map, unless told it may be missing", () => {
    const { "_shared/Map.client-A.js": _component, "_shared/maplibre-gl-A.js": _maplibre, "_shared/mapbox-gl-A.js": _mapbox, ...withoutMap } = base;
    const root = fakeBuild(withoutMap, { root: "root-A.js" });
    const strict = checkMapChunks({ projectRoot: root });
    expect(strict.ok).toBe(false);
    expect(strict.problems).toHaveLength(3);
    expect(checkMapChunks({ projectRoot: root, allowMissing: true }).ok).toBe(true);
  });

  it("fails when both libraries end up in one chunk", () => {
    const root = fakeBuild(
      {
        ...base,
        "_shared/maplibre-gl-A.js": {
          inputs: ["node_modules/maplibre-gl/dist/maplibre-gl.mjs", "node_modules/mapbox-gl/dist/mapbox-gl.js"],
        },
      },
      { root: "root-A.js" },
    );
    expect(checkMapChunks({ projectRoot: root }).problems.join("\n")).toMatch(/holds both maplibre-gl and mapbox-gl/);
  });

  it("explains a missing build", () => {
    const root = mkdtempSync(path.join(tmpdir(), "map-chunk-"));
    roots.push(root);
    expect(() => checkMapChunks({ projectRoot: root })).toThrow(/run `npx remix build` first/);
  });
});
