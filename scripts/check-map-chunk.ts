/**
 * Checks the browser build: the map libraries (maplibre-gl, mapbox-gl) and the map component
 * (Map.client.tsx and its .client helpers) must only be in lazily loaded chunks, never in the
 * JavaScript a page loads up front (entry, root, route modules and their static imports).
 * Prints the gzipped size of the map chunks and of each route's initial JavaScript.
 *
 *   npx remix build && npx tsx scripts/check-map-chunk.ts [--allow-missing] [--json]
 *
 * Reads the Remix manifest (public/build/manifest-*.js) for what each page loads and the
 * compiler's metafile (build/metafile.js.json) for which sources each chunk holds; also scans
 * the initial chunks' text for marker strings of the libraries, in case the metafile lies.
 * --allow-missing: pass when no page renders a map yet (otherwise a missing map chunk fails).
 *
 * The message dictionaries (app/i18n/en.ts, ko.ts) are separate chunks too, but not lazy in the
 * same sense: entry.client.tsx fetches the page's language before hydrating. So each route's
 * initial JavaScript counts the larger language's dictionary chunk, and a dictionary found in a
 * statically loaded chunk is a problem (every page would carry every language again).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** Sources that must only ever load lazily. */
const LAZY_ONLY: Array<{ name: string; input: RegExp }> = [
  { name: "maplibre-gl", input: /(^|\/)node_modules\/maplibre-gl\/.*\.[cm]?js$/ },
  { name: "mapbox-gl", input: /(^|\/)node_modules\/mapbox-gl\/.*\.[cm]?js$/ },
  { name: "Map.client", input: /(^|\/)app\/components\/map\/[^/]+\.client\.tsx?$/ },
];

/** Strings only the libraries' code contains (the component itself mentions neither). */
const LIBRARY_MARKERS: Array<{ name: string; marker: string }> = [
  { name: "maplibre-gl", marker: "maplibre_preloaded_worker_pool" },
  { name: "maplibre-gl", marker: "maplibregl-canvas" },
  { name: "mapbox-gl", marker: "api.mapbox.com" },
  { name: "mapbox-gl", marker: "mapboxgl-canvas" },
];

/** Pages a visitor lands on: the initial-JavaScript budget applies to these. */
export const MAIN_PAGES = [
  "routes/_index",
  "routes/search",
  "routes/suppliers.$id",
  "routes/needs._index",
  "routes/needs.$id",
  "routes/clusters.$slug._index",
  "routes/my.profile._index",
  "routes/offsets._index",
];

/** gzipped, per main page, map chunk apart (issue #10). */
export const INITIAL_JS_BUDGET_GZIP_BYTES = 200 * 1024;

/** One language's messages: loaded before hydration, one per page. */
const DICTIONARY_ENTRIES: Array<{ locale: string; input: RegExp }> = [
  { locale: "en", input: /(^|\/)app\/i18n\/en\.ts$/ },
  { locale: "ko", input: /(^|\/)app\/i18n\/ko\.ts$/ },
];

interface Metafile {
  outputs: Record<
    string,
    { bytes: number; inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string }>; entryPoint?: string }
  >;
}

interface Manifest {
  entry: { module: string; imports?: string[] };
  routes: Record<string, { id: string; module: string; imports?: string[] }>;
}

export interface ChunkSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface MapChunk extends ChunkSize {
  contains: string[];
}

export interface RouteInitialJs {
  route: string;
  files: number;
  /** Including the larger dictionary (see dictionaries). */
  bytes: number;
  gzipBytes: number;
}

export interface DictionaryChunks {
  locale: string;
  files: string[];
  bytes: number;
  gzipBytes: number;
}

export interface MapChunkReport {
  ok: boolean;
  problems: string[];
  manifest: string;
  mapChunks: MapChunk[];
  dictionaries: DictionaryChunks[];
  routes: RouteInitialJs[];
}

export interface CheckOptions {
  projectRoot: string;
  /** Relative to projectRoot; Remix's defaults. */
  assetsBuildDirectory?: string;
  serverBuildDirectory?: string;
  publicPath?: string;
  allowMissing?: boolean;
}

function findManifest(assetsDirectory: string, serverDirectory: string): string {
  const candidates = existsSync(assetsDirectory) ? readdirSync(assetsDirectory).filter((name) => /^manifest-[A-Z0-9]+\.js$/.test(name)) : [];
  if (candidates.length === 0) throw new Error(`No Remix manifest in ${assetsDirectory}: run \`npx remix build\` first.`);
  if (candidates.length === 1) return candidates[0]!;
  // Several builds left behind: the server build names the current one.
  const serverIndex = path.join(serverDirectory, "index.js");
  const named = existsSync(serverIndex) ? readFileSync(serverIndex, "utf8").match(/manifest-[A-Z0-9]+\.js/)?.[0] : undefined;
  if (named && candidates.includes(named)) return named;
  throw new Error(`Several manifests in ${assetsDirectory} (${candidates.join(", ")}) and none named by ${serverIndex}.`);
}

function parseManifest(file: string): Manifest {
  const text = readFileSync(file, "utf8").trim();
  const json = text.replace(/^window\.__remixManifest\s*=\s*/, "").replace(/;\s*$/, "");
  return JSON.parse(json) as Manifest;
}

export function checkMapChunks(options: CheckOptions): MapChunkReport {
  const root = options.projectRoot;
  const assetsDirectory = path.resolve(root, options.assetsBuildDirectory ?? "public/build");
  const serverDirectory = path.resolve(root, options.serverBuildDirectory ?? "build");
  const publicPath = options.publicPath ?? "/build/";
  const problems: string[] = [];

  const manifestName = findManifest(assetsDirectory, serverDirectory);
  const manifest = parseManifest(path.join(assetsDirectory, manifestName));
  const metafilePath = path.join(serverDirectory, "metafile.js.json");
  if (!existsSync(metafilePath)) throw new Error(`No ${metafilePath}: run \`npx remix build\` first.`);
  const metafile = JSON.parse(readFileSync(metafilePath, "utf8")) as Metafile;

  // Metafile keys are paths relative to the project ("public/build/…"); the manifest uses URLs.
  const toUrl = (output: string) => publicPath + path.relative(assetsDirectory, path.resolve(root, output)).split(path.sep).join("/");
  const toFile = (url: string) => path.join(assetsDirectory, url.slice(publicPath.length));
  const outputs = new Map(
    Object.entries(metafile.outputs)
      .filter(([name]) => name.endsWith(".js"))
      .map(([name, output]) => [toUrl(name), output] as const),
  );

  const lazyOnlyIn = (url: string) => {
    const output = outputs.get(url);
    if (!output) return [];
    return LAZY_ONLY.filter(({ input }) => Object.keys(output.inputs).some((name) => input.test(name))).map(({ name }) => name);
  };

  const sizes = new Map<string, ChunkSize>();
  const sizeOf = (url: string): ChunkSize => {
    const known = sizes.get(url);
    if (known) return known;
    const content = readFileSync(toFile(url));
    const size = { file: url, bytes: content.length, gzipBytes: gzipSync(content).length };
    sizes.set(url, size);
    return size;
  };

  /** Everything a page downloads before it runs: the modules and their static imports, transitively. */
  const staticClosure = (starts: string[]) => {
    const seen = new Set<string>();
    const queue = [...starts];
    while (queue.length > 0) {
      const url = queue.pop()!;
      if (seen.has(url)) continue;
      seen.add(url);
      for (const imported of outputs.get(url)?.imports ?? []) {
        if (imported.kind === "import-statement" && imported.path.endsWith(".js")) queue.push(toUrl(imported.path));
      }
    }
    return seen;
  };

  const entryFiles = [manifest.entry.module, ...(manifest.entry.imports ?? [])];
  const root_ = manifest.routes.root;
  const rootFiles = root_ ? [root_.module, ...(root_.imports ?? [])] : [];
  const routes: RouteInitialJs[] = [];
  const markerCache = new Map<string, string[]>();
  const markersIn = (url: string) => {
    const cached = markerCache.get(url);
    if (cached) return cached;
    const text = readFileSync(toFile(url), "utf8");
    const found = [...new Set(LIBRARY_MARKERS.filter(({ marker }) => text.includes(marker)).map(({ name }) => name))];
    markerCache.set(url, found);
    return found;
  };

  const dictionaryEntryOf = (url: string) => {
    const entryPoint = outputs.get(url)?.entryPoint;
    return entryPoint ? DICTIONARY_ENTRIES.find(({ input }) => input.test(entryPoint)) : undefined;
  };
  const dictionaryStarts = new Map<string, string>();
  for (const url of outputs.keys()) {
    const dictionary = dictionaryEntryOf(url);
    if (dictionary) dictionaryStarts.set(dictionary.locale, url);
  }
  for (const { locale } of DICTIONARY_ENTRIES) {
    if (!dictionaryStarts.has(locale)) problems.push(`no chunk of its own for the ${locale} dictionary: it must be loaded with a dynamic import`);
  }
  const dictionaryInputIn = (url: string) => {
    const output = outputs.get(url);
    if (!output) return [];
    return DICTIONARY_ENTRIES.filter(({ input }) => Object.keys(output.inputs).some((name) => input.test(name))).map(({ locale }) => locale);
  };

  for (const route of Object.values(manifest.routes)) {
    const initial = staticClosure([...entryFiles, ...rootFiles, route.module, ...(route.imports ?? [])]);
    for (const url of initial) {
      const locales = dictionaryInputIn(url);
      if (locales.length > 0) problems.push(`${route.id}: the ${locales.join(", ")} dictionary is in initially loaded ${url}`);
    }
    // The page's language arrives before hydration; count the larger one, minus what is already counted.
    let largestDictionary: string[] = [];
    let largestDictionaryGzip = -1;
    for (const start of dictionaryStarts.values()) {
      const extra = [...staticClosure([start])].filter((url) => !initial.has(url) && existsSync(toFile(url)));
      const gzip = extra.reduce((sum, url) => sum + sizeOf(url).gzipBytes, 0);
      if (gzip > largestDictionaryGzip) {
        largestDictionary = extra;
        largestDictionaryGzip = gzip;
      }
    }
    for (const url of largestDictionary) initial.add(url);
    let bytes = 0;
    let gzipBytes = 0;
    for (const url of initial) {
      if (!existsSync(toFile(url))) {
        problems.push(`${route.id}: ${url} is in the manifest but not on disk`);
        continue;
      }
      const leaked = [...new Set([...lazyOnlyIn(url), ...markersIn(url)])];
      if (leaked.length > 0) problems.push(`${route.id}: ${leaked.join(", ")} in initially loaded ${url}`);
      const size = sizeOf(url);
      bytes += size.bytes;
      gzipBytes += size.gzipBytes;
    }
    routes.push({ route: route.id, files: initial.size, bytes, gzipBytes });
  }

  const mapChunks: MapChunk[] = [...outputs.keys()]
    .map((url) => ({ url, contains: lazyOnlyIn(url) }))
    .filter(({ contains }) => contains.length > 0)
    .map(({ url, contains }) => ({ ...sizeOf(url), contains }));

  for (const library of ["maplibre-gl", "mapbox-gl", "Map.client"]) {
    if (!mapChunks.some((chunk) => chunk.contains.includes(library)) && !options.allowMissing) {
      problems.push(`no chunk contains ${library}: does any route render <MapPanel>? (pass --allow-missing until one does)`);
    }
  }
  // A library sharing a chunk with the component would make every map page download both libraries.
  for (const chunk of mapChunks) {
    if (chunk.contains.includes("maplibre-gl") && chunk.contains.includes("mapbox-gl")) {
      problems.push(`${chunk.file} holds both maplibre-gl and mapbox-gl; each must be its own dynamic import`);
    }
    if (chunk.contains.includes("Map.client") && chunk.contains.some((name) => name !== "Map.client")) {
      problems.push(`${chunk.file} holds the map component together with a map library; the library must be a dynamic import`);
    }
  }

  const dictionaries: DictionaryChunks[] = [...dictionaryStarts.entries()].map(([locale, start]) => {
    const files = [...staticClosure([start])].filter((url) => dictionaryInputIn(url).length > 0 || url === start);
    return { locale, files, bytes: files.reduce((sum, url) => sum + sizeOf(url).bytes, 0), gzipBytes: files.reduce((sum, url) => sum + sizeOf(url).gzipBytes, 0) };
  });

  return {
    ok: problems.length === 0,
    problems,
    manifest: manifestName,
    mapChunks,
    dictionaries,
    routes: routes.sort((a, b) => a.route.localeCompare(b.route)),
  };
}

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function main() {
  const args = new Set(process.argv.slice(2));
  const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  let report: MapChunkReport;
  try {
    report = checkMapChunks({ projectRoot, allowMissing: args.has("--allow-missing") });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  if (args.has("--json")) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(`Manifest ${report.manifest}`);
    console.log("\nMap chunks (lazily loaded):");
    for (const chunk of report.mapChunks) {
      console.log(`  ${chunk.file.padEnd(48)} ${kilobytes(chunk.bytes).padStart(10)}  gzip ${kilobytes(chunk.gzipBytes).padStart(9)}  ${chunk.contains.join(", ")}`);
    }
    if (report.mapChunks.length === 0) console.log("  (none)");
    console.log("\nDictionaries (one loaded per page, before hydration):");
    for (const dictionary of report.dictionaries) {
      console.log(`  ${dictionary.locale.padEnd(48)} ${kilobytes(dictionary.bytes).padStart(10)}  gzip ${kilobytes(dictionary.gzipBytes).padStart(9)}  ${dictionary.files.join(", ")}`);
    }
    console.log("\nInitial JavaScript per route (entry + root + route, static imports included, plus the larger dictionary):");
    for (const route of report.routes) {
      const overBudget = MAIN_PAGES.includes(route.route) && route.gzipBytes > INITIAL_JS_BUDGET_GZIP_BYTES ? "  over the main-page budget" : "";
      console.log(`  ${route.route.padEnd(40)} ${String(route.files).padStart(3)} files ${kilobytes(route.bytes).padStart(10)}  gzip ${kilobytes(route.gzipBytes).padStart(9)}${overBudget}`);
    }
  }
  if (!report.ok) {
    console.error(`\nMap chunk check failed:\n${report.problems.map((problem) => `  - ${problem}`).join("\n")}`);
    process.exit(1);
  }
  if (!args.has("--json")) console.log("\nMap chunk check passed: the map libraries load only lazily.");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
