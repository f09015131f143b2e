import type { IncomingMessage } from "node:http";
import { HttpError, readBody } from "./http.ts";
import { StorageErrors } from "./storage-errors.ts";

/** Storage's default upload limit (FILE_SIZE_LIMIT, 50 MiB), also the ceiling for bucket limits. */
export const GLOBAL_FILE_SIZE_LIMIT = 50 * 1024 * 1024;
const MAX_USER_METADATA_BYTES = 1024 * 1024;
/** Room for the form fields and boundaries around the file in a multipart body. */
const MULTIPART_OVERHEAD_BYTES = MAX_USER_METADATA_BYTES + 64 * 1024;

export type ParsedUpload = {
  bytes: Uint8Array;
  mimeType: string;
  cacheControl: string;
  userMetadata: Record<string, unknown> | undefined;
};

export function isEmptyFolderPlaceholder(objectName: string) {
  return objectName.endsWith(".emptyFolderPlaceholder");
}

/** Storage's validateMimeType: "type/subtype" must equal an allowed entry or match "type/*". */
export function validateMimeType(mimeType: string, allowedMimeTypes: string[]) {
  const [type, subtype] = mimeType.split("/");
  if (type === undefined || subtype === undefined) throw StorageErrors.invalidMimeType(mimeType);
  for (const allowed of allowedMimeTypes) {
    const [allowedType, allowedSubtype] = allowed.split("/");
    if (allowedType === type && (allowedSubtype === "*" || allowedSubtype === subtype)) return;
  }
  throw StorageErrors.invalidMimeType(mimeType);
}

/** "20MB" style limits as Storage's parseFileSizeToBytes reads them (decimal units). */
export function parseFileSizeToBytes(value: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)(gb|mb|kb|b)$/i.exec(value);
  if (!match) throw StorageErrors.invalidFileSizeLimit();
  const amount = Number(Number.parseFloat(match[1]!).toPrecision(3));
  const unit = match[2]!.toUpperCase();
  const multiplier = unit === "GB" ? 1e9 : unit === "MB" ? 1e6 : unit === "KB" ? 1e3 : 1;
  return amount * multiplier;
}

function parseUserMetadata(json: string): Record<string, unknown> | undefined {
  if (Buffer.byteLength(json) > MAX_USER_METADATA_BYTES) throw StorageErrors.entityTooLarge("user_metadata");
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // Storage ignores metadata it cannot parse
  }
}

async function readLimited(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  try {
    return await readBody(req, limitBytes);
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) throw StorageErrors.entityTooLarge();
    throw error;
  }
}

/**
 * Reads an upload the two ways supabase-js sends one: a multipart form (a Blob, File or FormData
 * body: the file part plus `cacheControl` and optional `metadata` fields) or the raw bytes with
 * their type in Content-Type (a Buffer, string or stream body from Node), cache-control and
 * base64 `x-metadata` headers.
 */
export async function readUpload(
  req: IncomingMessage,
  options: { maxFileSize: number; allowedMimeTypes: string[]; objectName: string },
): Promise<ParsedUpload> {
  const contentType = req.headers["content-type"] ?? "";
  const checkMime = (mimeType: string) => {
    if (options.allowedMimeTypes.length > 0 && !isEmptyFolderPlaceholder(options.objectName)) {
      validateMimeType(mimeType, options.allowedMimeTypes);
    }
  };

  if (contentType.toLowerCase().startsWith("multipart/form-data")) {
    const body = await readLimited(req, options.maxFileSize + MULTIPART_OVERHEAD_BYTES);
    let form: FormData;
    try {
      form = await new Request("http://storage.local/", { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(body) }).formData();
    } catch {
      throw StorageErrors.noContentProvided();
    }
    let file: File | undefined;
    for (const [, value] of form) {
      if (typeof value !== "string") {
        file = value;
        break;
      }
    }
    if (!file) throw StorageErrors.noContentProvided();
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" && value !== "" ? value : undefined;
    };
    const mimeType = field("contentType") ?? (file.type || "application/octet-stream");
    checkMime(mimeType);
    if (file.size > options.maxFileSize) throw StorageErrors.entityTooLarge();
    const cacheTime = field("cacheControl");
    const metadata = field("metadata") ?? field("userMetadata");
    return {
      bytes: new Uint8Array(await file.arrayBuffer()),
      mimeType,
      cacheControl: cacheTime ? `max-age=${cacheTime}` : "no-cache",
      userMetadata: metadata === undefined ? undefined : parseUserMetadata(metadata),
    };
  }

  const mimeType = contentType || "application/octet-stream";
  checkMime(mimeType);
  const headerMetadata = req.headers["x-metadata"];
  let userMetadata: Record<string, unknown> | undefined;
  if (typeof headerMetadata === "string") {
    userMetadata = parseUserMetadata(Buffer.from(headerMetadata, "base64").toString("utf8"));
  }
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > options.maxFileSize) {
    req.resume();
    throw StorageErrors.entityTooLarge();
  }
  const bytes = await readLimited(req, options.maxFileSize);
  const cacheControl = req.headers["cache-control"];
  return {
    bytes,
    mimeType,
    cacheControl: typeof cacheControl === "string" && cacheControl ? cacheControl : "no-cache",
    userMetadata,
  };
}
