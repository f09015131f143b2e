import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { afterEach, describe, expect, it } from "vitest";
import { discardUnreadBodyAfterResponse } from "./unread-body";

const servers: http.Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  sockets.length = 0;
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/**
 * What Remix does with a route that throws a 404 before reading the form: the body becomes a web
 * stream that is pulled a little (one chunk) and then abandoned, and the answer is sent.
 */
async function answerEarly(options: { maxBytes?: number; onRequest?: (request: http.IncomingMessage) => void } = {}) {
  const server = http.createServer(async (request, response) => {
    options.onRequest?.(request);
    discardUnreadBodyAfterResponse(request, response, options.maxBytes);
    const reader = createReadableStreamFromReadable(request).getReader();
    await reader.read();
    response.writeHead(404, { "Content-Type": "text/plain" }).end("no such parcel");
  });
  server.on("connection", (socket) => sockets.push(socket));
  // Short, so an abandoned upload is cut off (as the app's 5 s default would) within the test.
  server.keepAliveTimeout = 300;
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function postLarge(url: string, bytes: number) {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: new Uint8Array(bytes) });
  return { status: response.status, text: await response.text() };
}

/** Sends the whole body whatever the server does meanwhile, as a browser's upload does. */
function postWhole(url: string, bytes: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request(url, { method: "POST", headers: { "Content-Type": "application/octet-stream", "Content-Length": bytes } }, (response) => {
      answered = true;
      response.on("error", () => undefined);
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
    });
    // After the answer, a server that stops reading may reset the upload: that is its choice.
    request.on("error", (error) => (answered ? undefined : reject(error)));
    request.on("socket", (socket) => socket.on("error", (error) => (answered ? undefined : reject(error))));
    request.end(Buffer.alloc(bytes));
  });
}

describe("a body left unread by an early answer", () => {
  it("is read to its end and discarded, so the upload completes and the answer arrives", async () => {
    const ended: Promise<void>[] = [];
    const url = await answerEarly({ onRequest: (request) => ended.push(new Promise((resolve) => request.once("end", resolve))) });
    expect(await postWhole(url, 8 * 1024 * 1024)).toEqual({ status: 404, text: "no such parcel" });
    // Without the discard the body stays paused in the socket and "end" never comes (the test would hang).
    await Promise.all(ended);
    expect(await postLarge(url, 1024)).toEqual({ status: 404, text: "no such parcel" });
  });

  it("stops reading past the limit and closes the connection", async () => {
    const requests: http.IncomingMessage[] = [];
    const url = await answerEarly({ maxBytes: 64 * 1024, onRequest: (request) => requests.push(request) });
    expect(await postWhole(url, 16 * 1024 * 1024)).toEqual({ status: 404, text: "no such parcel" });
    const socket = requests[0]!.socket;
    if (!socket.destroyed) await new Promise((resolve) => socket.once("close", resolve));
    expect(requests[0]!.readableEnded).toBe(false);
  });
});
