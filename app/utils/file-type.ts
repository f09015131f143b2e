/*
 * Upload types decided by content, never by the file name or the browser's Content-Type: both are
 * chosen by the sender, so a renamed executable would pass either check.
 */

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export const DOCUMENT_TYPES = {
  pdf: { mime: "application/pdf", extension: "pdf" },
  png: { mime: "image/png", extension: "png" },
  jpeg: { mime: "image/jpeg", extension: "jpg" },
} as const;

export type DocumentKind = keyof typeof DOCUMENT_TYPES;
export type DetectedFileType = { kind: DocumentKind; mime: (typeof DOCUMENT_TYPES)[DocumentKind]["mime"]; extension: string };

const SIGNATURES: ReadonlyArray<{ kind: DocumentKind; bytes: readonly number[] }> = [
  // "%PDF-"
  { kind: "pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  // The full eight-byte PNG signature, including the line-ending bytes that catch mangled transfers.
  { kind: "png", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: "jpeg", bytes: [0xff, 0xd8, 0xff] },
];

function startsWith(bytes: Uint8Array, signature: readonly number[]) {
  if (bytes.length < signature.length) return false;
  return signature.every((value, index) => bytes[index] === value);
}

/** The document type the bytes really are, or null when they are none of PDF, PNG or JPEG. */
export function detectFileType(bytes: Uint8Array): DetectedFileType | null {
  for (const signature of SIGNATURES) {
    if (startsWith(bytes, signature.bytes)) {
      const type = DOCUMENT_TYPES[signature.kind];
      return { kind: signature.kind, mime: type.mime, extension: type.extension };
    }
  }
  return null;
}

export type UploadCheck =
  | { ok: true; type: DetectedFileType }
  | { ok: false; reason: "empty" | "too_large" | "type_not_allowed" };

/** Whether an uploaded file may be stored: not empty, within the size limit, of an allowed type. */
export function checkDocumentUpload(
  bytes: Uint8Array,
  options: { maxBytes?: number; allowed?: readonly DocumentKind[] } = {},
): UploadCheck {
  const maxBytes = options.maxBytes ?? MAX_DOCUMENT_BYTES;
  const allowed = options.allowed ?? (Object.keys(DOCUMENT_TYPES) as DocumentKind[]);
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (bytes.length > maxBytes) return { ok: false, reason: "too_large" };
  const type = detectFileType(bytes);
  if (!type || !allowed.includes(type.kind)) return { ok: false, reason: "type_not_allowed" };
  return { ok: true, type };
}

/** A file name safe to show and to offer as a download name: no paths, no control characters. */
export function displayFileName(name: string, fallback = "document"): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // Removes control characters and characters that break Content-Disposition or shell use.
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "").trim().slice(0, 120);
  return cleaned === "" || cleaned === "." || cleaned === ".." ? fallback : cleaned;
}
