import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadEvidence, getTransaction } from "~/models/offsets.server";
import { decodeEvidenceName, evidencePath, isStoredEvidenceName } from "~/offsets/evidence-names.server";
import { idSchema } from "~/offsets/schemas";
import { detectFileType } from "~/utils/file-type";
import { requireUser } from "~/utils/supabase.server";

/*
 * Downloads one evidence file. Storage's row-level security decides (the contractor's members,
 * and the reviewer once the transaction is submitted); this route only builds the path from the
 * transaction the caller can see, so a guessed path leads nowhere.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const id = idSchema.safeParse({ id: params.transactionId });
  const file = params.file ?? "";
  if (!id.success || !isStoredEvidenceName(file)) throw new Response("Not found", { status: 404, headers });
  const transaction = await getTransaction(supabase, { id: id.data.id });
  if (!transaction.ok) throw new Response("Unavailable", { status: transaction.error.status, headers });
  if (!transaction.data) throw new Response("Not found", { status: 404, headers });
  const download = await downloadEvidence(supabase, { path: evidencePath(transaction.data.contractor_organization_id, id.data.id, file) });
  if (!download.ok) throw new Response("Not found", { status: download.error.status, headers });
  const bytes = new Uint8Array(await download.data.arrayBuffer());
  const type = detectFileType(bytes);
  const name = decodeEvidenceName(file);
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  headers.set("Content-Type", type?.mime ?? "application/octet-stream");
  headers.set("Content-Disposition", `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`);
  headers.set("Content-Length", String(bytes.byteLength));
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Cache-Control", "private, no-store");
  return new Response(bytes, { status: 200, headers });
}
