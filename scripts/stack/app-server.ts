/**
 * Serves the built Remix app (`npx remix build` → build/index.js and public/build/).
 * Started by the launcher as `node --import tsx scripts/stack/app-server.ts` with the environment
 * from appEnvFor(config); usable on its own with the same variables (see .env.example).
 */
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { getEnv } from "../../app/env.server";
import { checkMutationOrigin, createCspNonce, crossSiteRefusal, securityHeaders } from "../../app/security/headers.server";
import { projectRoot } from "./config";
import { discardUnreadBodyAfterResponse } from "./unread-body";

const SHUTDOWN_GRACE_MS = 10_000;

function validatedEnv() {
  try {
    return getEnv();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

async function loadBuild(): Promise<ServerBuild> {
  const buildPath = path.join(projectRoot, "build", "index.js");
  if (!existsSync(buildPath)) {
    console.error(`No server build at ${buildPath}. Run \`npx remix build\` (or \`npm run build\`) first.`);
    process.exit(1);
  }
  return (await import(pathToFileURL(buildPath).href)) as ServerBuild;
}

async function main() {
  const env = validatedEnv();
  const build = await loadBuild();
  const host = process.env.HOST ?? "0.0.0.0";

  const app = express();
  app.disable("x-powered-by");
  // Behind a proxy in production; needed for the right protocol in request URLs.
  app.set("trust proxy", "loopback, linklocal, uniquelocal");
  // Flush what each write gives: a page sent in parts (the search page streams its results when
  // they take a moment) must reach the browser part by part. Without it the compressor held the
  // first part until the last one came, and the page's first byte waited for its results.
  app.use(compression({ flush: zlib.constants.Z_SYNC_FLUSH, brotli: { flush: zlib.constants.BROTLI_OPERATION_FLUSH } }));
  // Whatever answers early (a refusal below, a route's 404 before it reads the form) leaves a body.
  app.use((request, response, next) => {
    discardUnreadBodyAfterResponse(request, response);
    next();
  });
  app.use((_request, response, next) => {
    const nonce = createCspNonce();
    response.locals.cspNonce = nonce;
    const headers = securityHeaders({ nonce, mapbox: Boolean(env.MAPBOX_TOKEN), nodeEnv: env.NODE_ENV, siteUrl: env.SITE_URL });
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    next();
  });
  // Remix reads X-Forwarded-Host unconditionally (for its CSRF check and request URLs); only a
  // trusted proxy may set it, or a client could choose the host its Origin is compared with.
  const trustsProxy = app.get("trust proxy fn") as (address: string | undefined, hop: number) => boolean;
  app.use((request, _response, next) => {
    if (request.headers["x-forwarded-host"] !== undefined && !trustsProxy(request.socket.remoteAddress, 0)) {
      delete request.headers["x-forwarded-host"];
    }
    next();
  });
  // Before static files and Remix: a cross-site form post never reaches an action.
  app.use((request, response, next) => {
    const verdict = checkMutationOrigin({ method: request.method, path: request.path, headers: request.headers }, env.SITE_URL);
    if (verdict.allowed) return next();
    if (verdict.proxyMisconfigured) {
      console.warn(`Refused a form post from the site's own origin: ${verdict.reason}. A proxy in front of the app must pass Host through or set X-Forwarded-Host.`);
    }
    const refusal = crossSiteRefusal(Boolean(request.accepts("html")) && !("_data" in request.query));
    response.status(403).type(refusal.contentType).send(refusal.body);
  });

  // Fingerprinted by the compiler: a changed file gets a new name, so cache forever.
  app.use(
    build.publicPath,
    express.static(path.join(projectRoot, build.assetsBuildDirectory.replace(/^\.?\/?/, "")), {
      immutable: true,
      maxAge: "1y",
      index: false,
    }),
  );
  // Every file in public/ has an extension; pages do not. Asking the file system about each page's
  // path first cost a stat call per request.
  const publicFiles = express.static(path.join(projectRoot, "public"), { maxAge: "1h", index: false });
  app.use((request, response, next) => (/\.[a-z0-9]+$/i.test(request.path) ? publicFiles(request, response, next) : next()));

  // The API and sign-in rate-limit per client address (Express knows it, Remix does not); the
  // nonce lets Remix's inline scripts through the Content-Security-Policy.
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (req, res) => ({ clientIp: req.ip ?? "", cspNonce: res.locals.cspNonce as string }),
    }),
  );

  const server: Server = app.listen(env.PORT, host, () => {
    console.log(`ClusterMatch app listening on http://localhost:${env.PORT}`);
  });
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE") {
      console.error(`Port ${env.PORT} is already in use. Stop whatever uses it or set PORT to a free port.`);
    } else {
      console.error(error);
    }
    process.exit(1);
  });

  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`Received ${signal}; finishing open requests…`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
