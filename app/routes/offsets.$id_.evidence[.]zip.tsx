import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadEvidence, getAgreement, listCategories, listEvidenceFor, listLedger, listTransactions, orThrow } from "~/models/offsets.server";
import { offsetsContext } from "~/offsets/context.server";
import { buildEvidencePack, type EvidenceFileContent } from "~/offsets/evidence-pack.server";
import { idSchema } from "~/offsets/schemas";

/*
 * The evidence pack of an agreement as one ZIP (see evidence-pack.server.ts). Everything in it is
 * read with the caller's rights: a reviewer's pack holds what the reviewer may see (submitted
 * transactions and their files), the contractor's holds everything of the agreement.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await offsetsContext(request);
  const id = idSchema.safeParse({ id: params.id });
  if (!id.success) throw new Response("Not found", { status: 404, headers });
  const agreement = orThrow(await getAgreement(supabase, { id: id.data.id }));
  if (!agreement) throw new Response("Not found", { status: 404, headers });

  const [categories, transactions, ledger] = await Promise.all([
    listCategories(supabase, { agreementId: agreement.id }).then(orThrow),
    listTransactions(supabase, { agreementId: agreement.id }).then(orThrow),
    listLedger(supabase, { agreementId: agreement.id }).then(orThrow),
  ]);
  const evidence = orThrow(await listEvidenceFor(supabase, transactions));
  const files: EvidenceFileContent[] = [];
  for (const transaction of transactions) {
    for (const file of evidence[transaction.id] ?? []) {
      const download = orThrow(await downloadEvidence(supabase, { path: file.path }));
      files.push({ transactionId: transaction.id, displayName: file.displayName, bytes: new Uint8Array(await download.arrayBuffer()) });
    }
  }

  const generatedAt = new Date();
  const zip = await buildEvidencePack({ generatedAt, agreement, categories, transactions, ledger, files });
  const slug = agreement.program.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "agreement";
  headers.set("Content-Type", "application/zip");
  headers.set("Content-Disposition", `attachment; filename="offset-evidence-${slug}-${generatedAt.toISOString().slice(0, 10)}.zip"`);
  headers.set("Content-Length", String(zip.byteLength));
  headers.set("Cache-Control", "private, no-store");
  return new Response(zip as Uint8Array<ArrayBuffer>, { status: 200, headers });
}
