import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { bucketDirectory, objectVersionFile, uploadsDirectory } from "./storage-keys.ts";

/**
 * The gateway's filesystem backend. Object bytes are written to a private uploads directory first
 * and only moved (rename, atomic on one filesystem) to their final place while the database row
 * that references them is being written; callers undo that move if the transaction does not commit.
 */

export type StagedFile = { tempPath: string; size: number; md5: string };

/** Storage reports S3's quoted MD5 as the ETag. */
export function eTagOf(md5: string) {
  return `"${md5}"`;
}

export async function stageBytes(storageDir: string, bytes: Uint8Array): Promise<StagedFile> {
  const dir = uploadsDirectory(storageDir);
  await fs.mkdir(dir, { recursive: true });
  const tempPath = path.join(dir, randomUUID());
  const handle = await fs.open(tempPath, "wx", 0o600);
  try {
    await handle.writeFile(bytes);
    // Durable before the database row that points at it can commit.
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(tempPath, { force: true });
    throw error;
  }
  await handle.close();
  return { tempPath, size: bytes.byteLength, md5: createHash("md5").update(bytes).digest("hex") };
}

/** Copies an existing version into the uploads directory, for copy-object. */
export async function stageCopy(storageDir: string, sourcePath: string): Promise<StagedFile> {
  const dir = uploadsDirectory(storageDir);
  await fs.mkdir(dir, { recursive: true });
  const tempPath = path.join(dir, randomUUID());
  try {
    await fs.copyFile(sourcePath, tempPath, fs.constants.COPYFILE_EXCL);
    const bytes = await fs.readFile(tempPath);
    return { tempPath, size: bytes.byteLength, md5: createHash("md5").update(bytes).digest("hex") };
  } catch (error) {
    await fs.rm(tempPath, { force: true });
    throw error;
  }
}

export async function discardStaged(staged: StagedFile) {
  await fs.rm(staged.tempPath, { force: true });
}

/**
 * Creates the target's directories and places the file. A concurrent delete may prune a directory
 * between mkdir and the placement (it only removes empty ones), so that case is retried.
 */
async function placeInDirectory(targetPath: string, place: () => Promise<void>) {
  for (let attempt = 1; ; attempt++) {
    await fs.mkdir(path.dirname(targetPath), { recursive: true });
    try {
      await place();
      return;
    } catch (error) {
      const parentVanished = (error as NodeJS.ErrnoException).code === "ENOENT" && !(await exists(path.dirname(targetPath)));
      if (!parentVanished || attempt === 5) throw error;
    }
  }
}

async function exists(target: string) {
  return fs.access(target).then(
    () => true,
    () => false,
  );
}

/** Moves a staged file to its final place; returns the path so the caller can undo it. */
export async function promoteStaged(staged: StagedFile, finalPath: string): Promise<string> {
  await placeInDirectory(finalPath, () => fs.rename(staged.tempPath, finalPath));
  return finalPath;
}

/** A second name for an existing version (move-object), undone by removing the new name. */
export async function linkVersion(sourcePath: string, targetPath: string) {
  await placeInDirectory(targetPath, () => fs.link(sourcePath, targetPath));
}

/** Removes a file and then every directory above it that became empty, up to the bucket. */
export async function removeFileAndEmptyParents(filePath: string, stopAt: string) {
  await fs.rm(filePath, { force: true });
  const boundary = path.resolve(stopAt);
  let dir = path.dirname(path.resolve(filePath));
  while (dir.startsWith(boundary + path.sep)) {
    try {
      await fs.rmdir(dir);
    } catch {
      return; // not empty (or already gone): the rest of the chain is still in use
    }
    dir = path.dirname(dir);
  }
}

export async function removeObjectVersion(storageDir: string, bucketId: string, name: string, version: string | null) {
  if (!version) return;
  let file: string;
  try {
    file = objectVersionFile(storageDir, bucketId, name, version);
  } catch {
    return; // a row written around the gateway with a name no file could have
  }
  await removeFileAndEmptyParents(file, bucketDirectory(storageDir, bucketId));
}

export async function removeBucketDirectory(storageDir: string, bucketId: string) {
  await fs.rm(bucketDirectory(storageDir, bucketId), { recursive: true, force: true });
}
