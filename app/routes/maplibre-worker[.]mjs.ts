import type { LoaderFunctionArgs } from "@remix-run/node";
import { maplibreWorkerScript } from "~/components/map/maplibre-worker.server";

/** The MapLibre GL web worker (see maplibre-worker.server.ts); the map asks for ?v=<version>. */
export async function loader({ request }: LoaderFunctionArgs) {
  const script = maplibreWorkerScript();
  const requested = new URL(request.url).searchParams.get("v");
  const headers = new Headers({
    "Content-Type": "text/javascript; charset=utf-8",
    ETag: script.etag,
    // Versioned URLs never change; anything else is revalidated so an upgrade shows at once.
    "Cache-Control": requested === script.version ? "public, max-age=31536000, immutable" : "public, no-cache",
  });
  if (request.headers.get("If-None-Match") === script.etag) return new Response(null, { status: 304, headers });
  return new Response(script.body, { status: 200, headers });
}
