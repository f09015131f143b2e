import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * MapLibre GL runs its tile work in a module worker it loads from a URL next to its own file.
 * Bundled by the Remix compiler that file no longer exists, so the map sets the worker URL to
 * /maplibre-worker.mjs, which serves the worker from the installed package: it always matches
 * the library version the page runs, with nothing copied into the repository.
 */
export interface WorkerScript {
  version: string;
  body: string;
  etag: string;
}

let cached: WorkerScript | undefined;

export function maplibreWorkerScript(): WorkerScript {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const { version } = JSON.parse(readFileSync(require.resolve("maplibre-gl/package.json"), "utf8")) as { version: string };
  const source = readFileSync(require.resolve("maplibre-gl/dist/maplibre-gl-worker.mjs"), "utf8");
  // The source map is not served; without this line devtools would ask for it and get a 404.
  const body = source.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  cached = { version, body, etag };
  return cached;
}
