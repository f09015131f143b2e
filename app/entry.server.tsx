import type { AppLoadContext, EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable, json } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { coalescingStream } from "~/utils/coalescing-stream.server";
import { NonceContext } from "~/utils/nonce";
import { startMailSweeper } from "~/notifications/mailer.server";
import { databaseApiAnswers } from "~/utils/service-health.server";

// Notification mail queued by database triggers (hosting, saved searches, …) goes out from here
// even when no request triggers an immediate delivery.
startMailSweeper();

const ABORT_DELAY_MS = 5_000;

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Set by a server that sends a Content-Security-Policy with a per-request nonce. */
    cspNonce?: string;
  }
}

/** What a page says (in the visitor's language, by the error boundary) while the database API is down. */
export const SERVICE_UNAVAILABLE = "service_unavailable";
const RETRY_AFTER_SECONDS = "30";

function serviceUnavailable() {
  return json(SERVICE_UNAVAILABLE, { status: 503, statusText: "Service Unavailable", headers: { "Retry-After": RETRY_AFTER_SECONDS } });
}

/**
 * A loader that failed while PostgREST (or the database behind it) does not answer failed because
 * of the outage, whatever its own error says: tell the visitor so, as a 503 they can retry, rather
 * than "something went wrong". Asked only after a failure, so healthy pages never pay for the probe.
 */
async function failedBecauseOfOutage(statusCode: number, errors: Record<string, unknown> | null | undefined) {
  if (statusCode < 500 || !errors) return false;
  // Thrown errors only: a route that answers with an error response of its own meant that answer.
  const unexpected = Object.values(errors).some((error) => !isRouteErrorResponse(error));
  return unexpected && !(await databaseApiAnswers());
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (error instanceof Response && error.status === 503) {
    console.error(`[app] ${request.method} ${new URL(request.url).pathname}: database API unavailable, answered 503`);
    return;
  }
  console.error(error);
};

// Client-side navigations fetch loader data on their own: the same outage answer as for documents.
export const handleDataRequest: HandleDataRequestFunction = async (response) => {
  if (response.status < 500 || response.headers.get("X-Remix-Error") !== "yes") return response;
  if (await databaseApiAnswers()) return response;
  const unavailable = serviceUnavailable();
  unavailable.headers.set("X-Remix-Catch", "yes");
  return unavailable;
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Crawlers and SPA mode get the whole document at once; browsers get the shell as soon as it is ready.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  const nonce = loadContext?.cspNonce;
  // Thrown, Remix renders again with this error at the root boundary, in the page and its hydration data alike.
  if (await failedBecauseOfOutage(responseStatusCode, remixContext.staticHandlerContext.errors)) throw serviceUnavailable();
  if (responseStatusCode === 503) responseHeaders.set("Retry-After", RETRY_AFTER_SECONDS);

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const startStreaming = () => {
      shellRendered = true;
      const body = coalescingStream();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(
        new Response(createReadableStreamFromReadable(body), {
          headers: responseHeaders,
          status: responseStatusCode,
        }),
      );
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onShellReady: waitForAll ? undefined : startStreaming,
        onAllReady: waitForAll ? startStreaming : undefined,
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell is ready reach handleDocumentRequest, which logs them itself.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY_MS + 1_000);
  });
}
