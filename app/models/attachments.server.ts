/**
 * Files attached to needs (need-attachments) and EOIs (eoi-attachments): checked by content,
 * stored under <organization>/<need or EOI id>/<random>-<safe name>, listed with signed URLs.
 * Uploads run as the caller, so the storage policies decide who may write where.
 */
import { randomUUID } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import type { MessageKey } from "~/i18n";
import { checkDocumentUpload, displayFileName, MAX_DOCUMENT_BYTES, type DetectedFileType } from "~/utils/file-type";

export type Bucket = "need-attachments" | "eoi-attachments" | "certificates";

export type CheckedUpload = { name: string; bytes: Uint8Array; type: DetectedFileType };
export type UploadIssue = { key: MessageKey; params: { name: string } };

/** Checks every received file by content; the first problem is reported, nothing is stored. */
export function checkUploads(files: ReadonlyArray<{ name: string; bytes: Uint8Array; tooLarge: boolean }>): { ok: true; uploads: CheckedUpload[] } | { ok: false; issue: UploadIssue } {
  const uploads: CheckedUpload[] = [];
  for (const file of files) {
    const name = displayFileName(file.name, "attachment");
    if (file.tooLarge || file.bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, issue: { key: "needs.validation.file_size", params: { name } } };
    const bytes = file.bytes;
    const check = checkDocumentUpload(bytes);
    if (!check.ok) {
      const key: MessageKey = check.reason === "empty" ? "needs.validation.file_empty" : check.reason === "too_large" ? "needs.validation.file_size" : "needs.validation.file_type";
      return { ok: false, issue: { key, params: { name } } };
    }
    uploads.push({ name, bytes, type: check.type });
  }
  return { ok: true, uploads };
}

/** A storage-safe object name that keeps a readable version of the original name. */
export function objectNameFor(folder: string, upload: Pick<CheckedUpload, "name" | "type">): string {
  const base = upload.name.replace(/\.[^.]*$/, "");
  const safe = base.normalize("NFKD").replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 60) || "attachment";
  return `${folder}/${randomUUID().slice(0, 8)}-${safe}.${upload.type.extension}`;
}

/** The name to show for a stored object: without its folder and random prefix. */
export function attachmentLabel(path: string): string {
  const file = path.split("/").pop() ?? path;
  return file.replace(/^[0-9a-f]{8}-/, "");
}

/** Uploads all or nothing: on any failure the files already stored are removed again. */
export async function uploadAll(
  supabase: SupabaseClient,
  bucket: Bucket,
  folder: string,
  uploads: readonly CheckedUpload[],
): Promise<{ ok: true; paths: string[] } | { ok: false }> {
  const stored: string[] = [];
  for (const upload of uploads) {
    const path = objectNameFor(folder, upload);
    const { error } = await supabase.storage.from(bucket).upload(path, upload.bytes, { contentType: upload.type.mime, upsert: false });
    if (error) {
      console.error(`Upload to ${bucket}/${path} failed: ${error.message}`);
      await removeObjects(supabase, bucket, stored);
      return { ok: false };
    }
    stored.push(path);
  }
  return { ok: true, paths: stored };
}

export async function removeObjects(supabase: SupabaseClient, bucket: Bucket, paths: readonly string[]) {
  if (paths.length === 0) return;
  const { error } = await supabase.storage.from(bucket).remove([...paths]);
  // Orphaned files cost storage, not correctness: the rows no longer point at them.
  if (error) console.error(`Could not remove ${paths.length} objects from ${bucket}: ${error.message}`);
}

export type SignedFile = { path: string; label: string; url: string | null };

/** Signed download links, valid for an hour; a file the caller may not read gets no link. */
export async function signedUrls(supabase: SupabaseClient, bucket: Bucket, paths: readonly string[], expiresIn = 3600): Promise<SignedFile[]> {
  if (paths.length === 0) return [];
  const { data, error } = await supabase.storage.from(bucket).createSignedUrls([...paths], expiresIn);
  if (error || !data) {
    console.error(`Could not sign ${paths.length} URLs in ${bucket}: ${error?.message ?? "no data"}`);
    return paths.map((path) => ({ path, label: attachmentLabel(path), url: null }));
  }
  const byPath = new Map(data.map((entry) => [entry.path, entry.error ? null : entry.signedUrl]));
  return paths.map((path) => ({ path, label: attachmentLabel(path), url: byPath.get(path) ?? null }));
}
