import { describe, expect, it } from "vitest";
import { coalescingStream } from "./coalescing-stream.server";

function collect(stream: NodeJS.ReadableStream) {
  const chunks: string[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  return new Promise<string[]>((resolve, reject) => {
    stream.on("end", () => resolve(chunks));
    stream.on("error", reject);
  });
}

describe("coalescingStream", () => {
  it("hands on what is written in one turn as one chunk, and later writes as their own", async () => {
    const stream = coalescingStream();
    const chunks = collect(stream);
    for (const piece of ["<html>", "<body>", "한국어 ", "text"]) stream.write(piece);
    await new Promise((resolve) => setTimeout(resolve, 5));
    stream.write("<deferred/>");
    await new Promise((resolve) => setTimeout(resolve, 5));
    stream.end("</body></html>");
    expect(await chunks).toEqual(["<html><body>한국어 text", "<deferred/>", "</body></html>"]);
  });

  it("keeps every byte of a large page, multi-byte characters included", async () => {
    const stream = coalescingStream();
    const chunks = collect(stream);
    const pieces = Array.from({ length: 2_000 }, (_, index) => `<li>공급업체 ${index}</li>`);
    for (const piece of pieces) expect(stream.write(piece)).toBe(true);
    stream.end();
    const received = await chunks;
    expect(received.join("")).toBe(pieces.join(""));
    expect(received.length).toBeLessThanOrEqual(2);
  });

  it("ends cleanly when nothing was written", async () => {
    const stream = coalescingStream();
    const chunks = collect(stream);
    stream.end();
    expect(await chunks).toEqual([]);
  });
});
