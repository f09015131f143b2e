/*
 * Reads a form that may carry several files without trusting their size or number: each file is
 * collected up to the per-file limit and the rest drained, so an oversized or surplus upload
 * becomes a field error with every other field kept for re-display, never an exception or an
 * unbounded buffer. Text fields are capped as well.
 */
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { MAX_DOCUMENT_BYTES } from "~/utils/file-type";

export type ReceivedFile = { field: string; name: string; bytes: Uint8Array; tooLarge: boolean };
export type ReceivedForm = { formData: FormData; files: ReceivedFile[]; tooManyFiles: boolean };

const MAX_TEXT_FIELD_BYTES = 64 * 1024;
export const MAX_FILES_PER_REQUEST = 20;

export class MalformedFormError extends Error {}

export async function readMultipartForm(request: Request, options: { maxBytes?: number; maxFiles?: number } = {}): Promise<ReceivedForm> {
  const maxBytes = options.maxBytes ?? MAX_DOCUMENT_BYTES;
  const maxFiles = options.maxFiles ?? MAX_FILES_PER_REQUEST;
  const contentType = (request.headers.get("Content-Type") ?? "").toLowerCase();
  if (!contentType.startsWith("multipart/form-data")) {
    try {
      return { formData: await request.formData(), files: [], tooManyFiles: false };
    } catch (error) {
      throw new MalformedFormError(error instanceof Error ? error.message : String(error));
    }
  }
  const files: ReceivedFile[] = [];
  let tooManyFiles = false;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let tooLarge = false;
    const limit = typeof filename === "string" ? maxBytes : MAX_TEXT_FIELD_BYTES;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    }
    if (typeof filename === "string") {
      // Browsers send an empty part when no file was chosen.
      if (filename === "" && size === 0) return undefined;
      if (files.length >= maxFiles) tooManyFiles = true;
      else files.push({ field: name, name: filename, bytes: tooLarge ? new Uint8Array(0) : concat(chunks, size), tooLarge });
      return undefined;
    }
    if (tooLarge) throw new MalformedFormError(`Field ${name} is too large`);
    return new TextDecoder().decode(concat(chunks, size));
  };
  try {
    const formData = await unstable_parseMultipartFormData(request, handler);
    return { formData, files, tooManyFiles };
  } catch (error) {
    if (error instanceof MalformedFormError) throw error;
    throw new MalformedFormError(error instanceof Error ? error.message : String(error));
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
