import type { IncomingMessage, ServerResponse } from "node:http";
import type pg from "pg";
import type { StackConfig } from "../config.ts";

export type GatewayContext = {
  config: StackConfig;
  /** Superuser pool: the gateway plays the parts of GoTrue and Storage, which own their schemas. */
  pool: pg.Pool;
  /** Writes a mail to the local outbox (the dev-only /dev/outbox page reads it). */
  sendMail: (mail: { to: string; subject: string; text: string; html: string }) => Promise<void>;
};

/** A route handler receives the path with its service prefix (/auth/v1, /storage/v1) removed. */
export type ServiceHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: GatewayContext,
) => Promise<void>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_JSON_LIMIT = 1024 * 1024;

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limitBytes) {
    req.resume();
    throw new HttpError(413, "payload_too_large", `Request body is larger than ${limitBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req) {
    received += (chunk as Buffer).length;
    if (received > limitBytes) {
      req.resume();
      throw new HttpError(413, "payload_too_large", `Request body is larger than ${limitBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON object body; bad JSON or a non-object is a 400, never a crash. */
export async function readJson(
  req: IncomingMessage,
  limitBytes = DEFAULT_JSON_LIMIT,
): Promise<Record<string, unknown>> {
  const raw = await readBody(req, limitBytes);
  if (raw.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new HttpError(400, "bad_json", "Could not parse request body as JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new HttpError(400, "bad_json", "Request body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim() ?? null;
}

export function apiKeyOf(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.apikey;
  if (typeof header === "string" && header) return header;
  return url.searchParams.get("apikey");
}
