import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { checkMapChunks } from "./check-map-chunk";

type Output = { inputs: string[]; entryPoint?: string; imports?: Array<[path: string, kind: "import-statement" | "dynamic-import"]>; text?: string };

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
      ...(output.entryPoint ? { entryPoint: output.entryPoint } : {}),
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
  "_shared/en-A.js": { entryPoint: "app/i18n/en.ts", inputs: ["app/i18n/en.ts", "app/i18n/features/needs.ts"], text: `export const en = ${JSON.stringify("e".repeat(50))};` },
  "_shared/ko-A.js": {
    entryPoint: "app/i18n/ko.ts",
    inputs: ["app/i18n/ko.ts", "app/i18n/features/needs.ko.ts"],
    // Less repetitive than en-A.js, so it gzips larger: the one a page is charged for.
    text: `export const ko = ${JSON.stringify(Array.from({ length: 400 }, (_, index) => String.fromCharCode(0xac00 + ((index * 7919) % 11172))).join(""))};`,
  },
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
    // entry, React, root, the route, and the larger dictionary (ko).
    expect(search.files).toBe(5);
    const ko = report.dictionaries.find((dictionary) => dictionary.locale === "ko")!;
    const en = report.dictionaries.find((dictionary) => dictionary.locale === "en")!;
    expect(ko.files).toEqual(["/build/_shared/ko-A.js"]);
    expect(ko.gzipBytes).toBeGreaterThan(en.gzipBytes);
    const withoutDictionary = ["entry.client-A.js", "_shared/chunk-REACT.js", "root-A.js", "routes/search-A.js"].reduce(
      (sum, file) => sum + gzipSync(readFileSync(path.join(root, "public", "build", file))).length,
      0,
    );
    expect(search.gzipBytes).toBe(withoutDictionary + ko.gzipBytes);
  });

  it("fails when a dictionary is loaded statically, or has no chunk of its own", () => {
    const root = fakeBuild(
      {
        ...base,
        "root-A.js": {
          inputs: ["browser-route-module:root.tsx?browser", "app/i18n/index.ts"],
          imports: [
            ["_shared/chunk-REACT.js", "import-statement"],
            ["_shared/chunk-I18N.js", "import-statement"],
          ],
        },
        "_shared/chunk-I18N.js": { inputs: ["app/i18n/en.ts", "app/i18n/ko.ts"] },
        "_shared/en-A.js": { inputs: ["app/components/unrelated.ts"] },
        "_shared/ko-A.js": { inputs: ["app/components/unrelated-too.ts"] },
      },
      { root: "root-A.js" },
    );
    const problems = checkMapChunks({ projectRoot: root }).problems.join("\n");
    expect(problems).toMatch(/root: the en, ko dictionary is in initially loaded \/build\/_shared\/chunk-I18N\.js/);
    expect(problems).toMatch(/no chunk of its own for the en dictionary/);
    expect(problems).toMatch(/no chunk of its own for the ko dictionary/);
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
