import type { ServerResponse } from "node:http";
import { HttpError, sendJson } from "./http.ts";

/**
 * Errors in Supabase Storage's wire format. Storage renders every error as
 * `{ statusCode: "<logical status>", code, error, message }` and, except for a few cases, answers
 * with HTTP 400 (or 500) whatever the logical status is; supabase-js exposes the HTTP status as
 * `error.status` and the body's `statusCode` as `error.statusCode`, so both must match hosted Storage.
 */
export class StorageError extends Error {
  /** The HTTP status sent on the wire (Storage's `userStatusCode`). */
  readonly httpStatus: number;

  constructor(
    /** The logical status rendered as the body's `statusCode` string. */
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Storage's backwards-compatible `error` field; defaults to the code. */
    readonly error: string = code,
    httpStatus?: number,
  ) {
    super(message);
    this.httpStatus = httpStatus ?? (statusCode === 500 ? 500 : 400);
  }

  render() {
    return { statusCode: String(this.statusCode), code: this.code, error: this.error, message: this.message };
  }
}

/** The subset of Storage's `ERRORS` catalogue the gateway can produce, with Storage's texts. */
export const StorageErrors = {
  noSuchBucket: () => new StorageError(404, "NoSuchBucket", "Bucket not found", "Bucket not found"),
  noSuchKey: () => new StorageError(404, "NoSuchKey", "Object not found", "not_found"),
  invalidKey: (key: string) => new StorageError(400, "InvalidKey", `Invalid key: ${key}`),
  invalidBucketName: () => new StorageError(400, "InvalidBucketName", "Bucket name invalid", "Invalid Input"),
  invalidRequest: (message: string) => new StorageError(400, "InvalidRequest", message),
  noContentProvided: () => new StorageError(400, "InvalidRequest", "No content provided"),
  invalidJwt: (message: string) => new StorageError(400, "InvalidJWT", message || "Invalid JWT"),
  invalidSignature: (message = "Invalid signature") => new StorageError(400, "InvalidSignature", message),
  expiredSignature: () => new StorageError(400, "ExpiredToken", "The provided token has expired."),
  accessDenied: (message = "Access denied", httpStatus?: number) =>
    new StorageError(403, "AccessDenied", message, "Unauthorized", httpStatus),
  rlsViolation: () => StorageErrors.accessDenied("new row violates row-level security policy"),
  keyAlreadyExists: () => new StorageError(409, "KeyAlreadyExists", "The resource already exists", "Duplicate"),
  bucketAlreadyExists: () => new StorageError(409, "BucketAlreadyExists", "The resource already exists", "Duplicate"),
  resourceAlreadyExists: () =>
    new StorageError(409, "ResourceAlreadyExists", "The resource already exists", "Duplicate"),
  bucketNotEmpty: () => new StorageError(409, "ResourceNotEmpty", "The bucket you tried to delete is not empty"),
  relatedResourceNotFound: () => new StorageError(404, "InvalidRequest", "The related resource does not exist"),
  entityTooLarge: (entity = "object") =>
    new StorageError(413, "EntityTooLarge", `The ${entity} exceeded the maximum allowed size`, "Payload too large"),
  invalidMimeType: (mimeType: string) =>
    new StorageError(415, "InvalidMimeType", `mime type ${mimeType} is not supported`, "invalid_mime_type"),
  invalidFileSizeLimit: () =>
    new StorageError(400, "InvalidRequest", "Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B"),
  invalidRange: () => new StorageError(416, "InvalidRange", "invalid range provided", "invalid_range", 416),
  resourceLocked: () => new StorageError(423, "ResourceLocked", "The resource is locked"),
  databaseTimeout: () =>
    new StorageError(544, "DatabaseTimeout", "The connection to the database timed out", "DatabaseTimeout", 544),
  internal: () => new StorageError(500, "InternalError", "Internal server error"),
  requestAborted: () => new StorageError(499, "Aborted", "Request aborted", "Request aborted", 499),
  routeNotFound: (method: string, path: string) =>
    new StorageError(404, "InvalidRequest", `Route ${method}:${path} not found`, "Not Found", 404),
};

type PgLikeError = { code?: unknown; message?: unknown; detail?: unknown };

function isPgError(error: unknown): error is PgLikeError & Error {
  return error instanceof Error && typeof (error as PgLikeError).code === "string" && /^[0-9A-Z]{5}$/.test(String((error as PgLikeError).code));
}

/** Maps a PostgreSQL error the way Storage's `DBError.fromDBError` does. */
export function storageErrorFromPg(error: unknown): StorageError | null {
  if (!isPgError(error)) return null;
  const message = String(error.message ?? "");
  switch (error.code) {
    case "42501":
      return StorageErrors.accessDenied(
        message.includes("row-level security") ? "new row violates row-level security policy" : message,
      );
    case "23505":
      return StorageErrors.resourceAlreadyExists();
    case "23503":
      return String(error.detail ?? "").includes("is still referenced from table")
        ? new StorageError(409, "ResourceReferenced", "The resource could not be updated or removed due to a foreign key constraint")
        : StorageErrors.relatedResourceNotFound();
    case "55P03":
      return StorageErrors.resourceLocked();
    case "57014":
      return StorageErrors.databaseTimeout();
    case "22P02":
      return new StorageError(400, "InvalidParameter", message || "Invalid value format or type conversion failed");
    default:
      return null;
  }
}

/** Normalises anything thrown while serving a request into a renderable Storage error. */
export function toStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  if (error instanceof HttpError) {
    // Fastify's own body limit answers with a real 413, unlike Storage's upload limits.
    if (error.status === 413) return new StorageError(413, "EntityTooLarge", "Request body is too large", "Payload Too Large", 413);
    return new StorageError(error.status, error.status === 400 ? "InvalidRequest" : error.code, error.message);
  }
  // The client went away mid-request (Storage answers 499 to whoever is still listening).
  if ((error as NodeJS.ErrnoException)?.code === "ECONNRESET") return StorageErrors.requestAborted();
  return storageErrorFromPg(error) ?? StorageErrors.internal();
}

export function sendStorageError(res: ServerResponse, error: StorageError) {
  const headers: Record<string, string> = {};
  // Missing objects must not be cached by browsers or CDNs (as Storage's renderer does).
  if (error.statusCode === 404) headers["cache-control"] = "no-store";
  sendJson(res, error.httpStatus, error.render(), headers);
}
