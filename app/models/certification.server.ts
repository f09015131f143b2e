import { randomUUID } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import { checkDocumentUpload, type DocumentKind } from "~/utils/file-type";
import { classifyPostgrestError, fail, ok, type Result } from "./result.server";
import { storageErrorCode, type UploadRefusal, type VerificationDecision } from "./sme.server";

/*
 * Certifications and their documents. Documents live in the private certificates bucket under
 * <sme organization>/<certification id>/<random>.<ext>; names never come from the uploader.
 * Storage policies (not this code) decide who may read and write them: the SME's admins write,
 * the SME, its cluster authority and contractors it shared them with read.
 */

export const CERTIFICATE_DOCUMENT_KINDS: readonly DocumentKind[] = ["pdf", "png", "jpeg"];
export const CERTIFICATE_BUCKET = "certificates";
/** Long enough to open the file, short enough that a copied link soon stops working. */
export const DOCUMENT_LINK_SECONDS = 120;

export type CertificationInput = {
  certification_type_code: string;
  certificate_number: string | null;
  issuer: string | null;
  scope_note: string | null;
  issued_on: string | null;
  expires_on: string | null;
};

export type UploadOutcome<T> = Result<T> | { ok: false; refusal: UploadRefusal };

async function storeDocument(
  supabase: SupabaseClient,
  { organizationId, certificationId, bytes }: { organizationId: string; certificationId: string; bytes: Uint8Array },
): Promise<UploadOutcome<string>> {
  const check = checkDocumentUpload(bytes, { allowed: CERTIFICATE_DOCUMENT_KINDS });
  if (!check.ok) return { ok: false, refusal: check.reason };
  const path = `${organizationId}/${certificationId}/${randomUUID()}.${check.type.extension}`;
  const { error } = await supabase.storage.from(CERTIFICATE_BUCKET).upload(path, bytes, { contentType: check.type.mime, upsert: false });
  if (error) return fail(storageErrorCode(error), error.message);
  return ok(path);
}

/**
 * A new certification, with its document when one is given. The file is stored first and the row
 * written after: if the row is refused the file is removed again, so neither a row pointing at a
 * missing file nor a half-saved certification can remain.
 */
export async function addCertification(
  supabase: SupabaseClient,
  { organizationId, input, document }: { organizationId: string; input: CertificationInput; document?: Uint8Array | null },
): Promise<UploadOutcome<string>> {
  const certificationId = randomUUID();
  let documentPath: string | null = null;
  if (document) {
    const stored = await storeDocument(supabase, { organizationId, certificationId, bytes: document });
    if (!stored.ok) return stored;
    documentPath = stored.value;
  }
  const { error } = await supabase
    .from("sme_certifications")
    .insert({ ...input, id: certificationId, organization_id: organizationId, document_path: documentPath });
  if (error) {
    if (documentPath) await supabase.storage.from(CERTIFICATE_BUCKET).remove([documentPath]);
    return { ok: false, error: classifyPostgrestError(error) };
  }
  return ok(certificationId);
}

export async function updateCertification(
  supabase: SupabaseClient,
  { organizationId, certificationId, input }: { organizationId: string; certificationId: string; input: CertificationInput },
): Promise<Result<null>> {
  const { data, error } = await supabase
    .from("sme_certifications")
    .update(input)
    .eq("id", certificationId)
    .eq("organization_id", organizationId)
    .select("id");
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  return data && data.length > 0 ? ok(null) : fail("not_found");
}

/** A new document for an existing certification; a verified one goes back to pending review. */
export async function replaceCertificationDocument(
  supabase: SupabaseClient,
  { organizationId, certificationId, bytes }: { organizationId: string; certificationId: string; bytes: Uint8Array },
): Promise<UploadOutcome<string>> {
  const current = await supabase
    .from("sme_certifications")
    .select("document_path")
    .eq("id", certificationId)
    .eq("organization_id", organizationId)
    .maybeSingle();
  if (current.error) return { ok: false, error: classifyPostgrestError(current.error) };
  if (!current.data) return fail("not_found");
  const stored = await storeDocument(supabase, { organizationId, certificationId, bytes });
  if (!stored.ok) return stored;
  const { data, error } = await supabase
    .from("sme_certifications")
    .update({ document_path: stored.value })
    .eq("id", certificationId)
    .eq("organization_id", organizationId)
    .select("id");
  if (error || !data || data.length === 0) {
    await supabase.storage.from(CERTIFICATE_BUCKET).remove([stored.value]);
    return error ? { ok: false, error: classifyPostgrestError(error) } : fail("forbidden");
  }
  const previous = (current.data as { document_path: string | null }).document_path;
  if (previous) await supabase.storage.from(CERTIFICATE_BUCKET).remove([previous]);
  return ok(stored.value);
}

export async function removeCertification(
  supabase: SupabaseClient,
  { organizationId, certificationId }: { organizationId: string; certificationId: string },
): Promise<Result<null>> {
  const { data, error } = await supabase
    .from("sme_certifications")
    .delete()
    .eq("id", certificationId)
    .eq("organization_id", organizationId)
    .select("document_path");
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  if (!data || data.length === 0) return fail("not_found");
  const path = (data[0] as { document_path: string | null }).document_path;
  // The row is gone; a file that fails to delete here is unreachable and harmless.
  if (path) await supabase.storage.from(CERTIFICATE_BUCKET).remove([path]);
  return ok(null);
}

/** The cluster authority's decision on one certification. Who and when are stamped, and audited, by the database. */
export async function decideCertification(
  supabase: SupabaseClient,
  { certificationId, decision, reason }: { certificationId: string; decision: VerificationDecision; reason: string | null },
): Promise<Result<{ organization_id: string; verified_by: string | null; verified_at: string | null }>> {
  const { data, error } = await supabase
    .from("sme_certifications")
    .update({ verification_status: decision, rejection_reason: decision === "rejected" ? reason : null })
    .eq("id", certificationId)
    .select("organization_id, verified_by, verified_at");
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  const row = data?.[0] as { organization_id: string; verified_by: string | null; verified_at: string | null } | undefined;
  return row ? ok(row) : fail("not_found");
}

/** An SME asks for a certification to be reviewed again after a rejection or a change. */
export async function requestCertificationReview(
  supabase: SupabaseClient,
  { organizationId, certificationId }: { organizationId: string; certificationId: string },
): Promise<Result<null>> {
  const { data, error } = await supabase
    .from("sme_certifications")
    .update({ verification_status: "pending" })
    .eq("id", certificationId)
    .eq("organization_id", organizationId)
    .select("id");
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  return data && data.length > 0 ? ok(null) : fail("not_found");
}

/** A short-lived link to a certificate document, if the caller may read it. */
export async function certificationDocumentLink(
  supabase: SupabaseClient,
  { certificationId, download }: { certificationId: string; download?: boolean },
): Promise<Result<string>> {
  const row = await supabase.from("sme_certifications").select("document_path").eq("id", certificationId).maybeSingle();
  if (row.error) return { ok: false, error: classifyPostgrestError(row.error) };
  const path = (row.data as { document_path: string | null } | null)?.document_path;
  if (!path) return fail("not_found");
  const { data, error } = await supabase.storage
    .from(CERTIFICATE_BUCKET)
    .createSignedUrl(path, DOCUMENT_LINK_SECONDS, download ? { download: true } : undefined);
  if (error || !data?.signedUrl) return fail(error ? storageErrorCode(error) === "invalid" ? "not_found" : storageErrorCode(error) : "not_found");
  return ok(data.signedUrl);
}
