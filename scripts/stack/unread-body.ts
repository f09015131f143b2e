import type { IncomingMessage, ServerResponse } from "node:http";

/*
 * A route may answer before it reads the request body: a 404 for a parcel that is gone, a refusal,
 * a redirect. Remix has by then started pulling the body into a web stream and stops pulling, so
 * Node's own clean-up (which only discards bodies nobody touched) leaves the rest unread: the
 * client's upload stalls, and when the idle connection is closed with data still unread the client
 * sees a connection reset instead of the answer. Reading the rest and throwing it away lets the
 * upload finish and the answer arrive; past `maxBytes` the connection is closed instead, so a
 * client cannot keep the server reading forever.
 */

export const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;

export function discardUnreadBodyAfterResponse(request: IncomingMessage, response: ServerResponse, maxBytes = MAX_DISCARDED_BYTES): void {
  response.once("finish", () => {
    if (request.readableEnded || request.destroyed) return;
    let discarded = 0;
    // Whoever was reading (the Remix request's stream) has its answer; its listeners only buffer.
    request.removeAllListeners("data");
    request.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > maxBytes) request.socket.destroy();
    });
    request.resume();
  });
}
