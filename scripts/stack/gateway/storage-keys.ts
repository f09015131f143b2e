import path from "node:path";
import { StorageErrors } from "./storage-errors.ts";

// Storage's own character sets (src/storage/limits.ts): S3-safe characters only. Neither allows
// backslash, NUL, "~" or "#", which is what keeps the gateway's private names below collision-free.
const VALID_OBJECT_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]*$/;
const VALID_BUCKET_NAME = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]*$/;
const MAX_KEY_BYTES = 1024;
/** Each key segment becomes a directory name, and Linux allows 255 bytes per name. */
const MAX_SEGMENT_BYTES = 255;

/** Directory under storageDir for uploads in flight; "~" cannot appear in a bucket id. */
export const UPLOADS_DIR_NAME = "~uploads";
/** Prefix of the file holding one version of an object; "~" cannot appear in a key segment. */
const VERSION_FILE_PREFIX = "~";

export function isValidBucketName(name: unknown): name is string {
  return (
    typeof name === "string" &&
    name.length > 0 &&
    name.length <= 100 &&
    VALID_BUCKET_NAME.test(name) &&
    // Allowed by Storage's regex but meaningless (or dangerous) as a directory name.
    name !== "." &&
    name !== ".."
  );
}

export function mustBeValidBucketName(name: unknown): asserts name is string {
  if (!isValidBucketName(name)) throw StorageErrors.invalidBucketName();
}

/**
 * Storage's key rule plus what a filesystem needs: no empty, "." or ".." segments (so a key can
 * never name a parent directory, and "a//b" cannot alias "a/b") and no over-long names.
 */
export function isValidObjectKey(key: unknown): key is string {
  if (typeof key !== "string" || key.length === 0) return false;
  if (!VALID_OBJECT_KEY.test(key)) return false;
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return false;
  return key
    .split("/")
    .every((segment) => segment !== "" && segment !== "." && segment !== ".." && Buffer.byteLength(segment) <= MAX_SEGMENT_BYTES);
}

export function mustBeValidObjectKey(key: unknown): asserts key is string {
  if (!isValidObjectKey(key)) throw StorageErrors.invalidKey(typeof key === "string" ? key : "");
}

/** Resolves `relative` under `root` and refuses anything that would land outside it. */
function resolveInside(root: string, relative: string): string {
  if (relative.includes("\0") || relative.includes("\\") || path.isAbsolute(relative)) {
    throw StorageErrors.invalidKey(relative);
  }
  const base = path.resolve(root);
  const resolved = path.resolve(base, relative);
  if (!resolved.startsWith(base + path.sep)) throw StorageErrors.invalidKey(relative);
  return resolved;
}

export function bucketDirectory(storageDir: string, bucketId: string): string {
  mustBeValidBucketName(bucketId);
  return resolveInside(storageDir, bucketId);
}

/** The directory that holds every version file of one object (and the directories of deeper keys). */
export function objectDirectory(storageDir: string, bucketId: string, key: string): string {
  mustBeValidObjectKey(key);
  const bucketDir = bucketDirectory(storageDir, bucketId);
  return resolveInside(bucketDir, key);
}

/**
 * Where one version of an object lives: <storageDir>/<bucket>/<key>/~<version>. Like Storage's file
 * backend, versions live inside a directory named after the key, so the keys "a" and "a/b" can
 * coexist, and an overwrite writes a new file instead of modifying the one being served.
 */
export function objectVersionFile(storageDir: string, bucketId: string, key: string, version: string): string {
  if (!/^[0-9a-f-]{36}$/.test(version)) throw StorageErrors.invalidKey(`${key}@${version}`);
  return path.join(objectDirectory(storageDir, bucketId, key), `${VERSION_FILE_PREFIX}${version}`);
}

export function uploadsDirectory(storageDir: string): string {
  return resolveInside(storageDir, UPLOADS_DIR_NAME);
}

/** Decodes one percent-encoded path part of a request; malformed escapes are a bad key, not a crash. */
export function decodePathPart(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw StorageErrors.invalidKey(encoded);
  }
}
