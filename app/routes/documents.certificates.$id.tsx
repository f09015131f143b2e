import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { certificationDocumentLink } from "~/models/certification.server";
import { isUuid } from "~/models/sme.server";
import { HTTP_STATUS } from "~/models/result.server";
import { requireUser } from "~/utils/supabase.server";

/*
 * Opens a certificate document: a redirect to a signed link that expires within minutes, created
 * with the viewer's own client, so the storage policies decide (the SME, its cluster authority and
 * contractors it shared the certificate with). Everyone else gets a 404, not a hint that it exists.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const id = params.id ?? "";
  if (!isUuid(id)) throw json(null, { status: 404, headers });
  const download = new URL(request.url).searchParams.get("download") === "1";
  const link = await certificationDocumentLink(supabase, { certificationId: id, download });
  if (!link.ok) {
    const status = link.error.code === "forbidden" ? 404 : HTTP_STATUS[link.error.code];
    throw json(null, { status, headers });
  }
  headers.set("Cache-Control", "private, no-store");
  headers.set("Referrer-Policy", "no-referrer");
  return redirect(link.value, { headers });
}
