/*
 * Evidence files live in the private offset-evidence bucket as
 *   <contractor organization id>/<transaction id>/<stored name>
 * Storage keys allow only a small ASCII set, but people name files in Korean ("계약서.pdf"), so
 * the stored name is the upload time (base 36, which also keeps names unique) and the display
 * name in base64url: reversible, no metadata table to keep in step with the bucket.
 */

export const EVIDENCE_BUCKET = "offset-evidence";

/** Longest display name kept, in UTF-8 bytes: its base64url stays well inside a 255-byte key segment. */
const MAX_NAME_BYTES = 160;

function truncateUtf8(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  const dot = text.lastIndexOf(".");
  const extension = dot > 0 && text.length - dot <= 10 ? text.slice(dot) : "";
  let stem = extension ? text.slice(0, dot) : text;
  while (stem.length > 0 && encoder.encode(stem + extension).length > maxBytes) stem = [...stem].slice(0, -1).join("");
  return stem + extension;
}

export function encodeEvidenceName(displayName: string, uploadedAt: Date = new Date(), uniquifier = 0): string {
  const name = truncateUtf8(displayName, MAX_NAME_BYTES);
  const stamp = (uploadedAt.getTime() * 100 + (uniquifier % 100)).toString(36);
  return `${stamp}-${Buffer.from(name, "utf8").toString("base64url")}`;
}

/** The display name of a stored object name, or the stored name itself when it is not one of ours. */
export function decodeEvidenceName(storedName: string): string {
  const match = /^[0-9a-z]+-([A-Za-z0-9_-]+)$/.exec(storedName);
  if (!match) return storedName;
  const decoded = Buffer.from(match[1]!, "base64url").toString("utf8");
  // A name that does not round-trip was not produced by encodeEvidenceName.
  return Buffer.from(decoded, "utf8").toString("base64url") === match[1] && decoded.length > 0 ? decoded : storedName;
}

export function evidenceFolder(contractorOrganizationId: string, transactionId: string): string {
  return `${contractorOrganizationId}/${transactionId}`;
}

export function evidencePath(contractorOrganizationId: string, transactionId: string, storedName: string): string {
  return `${evidenceFolder(contractorOrganizationId, transactionId)}/${storedName}`;
}

/** A stored name as it may appear in a URL segment: what encodeEvidenceName produces, nothing else. */
export function isStoredEvidenceName(value: string): boolean {
  return /^[0-9a-z]{1,16}-[A-Za-z0-9_-]{1,240}$/.test(value);
}
