import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";

/*
 * Reads a form that may carry one file, without trusting its size: the file is collected up to the
 * limit and the rest is drained and dropped, so an oversized upload becomes a field error (with
 * the other fields intact for re-display) instead of an exception or a full buffer in memory.
 */

export type UploadedFile = { name: string; bytes: Uint8Array; tooLarge: boolean };
export type FormWithFile = { formData: FormData; file: UploadedFile | null };

const MAX_TEXT_FIELD_BYTES = 64 * 1024;

export class MalformedFormError extends Error {}

export function isMultipart(request: Request) {
  return (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

export async function readFormWithFile(request: Request, { fileField, maxBytes }: { fileField: string; maxBytes: number }): Promise<FormWithFile> {
  if (!isMultipart(request)) {
    try {
      return { formData: await request.formData(), file: null };
    } catch (error) {
      throw new MalformedFormError(error instanceof Error ? error.message : String(error));
    }
  }
  let file: UploadedFile | null = null;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (typeof filename === "string") {
      const chunks: Uint8Array[] = [];
      let size = 0;
      let tooLarge = false;
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (size > maxBytes) tooLarge = true;
        else chunks.push(chunk);
      }
      // Browsers send an empty part when no file was chosen.
      if (name === fileField && (filename !== "" || size > 0)) {
        file = { name: filename, bytes: tooLarge ? new Uint8Array(0) : concat(chunks, size), tooLarge };
      }
      return undefined;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > MAX_TEXT_FIELD_BYTES) throw new MalformedFormError(`Field ${name} is too large`);
      chunks.push(chunk);
    }
    return new TextDecoder().decode(concat(chunks, size));
  };
  try {
    const formData = await unstable_parseMultipartFormData(request, handler);
    return { formData, file };
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
