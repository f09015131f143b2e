import { Transform } from "node:stream";

/**
 * A pass-through that hands on, in one chunk, everything written to it within one turn of the
 * event loop. React writes a page as dozens of small pieces; each piece used to travel separately
 * through the web stream, the response and gzip (one compression call and one socket write each),
 * which under concurrent load cost more than rendering the page. Content that arrives later (a
 * deferred part of a page) still goes out as soon as its turn ends.
 */
export function coalescingStream(): Transform {
  let pending: Buffer[] = [];
  let scheduled: NodeJS.Immediate | null = null;
  const stream: Transform = new Transform({
    // React must never wait for room: the whole page is held at most once, briefly.
    writableHighWaterMark: 8 * 1024 * 1024,
    transform(chunk: Buffer | string, encoding, callback) {
      pending.push(typeof chunk === "string" ? Buffer.from(chunk, encoding) : chunk);
      scheduled ??= setImmediate(release);
      callback();
    },
    flush(callback) {
      if (scheduled) clearImmediate(scheduled);
      release();
      callback();
    },
  });
  function release() {
    scheduled = null;
    if (pending.length === 0) return;
    const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    pending = [];
    stream.push(chunk);
  }
  return stream;
}
