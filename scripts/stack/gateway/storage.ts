import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readJson, sendJson, type GatewayContext, type ServiceHandler } from "./http.ts";
import { anonymousCaller, requireServiceRole, resolveCaller, withStorageTransaction, type Caller, type StorageTransaction } from "./storage-db.ts";
import { sendStorageError, StorageError, StorageErrors, toStorageError } from "./storage-errors.ts";
import {
  discardStaged,
  eTagOf,
  linkVersion,
  promoteStaged,
  removeBucketDirectory,
  removeObjectVersion,
  stageBytes,
  stageCopy,
  type StagedFile,
} from "./storage-files.ts";
import {
  decodePathPart,
  isValidObjectKey,
  mustBeValidBucketName,
  mustBeValidObjectKey,
  objectVersionFile,
} from "./storage-keys.ts";
import { signObjectToken, verifyObjectToken } from "./storage-signing.ts";
import {
  GLOBAL_FILE_SIZE_LIMIT,
  isEmptyFolderPlaceholder,
  parseFileSizeToBytes,
  readUpload,
} from "./storage-upload.ts";

/**
 * The subset of Supabase Storage's HTTP API (github.com/supabase/storage, src/http/routes) that
 * supabase-js's StorageBucketApi and StorageFileApi call, with Storage's request and response
 * shapes, error codes and authorization model: every read and write of storage.buckets and
 * storage.objects runs as the caller's database role with the caller's JWT claims, so the row-level
 * security policies the project defines decide, as they do on hosted Supabase.
 */

type StorageRequest = {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  ctx: GatewayContext;
  method: string;
};

type BucketRow = {
  id: string;
  name: string;
  owner: string | null;
  public: boolean;
  created_at: Date;
  updated_at: Date;
  file_size_limit: string | number | null;
  allowed_mime_types: string[] | null;
};

type ObjectRow = {
  id: string;
  bucket_id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  version: string | null;
  created_at: Date | null;
  updated_at: Date | null;
  last_accessed_at: Date | null;
  metadata: Record<string, unknown> | null;
  user_metadata: Record<string, unknown> | null;
};

const OBJECT_COLUMNS = "id, bucket_id, name, owner, owner_id, version, created_at, updated_at, last_accessed_at, metadata, user_metadata";
const BUCKET_COLUMNS = "id, name, owner, public, created_at, updated_at, file_size_limit, allowed_mime_types";
const MAX_OBJECTS_PER_REQUEST = 1000;
/** Storage's default lifetime of a signed upload URL. */
const SIGNED_UPLOAD_URL_EXPIRES_IN = 2 * 60 * 60;

// ---------------------------------------------------------------------------------------------
// Request parsing helpers

function isUuid(value: string | undefined): value is string {
  return typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-5][0-9a-f]{3}-[089ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(value);
}

async function readBodyObject(r: StorageRequest): Promise<Record<string, unknown>> {
  return readJson(r.req);
}

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (value === undefined || value === null) throw StorageErrors.invalidRequest(`body must have required property '${field}'`);
  if (typeof value !== "string") throw StorageErrors.invalidRequest(`body/${field} must be string`);
  return value;
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw StorageErrors.invalidRequest(`body/${field} must be string`);
  return value;
}

function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw StorageErrors.invalidRequest(`body/${field} must be boolean`);
  return value;
}

/** An integer field validated with Ajv-style messages ("body/limit must be >= 1"), as Fastify reports them. */
function integerIn(value: unknown, where: string, minimum: number, fallback?: number): number {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    const slash = where.lastIndexOf("/");
    throw StorageErrors.invalidRequest(`${where.slice(0, slash)} must have required property '${where.slice(slash + 1)}'`);
  }
  const parsed = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof parsed !== "number" || !Number.isSafeInteger(parsed)) throw StorageErrors.invalidRequest(`${where} must be integer`);
  if (parsed < minimum) throw StorageErrors.invalidRequest(`${where} must be >= ${minimum}`);
  return parsed;
}

function stringArray(body: Record<string, unknown>, field: string, limits: { min: number; max: number }): string[] {
  const value = body[field];
  if (value === undefined || value === null) throw StorageErrors.invalidRequest(`body must have required property '${field}'`);
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw StorageErrors.invalidRequest(`body/${field} must be array of strings`);
  }
  if (value.length < limits.min) throw StorageErrors.invalidRequest(`body/${field} must NOT have fewer than ${limits.min} items`);
  if (value.length > limits.max) throw StorageErrors.invalidRequest(`body/${field} must NOT have more than ${limits.max} items`);
  return value as string[];
}

/** file_size_limit: a non-negative integer, "20MB"-style string, or null (no bucket limit). */
function parseFileSizeLimit(value: unknown): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  let bytes: number;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) throw StorageErrors.invalidRequest("body/file_size_limit must be integer >= 0");
    bytes = value;
  } else if (typeof value === "string") {
    bytes = parseFileSizeToBytes(value);
  } else {
    throw StorageErrors.invalidFileSizeLimit();
  }
  if (bytes > GLOBAL_FILE_SIZE_LIMIT) throw StorageErrors.entityTooLarge();
  return Math.floor(bytes);
}

const MIME_TYPE_PATTERN = /^([a-zA-Z0-9\-+.]+)\/([a-zA-Z0-9\-+.]+)(;\s*charset=[a-zA-Z0-9-]+)?$|\*$/;

function parseAllowedMimeTypes(value: unknown): string[] | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw StorageErrors.invalidRequest("body/allowed_mime_types must be array of strings");
  }
  const types = (value as string[]).filter((type) => type);
  for (const type of types) {
    if (type.length > 1000 || !MIME_TYPE_PATTERN.test(type)) throw StorageErrors.invalidMimeType(type);
  }
  return types;
}

function bucketResponse(row: BucketRow, withType: boolean) {
  return {
    id: row.id,
    name: row.name,
    // Storage's response schema types owner as a string and serialises a missing owner as "".
    owner: row.owner ?? "",
    public: row.public,
    ...(withType ? { type: "STANDARD" } : {}),
    file_size_limit: row.file_size_limit === null ? null : Number(row.file_size_limit),
    allowed_mime_types: row.allowed_mime_types,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function objectResponse(row: ObjectRow) {
  return {
    id: row.id,
    bucket_id: row.bucket_id,
    name: row.name,
    ...(row.owner ? { owner: row.owner } : {}),
    ...(row.owner_id ? { owner_id: row.owner_id } : {}),
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
    last_accessed_at: row.last_accessed_at,
    metadata: row.metadata,
    user_metadata: row.user_metadata,
  };
}

function escapeLike(value: string) {
  return value.replace(/\\/g, "\\\\").replace(/([%_])/g, "\\$1");
}

function txRequest(r: StorageRequest) {
  return { method: r.method, path: r.url.pathname };
}

// ---------------------------------------------------------------------------------------------
// Buckets (src/http/routes/bucket)

async function createBucket(r: StorageRequest, caller: Caller) {
  const body = await readBodyObject(r);
  const name = requiredString(body, "name");
  const id = optionalString(body, "id") || name;
  if (name.trim() !== name) throw StorageErrors.invalidBucketName();
  mustBeValidBucketName(name);
  mustBeValidBucketName(id);
  const type = optionalString(body, "type");
  if (type !== undefined && type !== "STANDARD") {
    if (type === "ANALYTICS") throw new StorageError(409, "FeatureNotEnabled", "The feature iceberg_catalog is not enabled for this resource");
    throw StorageErrors.invalidRequest("body/type must be equal to one of the allowed values");
  }
  const isPublic = optionalBoolean(body, "public") ?? false;
  const fileSizeLimit = parseFileSizeLimit(body.file_size_limit);
  const allowedMimeTypes = parseAllowedMimeTypes(body.allowed_mime_types);

  await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
    try {
      await tx.asCaller(
        `insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [id, name, isUuid(caller.owner) ? caller.owner : null, caller.owner ?? null, isPublic, fileSizeLimit ?? null, allowedMimeTypes ?? null],
      );
    } catch (error) {
      if ((error as { code?: string }).code === "23505") throw StorageErrors.bucketAlreadyExists();
      throw error;
    }
  });
  sendJson(r.res, 200, { name });
}

async function listBuckets(r: StorageRequest, caller: Caller) {
  const query = r.url.searchParams;
  const values: unknown[] = [];
  const conditions: string[] = [];
  const search = query.get("search");
  if (search) {
    values.push(`%${escapeLike(search)}%`);
    conditions.push(`name ilike $${values.length}`);
  }
  const sortColumn = query.get("sortColumn");
  if (sortColumn !== null && !["id", "name", "created_at", "updated_at"].includes(sortColumn)) {
    throw StorageErrors.invalidRequest("querystring/sortColumn must be equal to one of the allowed values");
  }
  const sortOrder = query.get("sortOrder");
  if (sortOrder !== null && !["asc", "desc"].includes(sortOrder)) {
    throw StorageErrors.invalidRequest("querystring/sortOrder must be equal to one of the allowed values");
  }
  let pagination = "";
  if (query.has("limit")) {
    values.push(integerIn(query.get("limit"), "querystring/limit", 1));
    pagination += ` limit $${values.length}`;
  }
  if (query.has("offset")) {
    values.push(integerIn(query.get("offset"), "querystring/offset", 0));
    pagination += ` offset $${values.length}`;
  }
  // sortColumn is one of four literal names checked above.
  const orderBy = sortColumn ? `${sortColumn} ${sortOrder === "desc" ? "desc" : "asc"}, id` : "name, id";
  const rows = await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
    const result = await tx.asCaller<BucketRow>(
      `select ${BUCKET_COLUMNS} from storage.buckets ${conditions.length ? `where ${conditions.join(" and ")}` : ""}
       order by ${orderBy}${pagination}`,
      values,
    );
    return result.rows;
  });
  sendJson(r.res, 200, rows.map((row) => bucketResponse(row, true)));
}

async function getBucket(r: StorageRequest, caller: Caller, bucketId: string) {
  const row = await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
    const result = await tx.asCaller<BucketRow>(`select ${BUCKET_COLUMNS} from storage.buckets where id = $1 limit 1`, [bucketId]);
    return result.rows[0];
  });
  if (!row) throw StorageErrors.noSuchBucket();
  sendJson(r.res, 200, bucketResponse(row, false));
}

async function updateBucket(r: StorageRequest, caller: Caller, bucketId: string) {
  mustBeValidBucketName(bucketId);
  const body = await readBodyObject(r);
  const changes: Array<[string, unknown]> = [];
  const isPublic = optionalBoolean(body, "public");
  if (isPublic !== undefined) changes.push(["public", isPublic]);
  const fileSizeLimit = parseFileSizeLimit(body.file_size_limit);
  if (fileSizeLimit !== undefined) changes.push(["file_size_limit", fileSizeLimit]);
  const allowedMimeTypes = parseAllowedMimeTypes(body.allowed_mime_types);
  if (allowedMimeTypes !== undefined) changes.push(["allowed_mime_types", allowedMimeTypes]);
  if (changes.length === 0) throw StorageErrors.noContentProvided();

  const updated = await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
    // Column names come from the fixed list above, never from the request.
    const assignments = changes.map(([column], index) => `${column} = $${index + 1}`).join(", ");
    const result = await tx.asCaller(
      `update storage.buckets set ${assignments}, updated_at = now() where id = $${changes.length + 1} returning id`,
      [...changes.map(([, value]) => value), bucketId],
    );
    return result.rowCount ?? 0;
  });
  if (updated === 0) throw StorageErrors.noSuchBucket();
  sendJson(r.res, 200, { message: "Successfully updated" });
}

async function deleteBucket(r: StorageRequest, caller: Caller, bucketId: string) {
  await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
    const bucket = await tx.asSuperuser("select id from storage.buckets where id = $1 for update", [bucketId]);
    if (bucket.rowCount === 0) throw StorageErrors.noSuchBucket();
    const objects = await tx.asSuperuser("select 1 from storage.objects where bucket_id = $1 limit 1", [bucketId]);
    if ((objects.rowCount ?? 0) > 0) throw StorageErrors.bucketNotEmpty();
    const deleted = await tx.asCaller("delete from storage.buckets where id = $1", [bucketId]);
    if (deleted.rowCount === 0) throw StorageErrors.noSuchBucket();
    if (bucketIdIsSafe(bucketId)) tx.afterCommit(() => removeBucketDirectory(r.ctx.config.storageDir, bucketId));
  });
  sendJson(r.res, 200, { message: "Successfully deleted" });
}

function bucketIdIsSafe(bucketId: string) {
  try {
    mustBeValidBucketName(bucketId);
    return true;
  } catch {
    return false;
  }
}

async function emptyBucket(r: StorageRequest, caller: Caller, bucketId: string) {
  requireServiceRole(caller);
  await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
    const bucket = await tx.asCaller("select id from storage.buckets where id = $1", [bucketId]);
    if (bucket.rowCount === 0) throw StorageErrors.noSuchBucket();
    const removed = await tx.asCaller<{ name: string; version: string | null }>(
      "delete from storage.objects where bucket_id = $1 returning name, version",
      [bucketId],
    );
    tx.afterCommit(async () => {
      for (const row of removed.rows) await removeObjectVersion(r.ctx.config.storageDir, bucketId, row.name, row.version);
    });
  });
  // Storage empties asynchronously and says so; here it has already happened.
  sendJson(r.res, 200, { message: "Empty bucket has been queued. Completion may take up to an hour." });
}

// ---------------------------------------------------------------------------------------------
// Object writes (src/storage/uploader.ts, src/storage/object.ts)

type NewObject = {
  bucketId: string;
  name: string;
  owner: string | undefined;
  metadata: Record<string, unknown>;
  userMetadata: Record<string, unknown> | null;
  version: string;
};

/**
 * Writes the row for a new object version as the caller: a plain insert (INSERT policy only) or,
 * for upserts, insert ... on conflict update returning (INSERT, UPDATE and SELECT policies), as
 * Storage's createObject and upsertObject do.
 */
async function writeObjectRow(tx: StorageTransaction, object: NewObject, upsert: boolean): Promise<string> {
  const columns: Record<string, unknown> = {
    id: randomUUID(),
    bucket_id: object.bucketId,
    name: object.name,
    metadata: object.metadata,
    user_metadata: object.userMetadata,
    version: object.version,
  };
  if (isUuid(object.owner)) columns.owner = object.owner;
  if (object.owner !== undefined) columns.owner_id = object.owner;
  const names = Object.keys(columns);
  const placeholders = names.map((_, index) => `$${index + 1}`).join(", ");
  const values = Object.values(columns);
  if (!upsert) {
    try {
      await tx.asCaller(`insert into storage.objects (${names.join(", ")}) values (${placeholders})`, values);
    } catch (error) {
      if ((error as { code?: string }).code === "23505") throw StorageErrors.keyAlreadyExists();
      throw error;
    }
    return columns.id as string;
  }
  const updates = names
    .filter((name) => !["id", "bucket_id", "name"].includes(name))
    .map((name) => `${name} = excluded.${name}`)
    .concat("updated_at = now()")
    .join(", ");
  const result = await tx.asCaller<{ id: string }>(
    `insert into storage.objects (${names.join(", ")}) values (${placeholders})
     on conflict (name, bucket_id) do update set ${updates}
     returning id`,
    values,
  );
  const id = result.rows[0]?.id;
  if (!id) throw StorageErrors.rlsViolation();
  return id;
}

async function currentVersion(tx: StorageTransaction, bucketId: string, name: string): Promise<string | null> {
  const result = await tx.asSuperuser<{ version: string | null }>(
    "select version from storage.objects where bucket_id = $1 and name = $2 for update",
    [bucketId, name],
  );
  return result.rows[0]?.version ?? null;
}

function objectMetadata(staged: StagedFile, mimeType: string, cacheControl: string) {
  return {
    eTag: eTagOf(staged.md5),
    size: staged.size,
    mimetype: mimeType,
    cacheControl,
    lastModified: new Date().toISOString(),
    contentLength: staged.size,
    httpStatusCode: 200,
  };
}

/** Stores bytes and their row as one unit: either both exist afterwards or neither does. */
async function storeObject(
  r: StorageRequest,
  caller: Caller,
  target: { bucketId: string; name: string; upsert: boolean; owner: string | undefined },
  staged: StagedFile,
  metadata: Record<string, unknown>,
  userMetadata: Record<string, unknown> | null,
): Promise<string> {
  const storageDir = r.ctx.config.storageDir;
  const version = randomUUID();
  const finalPath = objectVersionFile(storageDir, target.bucketId, target.name, version);
  let promoted = false;
  try {
    return await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
      await tx.lockObject(target.bucketId, target.name);
      const previousVersion = await currentVersion(tx, target.bucketId, target.name);
      const id = await writeObjectRow(
        tx,
        { bucketId: target.bucketId, name: target.name, owner: target.owner, metadata, userMetadata, version },
        target.upsert,
      );
      await promoteStaged(staged, finalPath);
      promoted = true;
      tx.onRollback(() => removeObjectVersion(storageDir, target.bucketId, target.name, version));
      if (previousVersion) tx.afterCommit(() => removeObjectVersion(storageDir, target.bucketId, target.name, previousVersion));
      return id;
    });
  } finally {
    if (!promoted) await discardStaged(staged);
  }
}

type BucketLimits = { id: string; public: boolean; file_size_limit: string | number | null; allowed_mime_types: string[] | null };

async function findBucketAsSuperuser(ctx: GatewayContext, bucketId: string): Promise<BucketLimits | undefined> {
  const result = await ctx.pool.query<BucketLimits>(
    "select id, public, file_size_limit, allowed_mime_types from storage.buckets where id = $1",
    [bucketId],
  );
  return result.rows[0];
}

function maxFileSizeFor(bucket: BucketLimits, objectName: string) {
  if (isEmptyFolderPlaceholder(objectName)) return 0;
  const bucketLimit = bucket.file_size_limit === null ? null : Number(bucket.file_size_limit);
  return bucketLimit === null ? GLOBAL_FILE_SIZE_LIMIT : Math.min(bucketLimit, GLOBAL_FILE_SIZE_LIMIT);
}

async function uploadObject(
  r: StorageRequest,
  caller: Caller,
  bucketId: string,
  objectName: string,
  options: { upsert: boolean; owner: string | undefined },
) {
  mustBeValidBucketName(bucketId);
  mustBeValidObjectKey(objectName);
  const bucket = await findBucketAsSuperuser(r.ctx, bucketId);
  if (!bucket) throw StorageErrors.noSuchBucket();
  const upload = await readUpload(r.req, {
    maxFileSize: maxFileSizeFor(bucket, objectName),
    allowedMimeTypes: bucket.allowed_mime_types ?? [],
    objectName,
  });
  const staged = await stageBytes(r.ctx.config.storageDir, upload.bytes);
  const id = await storeObject(
    r,
    caller,
    { bucketId, name: objectName, upsert: options.upsert, owner: options.owner },
    staged,
    objectMetadata(staged, upload.mimeType, upload.cacheControl),
    upload.userMetadata ?? {},
  );
  return { Id: id, Key: `${bucketId}/${objectName}` };
}

async function moveObject(r: StorageRequest, caller: Caller) {
  const body = await readBodyObject(r);
  const bucketId = requiredString(body, "bucketId");
  const sourceKey = requiredString(body, "sourceKey");
  const destinationKey = requiredString(body, "destinationKey");
  const destinationBucket = optionalString(body, "destinationBucket") || bucketId;
  mustBeValidBucketName(bucketId);
  mustBeValidBucketName(destinationBucket);
  mustBeValidObjectKey(destinationKey);
  if (!isValidObjectKey(sourceKey)) throw StorageErrors.noSuchKey();
  const storageDir = r.ctx.config.storageDir;
  const sameLocation = bucketId === destinationBucket && sourceKey === destinationKey;

  const id = await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
    // A fixed order keeps two opposite moves from deadlocking.
    const locks = [`${bucketId}/${sourceKey}`, `${destinationBucket}/${destinationKey}`].sort();
    for (const lock of new Set(locks)) await tx.asSuperuser("select pg_advisory_xact_lock(hashtextextended($1, 0))", [`storage:${lock}`]);
    const source = await tx.asSuperuser<{ version: string | null }>(
      "select version from storage.objects where bucket_id = $1 and name = $2 for update",
      [bucketId, sourceKey],
    );
    const sourceRow = source.rows[0];
    if (!sourceRow) throw StorageErrors.noSuchKey();
    const visible = await tx.asCaller("select id from storage.objects where name = $1 and bucket_id = $2", [sourceKey, bucketId]);
    if (visible.rowCount === 0) throw StorageErrors.noSuchKey();

    // Rows written around the gateway may have no version (and so no file) to carry along.
    const newVersion = sameLocation || !sourceRow.version ? sourceRow.version : randomUUID();
    const assignments = ["name = $1", "bucket_id = $2", "version = $3", "updated_at = now()"];
    const values: unknown[] = [destinationKey, destinationBucket, newVersion];
    if (isUuid(caller.owner)) {
      values.push(caller.owner);
      assignments.push(`owner = $${values.length}`);
    }
    if (caller.owner !== undefined) {
      values.push(caller.owner);
      assignments.push(`owner_id = $${values.length}`);
    }
    values.push(bucketId, sourceKey);
    let updated;
    try {
      updated = await tx.asCaller<{ id: string }>(
        `update storage.objects set ${assignments.join(", ")}
         where bucket_id = $${values.length - 1} and name = $${values.length} returning id`,
        values,
      );
    } catch (error) {
      if ((error as { code?: string }).code === "23505") throw StorageErrors.resourceAlreadyExists();
      throw error;
    }
    const movedId = updated.rows[0]?.id;
    if (!movedId) throw StorageErrors.noSuchKey();
    if (!sameLocation && sourceRow.version && newVersion) {
      const sourceFile = objectVersionFile(storageDir, bucketId, sourceKey, sourceRow.version);
      const targetFile = objectVersionFile(storageDir, destinationBucket, destinationKey, newVersion);
      try {
        await linkVersion(sourceFile, targetFile);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") throw StorageErrors.noSuchKey();
        throw error;
      }
      tx.onRollback(() => removeObjectVersion(storageDir, destinationBucket, destinationKey, newVersion));
      tx.afterCommit(() => removeObjectVersion(storageDir, bucketId, sourceKey, sourceRow.version));
    }
    return movedId;
  });
  sendJson(r.res, 200, { message: "Successfully moved", Id: id, Key: destinationKey });
}

async function copyObject(r: StorageRequest, caller: Caller) {
  const body = await readBodyObject(r);
  const bucketId = requiredString(body, "bucketId");
  const sourceKey = requiredString(body, "sourceKey");
  const destinationKey = requiredString(body, "destinationKey");
  const destinationBucket = optionalString(body, "destinationBucket") || bucketId;
  const copyMetadata = optionalBoolean(body, "copyMetadata") ?? true;
  const metadataOverride = body.metadata;
  if (metadataOverride !== undefined && (metadataOverride === null || typeof metadataOverride !== "object" || Array.isArray(metadataOverride))) {
    throw StorageErrors.invalidRequest("body/metadata must be object");
  }
  mustBeValidBucketName(bucketId);
  mustBeValidBucketName(destinationBucket);
  mustBeValidObjectKey(destinationKey);
  if (!isValidObjectKey(sourceKey)) throw StorageErrors.noSuchKey();
  const upsert = r.req.headers["x-upsert"] === "true";
  const headerUserMetadata = r.req.headers["x-metadata"];
  const storageDir = r.ctx.config.storageDir;

  // The source must be readable by the caller before any bytes are touched.
  const source = await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
    const result = await tx.asCaller<ObjectRow>(
      `select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2 limit 1`,
      [bucketId, sourceKey],
    );
    return result.rows[0];
  });
  if (!source || !source.version) throw StorageErrors.noSuchKey();
  if (!(await findBucketAsSuperuser(r.ctx, destinationBucket))) throw StorageErrors.noSuchBucket();

  let staged: StagedFile;
  try {
    staged = await stageCopy(storageDir, objectVersionFile(storageDir, bucketId, sourceKey, source.version));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw StorageErrors.noSuchKey();
    throw error;
  }
  const metadata: Record<string, unknown> = { ...(source.metadata ?? {}) };
  if (!copyMetadata && metadataOverride) {
    const override = metadataOverride as Record<string, unknown>;
    if (typeof override.cacheControl === "string") metadata.cacheControl = override.cacheControl;
    if (typeof override.mimetype === "string") metadata.mimetype = override.mimetype;
  }
  metadata.eTag = eTagOf(staged.md5);
  metadata.lastModified = new Date().toISOString();
  let userMetadata = source.user_metadata;
  if (!copyMetadata) {
    userMetadata = null;
    if (typeof headerUserMetadata === "string") {
      try {
        userMetadata = JSON.parse(Buffer.from(headerUserMetadata, "base64").toString("utf8")) as Record<string, unknown>;
      } catch {
        userMetadata = null;
      }
    }
  }
  const id = await storeObject(
    r,
    caller,
    { bucketId: destinationBucket, name: destinationKey, upsert, owner: caller.owner },
    staged,
    metadata,
    userMetadata,
  );
  const row = await r.ctx.pool.query<ObjectRow>(`select ${OBJECT_COLUMNS} from storage.objects where id = $1`, [id]);
  const destination = row.rows[0];
  sendJson(r.res, 200, {
    Id: id,
    Key: `${destinationBucket}/${destinationKey}`,
    ...(destination ? objectResponse(destination) : {}),
  });
}

async function removeObjects(r: StorageRequest, caller: Caller, bucketId: string) {
  mustBeValidBucketName(bucketId);
  const body = await readBodyObject(r);
  const prefixes = stringArray(body, "prefixes", { min: 1, max: MAX_OBJECTS_PER_REQUEST });
  const storageDir = r.ctx.config.storageDir;
  const removed = await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
    const result = await tx.asCaller<ObjectRow>(
      `delete from storage.objects where bucket_id = $1 and name = any($2::text[]) returning ${OBJECT_COLUMNS}`,
      [bucketId, prefixes],
    );
    tx.afterCommit(async () => {
      for (const row of result.rows) await removeObjectVersion(storageDir, bucketId, row.name, row.version);
    });
    return result.rows;
  });
  sendJson(r.res, 200, removed.map(objectResponse));
}

async function removeObject(r: StorageRequest, caller: Caller, bucketId: string, objectName: string) {
  mustBeValidBucketName(bucketId);
  const storageDir = r.ctx.config.storageDir;
  await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
    const existing = await tx.asSuperuser<{ version: string | null }>(
      "select version from storage.objects where bucket_id = $1 and name = $2 for update",
      [bucketId, objectName],
    );
    if (existing.rowCount === 0) throw StorageErrors.noSuchKey();
    const deleted = await tx.asCaller<{ version: string | null }>(
      "delete from storage.objects where bucket_id = $1 and name = $2 returning version",
      [bucketId, objectName],
    );
    const row = deleted.rows[0];
    if (!row) throw StorageErrors.accessDenied("Access denied");
    tx.afterCommit(() => removeObjectVersion(storageDir, bucketId, objectName, row.version));
  });
  sendJson(r.res, 200, { message: "Successfully deleted" });
}

// ---------------------------------------------------------------------------------------------
// Listing (storage.search semantics: one folder level, names relative to the prefix)

async function listObjects(r: StorageRequest, caller: Caller, bucketId: string) {
  mustBeValidBucketName(bucketId);
  const body = await readBodyObject(r);
  let prefix = requiredString(body, "prefix");
  const limit = Math.min(integerIn(body.limit, "body/limit", 1, 100), 1500);
  const offset = integerIn(body.offset, "body/offset", 0, 0);
  const search = optionalString(body, "search") ?? "";
  let sortColumn = "name";
  let sortOrder = "asc";
  if (body.sortBy !== undefined && body.sortBy !== null) {
    const sortBy = body.sortBy as Record<string, unknown>;
    if (typeof sortBy !== "object" || Array.isArray(sortBy)) throw StorageErrors.invalidRequest("body/sortBy must be object");
    if (sortBy.column !== undefined) {
      if (typeof sortBy.column !== "string" || !["name", "updated_at", "created_at", "last_accessed_at"].includes(sortBy.column)) {
        throw StorageErrors.invalidRequest("body/sortBy/column must be equal to one of the allowed values");
      }
      sortColumn = sortBy.column;
    }
    if (sortBy.order !== undefined) {
      if (typeof sortBy.order !== "string" || !["asc", "desc"].includes(sortBy.order.toLowerCase())) {
        throw StorageErrors.invalidRequest("body/sortBy/order must be equal to one of the allowed values");
      }
      sortOrder = sortBy.order.toLowerCase();
    }
  }
  if (prefix.length > 0 && !prefix.endsWith("/")) prefix = `${prefix}/`;
  const direction = sortOrder === "desc" ? "desc" : "asc";
  // Folders sort as "<name>/" so they interleave with files exactly as storage.search walks keys.
  const orderBy =
    sortColumn === "name"
      ? `lower(case when is_folder then name || '/' else name end) collate "C" ${direction}`
      : `is_folder desc, case when is_folder then name end ${direction}, ${sortColumn} ${direction}, name collate "C" ${direction}`;

  const rows = await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
    const result = await tx.asCaller(
      `with matched as (
         select o.name, o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata,
                substr(o.name, $3::int + 1) as rest
         from storage.objects o
         where o.bucket_id = $1 and lower(o.name) like $2 escape '\\'
       ), entries as (
         select split_part(rest, '/', 1) as name, null::uuid as id, null::timestamptz as updated_at,
                null::timestamptz as created_at, null::timestamptz as last_accessed_at, null::jsonb as metadata,
                true as is_folder
         from matched where strpos(rest, '/') > 0
         group by 1
         union all
         select rest, id, updated_at, created_at, last_accessed_at, metadata, false
         from matched where strpos(rest, '/') = 0
       )
       select name, id, updated_at, created_at, last_accessed_at, metadata from entries
       order by ${orderBy}
       limit $4 offset $5`,
      [bucketId, `${escapeLike((prefix + search).toLowerCase())}%`, prefix.length, limit, offset],
    );
    return result.rows;
  });
  sendJson(r.res, 200, rows);
}

// ---------------------------------------------------------------------------------------------
// Signed URLs

function expiresInFrom(body: Record<string, unknown>) {
  return integerIn(body.expiresIn, "body/expiresIn", 1);
}

async function signObject(r: StorageRequest, caller: Caller, bucketId: string, objectName: string) {
  mustBeValidBucketName(bucketId);
  mustBeValidObjectKey(objectName);
  const body = await readBodyObject(r);
  const expiresIn = expiresInFrom(body);
  await findObjectAsCaller(r, caller, bucketId, objectName);
  const token = await signObjectToken(r.ctx.config.jwtSecret, { url: `${bucketId}/${objectName}`, scope: "download" }, expiresIn);
  sendJson(r.res, 200, { signedURL: `/object/sign/${bucketId}/${objectName}?token=${token}` });
}

async function signObjects(r: StorageRequest, caller: Caller, bucketId: string) {
  mustBeValidBucketName(bucketId);
  const body = await readBodyObject(r);
  const expiresIn = expiresInFrom(body);
  const paths = stringArray(body, "paths", { min: 1, max: MAX_OBJECTS_PER_REQUEST });
  const visible = await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
    const result = await tx.asCaller<{ name: string }>(
      "select name from storage.objects where bucket_id = $1 and name = any($2::text[])",
      [bucketId, paths],
    );
    return new Set(result.rows.map((row) => row.name));
  });
  const signed = await Promise.all(
    paths.map(async (path) => {
      if (!visible.has(path)) {
        return { error: "Either the object does not exist or you do not have access to it", path, signedURL: null };
      }
      const token = await signObjectToken(r.ctx.config.jwtSecret, { url: `${bucketId}/${path}`, scope: "download" }, expiresIn);
      return { error: null, path, signedURL: `/object/sign/${bucketId}/${path}?token=${token}` };
    }),
  );
  sendJson(r.res, 200, signed);
}

async function signUpload(r: StorageRequest, caller: Caller, bucketId: string, objectName: string) {
  mustBeValidBucketName(bucketId);
  mustBeValidObjectKey(objectName);
  const upsert = r.req.headers["x-upsert"] === "true";
  if (!(await findBucketAsSuperuser(r.ctx, bucketId))) throw StorageErrors.noSuchBucket();
  // Storage's canUpload: try the write as the caller, then roll it back.
  const probe = new Error("permission probe");
  try {
    await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
      await writeObjectRow(
        tx,
        { bucketId, name: objectName, owner: caller.owner, metadata: {}, userMetadata: null, version: randomUUID() },
        upsert,
      );
      throw probe;
    });
  } catch (error) {
    if (error !== probe) throw error;
  }
  const url = `${bucketId}/${objectName}`;
  const token = await signObjectToken(
    r.ctx.config.jwtSecret,
    { owner: caller.owner, url, upsert, scope: "upload" },
    SIGNED_UPLOAD_URL_EXPIRES_IN,
  );
  sendJson(r.res, 200, { url: `/object/upload/sign/${url}?token=${token}`, token });
}

async function uploadWithSignedUrl(r: StorageRequest, bucketId: string, objectName: string) {
  mustBeValidBucketName(bucketId);
  mustBeValidObjectKey(objectName);
  const token = r.url.searchParams.get("token");
  if (!token) throw StorageErrors.invalidRequest("querystring must have required property 'token'");
  const verified = await verifyObjectToken(r.ctx.config.jwtSecret, token, { bucketId, objectName, scope: "upload" });
  // The token is the authorization, as in Storage, which completes these uploads as its superuser.
  const serviceCaller: Caller = {
    role: "service_role",
    claims: { role: "service_role" },
    owner: verified.owner,
    isAuthenticated: true,
    jwt: "",
  };
  const result = await uploadObject(r, serviceCaller, bucketId, objectName, { upsert: verified.upsert ?? false, owner: verified.owner });
  sendJson(r.res, 200, { Key: result.Key });
}

// ---------------------------------------------------------------------------------------------
// Reads

async function findObjectAsCaller(r: StorageRequest, caller: Caller, bucketId: string, objectName: string): Promise<ObjectRow> {
  if (!isValidObjectKey(objectName)) throw StorageErrors.invalidKey(objectName);
  const row = await withStorageTransaction(r.ctx, caller, txRequest(r), async (tx) => {
    const result = await tx.asCaller<ObjectRow>(
      `select ${OBJECT_COLUMNS} from storage.objects where name = $1 and bucket_id = $2 limit 1`,
      [objectName, bucketId],
    );
    return result.rows[0];
  });
  if (!row) throw StorageErrors.noSuchKey();
  return row;
}

async function findObjectAsSuperuser(ctx: GatewayContext, bucketId: string, objectName: string): Promise<ObjectRow> {
  if (!isValidObjectKey(objectName)) throw StorageErrors.invalidKey(objectName);
  const result = await ctx.pool.query<ObjectRow>(
    `select ${OBJECT_COLUMNS} from storage.objects where name = $1 and bucket_id = $2 limit 1`,
    [objectName, bucketId],
  );
  const row = result.rows[0];
  if (!row) throw StorageErrors.noSuchKey();
  return row;
}

/**
 * Storage's getObject/getObjectInfo access rule: a caller without a valid token only reaches public
 * buckets; public buckets are read without RLS; private ones through RLS as the caller.
 */
async function findReadableObject(r: StorageRequest, caller: Caller, bucketId: string, objectName: string, publicOnly: boolean) {
  mustBeValidBucketName(bucketId);
  const bucket = await findBucketAsSuperuser(r.ctx, bucketId);
  if (!bucket) throw StorageErrors.noSuchBucket();
  if ((publicOnly || !caller.isAuthenticated) && !bucket.public) throw StorageErrors.noSuchBucket();
  return bucket.public ? findObjectAsSuperuser(r.ctx, bucketId, objectName) : findObjectAsCaller(r, caller, bucketId, objectName);
}

type ByteRange = { start: number; end: number };

function parseRange(header: string, size: number): ByteRange {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || size <= 0) throw StorageErrors.invalidRange();
  const [, startText = "", endText = ""] = match;
  if (!startText && !endText) throw StorageErrors.invalidRange();
  if (!startText) {
    const suffix = Number(endText);
    if (!Number.isSafeInteger(suffix) || suffix <= 0) throw StorageErrors.invalidRange();
    return { start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(startText);
  const end = endText ? Number(endText) : size - 1;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end || start >= size) throw StorageErrors.invalidRange();
  return { start, end: Math.min(end, size - 1) };
}

function contentDisposition(download: string | null): string | undefined {
  if (download === null) return undefined;
  if (download === "") return "attachment;";
  const encoded = encodeURIComponent(download);
  return `attachment; filename=${encoded}; filename*=UTF-8''${encoded}`;
}

function sendMissingFile(res: ServerResponse) {
  sendJson(
    res,
    400,
    { error: "Not found", message: "The resource was not found", statusCode: "404", code: "NoSuchKey" },
    { "cache-control": "no-store" },
  );
}

/** Streams one object with the headers Storage's asset renderer sets. */
async function sendObject(r: StorageRequest, object: ObjectRow, options: { download: string | null; expires?: string; headOnly: boolean }) {
  const { res, req } = r;
  if (!object.version) {
    sendMissingFile(res);
    return;
  }
  const file = objectVersionFile(r.ctx.config.storageDir, object.bucket_id, object.name, object.version);
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    sendMissingFile(res);
    return;
  }
  const metadata = object.metadata ?? {};
  const eTag = typeof metadata.eTag === "string" ? metadata.eTag : undefined;
  const mimeType = typeof metadata.mimetype === "string" ? metadata.mimetype : "application/octet-stream";
  const cacheControl = typeof metadata.cacheControl === "string" ? metadata.cacheControl : "no-cache";
  const lastModified = new Date(typeof metadata.lastModified === "string" ? metadata.lastModified : stat.mtime);
  const headers: Record<string, string | number> = {
    "accept-ranges": "bytes",
    // Storage never lets an uploaded file render as HTML on its origin.
    "content-type": mimeType.includes("text/html") ? "text/plain" : mimeType,
    "x-robots-tag": "none",
  };
  if (eTag) headers.etag = eTag;
  if (!Number.isNaN(lastModified.getTime())) headers["last-modified"] = lastModified.toUTCString();
  if (options.expires) headers.expires = options.expires;
  else headers["cache-control"] = cacheControl;
  const disposition = contentDisposition(options.download);
  if (disposition) headers["content-disposition"] = disposition;

  if (eTag && req.headers["if-none-match"] === eTag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  let range: ByteRange | undefined;
  const rangeHeader = req.headers.range;
  if (typeof rangeHeader === "string" && rangeHeader) range = parseRange(rangeHeader, stat.size);
  const start = range?.start ?? 0;
  const end = range?.end ?? stat.size - 1;
  headers["content-length"] = stat.size === 0 ? 0 : end - start + 1;
  if (range) headers["content-range"] = `bytes ${start}-${end}/${stat.size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (options.headOnly || stat.size === 0) {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = fs.createReadStream(file, { start, end });
    stream.on("error", () => {
      res.destroy();
      resolve();
    });
    res.on("close", () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

async function sendObjectInfo(r: StorageRequest, object: ObjectRow) {
  const metadata = object.metadata ?? {};
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (typeof metadata.eTag === "string") headers.etag = metadata.eTag;
  if (typeof metadata.cacheControl === "string") headers["cache-control"] = metadata.cacheControl;
  if (typeof metadata.lastModified === "string") headers["last-modified"] = new Date(metadata.lastModified).toUTCString();
  sendJson(
    r.res,
    200,
    {
      id: object.id,
      name: object.name,
      version: object.version,
      bucket_id: object.bucket_id,
      size: typeof metadata.size === "number" ? metadata.size : null,
      content_type: typeof metadata.mimetype === "string" ? metadata.mimetype : null,
      cache_control: typeof metadata.cacheControl === "string" ? metadata.cacheControl : null,
      etag: typeof metadata.eTag === "string" ? metadata.eTag : null,
      metadata: object.user_metadata,
      last_modified: object.updated_at,
      created_at: object.created_at,
    },
    headers,
  );
}

async function getSignedObject(r: StorageRequest, bucketId: string, objectName: string, headOnly: boolean) {
  mustBeValidBucketName(bucketId);
  const token = r.url.searchParams.get("token");
  if (!token) throw StorageErrors.invalidRequest("querystring must have required property 'token'");
  const verified = await verifyObjectToken(r.ctx.config.jwtSecret, token, { bucketId, objectName, scope: "download" });
  const object = await findObjectAsSuperuser(r.ctx, bucketId, objectName);
  await sendObject(r, object, {
    download: r.url.searchParams.get("download"),
    expires: new Date(verified.exp * 1000).toUTCString(),
    headOnly,
  });
}

// ---------------------------------------------------------------------------------------------
// Routing (same precedence as Storage's Fastify routes: static segments before parameters)

/** Splits "<bucket>/<key...>" from a still-encoded path tail. */
function bucketAndKey(encodedTail: string): { bucketId: string; objectName: string } | null {
  const slash = encodedTail.indexOf("/");
  if (slash <= 0) return null;
  const objectPart = encodedTail.slice(slash + 1);
  if (!objectPart) return null;
  return { bucketId: decodePathPart(encodedTail.slice(0, slash)), objectName: decodePathPart(objectPart) };
}

function singleSegment(encodedTail: string): string | null {
  if (!encodedTail || encodedTail.includes("/")) return null;
  return decodePathPart(encodedTail);
}

async function routeBucket(r: StorageRequest, tail: string) {
  const strict = () => resolveCaller(r.req, r.url, r.ctx, { allowInvalidJwt: false });
  if (tail === "" || tail === "/") {
    if (r.method === "GET") return listBuckets(r, await strict());
    if (r.method === "POST") return createBucket(r, await strict());
    return null;
  }
  const emptyMatch = /^\/([^/]+)\/empty$/.exec(tail);
  if (emptyMatch && r.method === "POST") return emptyBucket(r, await strict(), decodePathPart(emptyMatch[1]!));
  const idMatch = /^\/([^/]+)$/.exec(tail);
  if (!idMatch) return null;
  const bucketId = decodePathPart(idMatch[1]!);
  if (r.method === "GET") return getBucket(r, await strict(), bucketId);
  if (r.method === "PUT") return updateBucket(r, await strict(), bucketId);
  if (r.method === "DELETE") return deleteBucket(r, await strict(), bucketId);
  return null;
}

async function routeObject(r: StorageRequest, tail: string): Promise<void | null> {
  const { method } = r;
  const isRead = method === "GET" || method === "HEAD";
  const strict = () => resolveCaller(r.req, r.url, r.ctx, { allowInvalidJwt: false });
  const lenient = () => resolveCaller(r.req, r.url, r.ctx, { allowInvalidJwt: true });
  const under = (prefix: string) => (tail.startsWith(prefix) ? tail.slice(prefix.length) : null);

  if (tail === "/move" && method === "POST") return moveObject(r, await strict());
  if (tail === "/copy" && method === "POST") return copyObject(r, await strict());

  const listTail = under("/list/");
  if (listTail !== null && method === "POST") {
    const bucketId = singleSegment(listTail);
    if (bucketId !== null) return listObjects(r, await strict(), bucketId);
  }

  const uploadSignTail = under("/upload/sign/");
  if (uploadSignTail !== null) {
    const target = bucketAndKey(uploadSignTail);
    if (target && method === "POST") return signUpload(r, await strict(), target.bucketId, target.objectName);
    if (target && method === "PUT") return uploadWithSignedUrl(r, target.bucketId, target.objectName);
  }

  const signTail = under("/sign/");
  if (signTail !== null) {
    const target = bucketAndKey(signTail);
    if (target && isRead) return getSignedObject(r, target.bucketId, target.objectName, method === "HEAD");
    if (target && method === "POST") return signObject(r, await strict(), target.bucketId, target.objectName);
    const bucketId = singleSegment(signTail);
    if (bucketId !== null && method === "POST") return signObjects(r, await strict(), bucketId);
  }

  const publicTail = under("/public/");
  if (publicTail !== null && isRead) {
    const target = bucketAndKey(publicTail);
    if (target) {
      const object = await findReadableObject(r, anonymousCaller(), target.bucketId, target.objectName, true);
      return sendObject(r, object, { download: r.url.searchParams.get("download"), headOnly: method === "HEAD" });
    }
  }

  const authenticatedTail = under("/authenticated/");
  if (authenticatedTail !== null && isRead) {
    const target = bucketAndKey(authenticatedTail);
    if (target) {
      const object = await findReadableObject(r, await strict(), target.bucketId, target.objectName, false);
      return sendObject(r, object, { download: r.url.searchParams.get("download"), headOnly: method === "HEAD" });
    }
  }

  const infoTail = under("/info/");
  if (infoTail !== null && method === "GET") {
    const variants: Array<[string, () => Promise<Caller>, boolean]> = [
      ["public/", lenient, true],
      ["authenticated/", strict, false],
      ["", lenient, false],
    ];
    for (const [prefix, callerOf, publicOnly] of variants) {
      if (!infoTail.startsWith(prefix)) continue;
      const target = bucketAndKey(infoTail.slice(prefix.length));
      if (!target) continue;
      const caller = publicOnly ? anonymousCaller() : await callerOf();
      const object = await findReadableObject(r, caller, target.bucketId, target.objectName, publicOnly);
      return sendObjectInfo(r, object);
    }
  }

  const rest = under("/");
  if (rest === null) return null;
  const target = bucketAndKey(rest);
  if (target) {
    if (method === "POST" || method === "PUT") {
      const caller = await strict();
      const upsert = method === "PUT" || r.req.headers["x-upsert"] === "true";
      const result = await uploadObject(r, caller, target.bucketId, target.objectName, { upsert, owner: caller.owner });
      sendJson(r.res, 200, result);
      return;
    }
    if (isRead) {
      const object = await findReadableObject(r, await lenient(), target.bucketId, target.objectName, false);
      return sendObject(r, object, { download: r.url.searchParams.get("download"), headOnly: method === "HEAD" });
    }
    if (method === "DELETE") return removeObject(r, await strict(), target.bucketId, target.objectName);
    return null;
  }
  const bucketId = singleSegment(rest);
  if (bucketId !== null && method === "DELETE") return removeObjects(r, await strict(), bucketId);
  return null;
}

export const handleStorage: ServiceHandler = async (req, res, url, ctx) => {
  const r: StorageRequest = { req, res, url, ctx, method: req.method ?? "GET" };
  try {
    const path = url.pathname;
    let handled: void | null = null;
    if (path === "/bucket" || path.startsWith("/bucket/")) {
      handled = await routeBucket(r, path.slice("/bucket".length));
    } else if (path.startsWith("/object/")) {
      handled = await routeObject(r, path.slice("/object".length));
    }
    if (handled === null) throw StorageErrors.routeNotFound(r.method, `/storage/v1${path}`);
  } catch (error) {
    const storageError = toStorageError(error);
    if (storageError.statusCode === 500) console.error("[gateway] storage", error);
    // Whatever is left of a refused upload is drained so the client sees the answer, not a reset.
    if (!req.complete) req.resume();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendStorageError(res, storageError);
  }
};
