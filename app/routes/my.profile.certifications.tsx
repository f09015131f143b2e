import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field } from "~/components/form";
import { useEditorData } from "~/components/supplier/editor-data";
import { FileField, SelectField, TextAreaField } from "~/components/supplier/fields";
import { formatDay } from "~/components/supplier/format";
import { ExpiryBadge, VerificationBadge } from "~/components/supplier/SupplierProfile";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import {
  addCertification,
  removeCertification,
  replaceCertificationDocument,
  requestCertificationReview,
  updateCertification,
} from "~/models/certification.server";
import { isUuid, type Certification } from "~/models/sme.server";
import { byCode, loadTaxonomies } from "~/models/taxonomy.server";
import { errorsFor, shown, type ActionResult } from "~/suppliers/action-result";
import { expiryOf } from "~/suppliers/expiry";
import { fieldErrorsOf } from "~/suppliers/field-errors";
import { certificationSchema, formObject, LIMITS } from "~/suppliers/forms";
import { echo, modelFailure, refuse, requireSmeEditor, succeed, uploadRefusalMessage } from "~/suppliers/route-helpers.server";
import { MAX_DOCUMENT_BYTES } from "~/utils/file-type";
import { MalformedFormError, readFormWithFile } from "~/utils/multipart.server";
import { requireUser } from "~/utils/supabase.server";

const MEGABYTES = MAX_DOCUMENT_BYTES / 1024 / 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const taxonomies = await loadTaxonomies(supabase);
  return json(
    {
      types: taxonomies.certificationTypes.map((type) => ({ code: type.code, label_en: type.label_en, label_ko: type.label_ko, expires: type.expires })),
    },
    { headers },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, membership } = await requireSmeEditor(request);
  const { t } = getServerT(request);
  const organizationId = membership.organization_id;
  let formData: FormData;
  let file: Awaited<ReturnType<typeof readFormWithFile>>["file"];
  try {
    ({ formData, file } = await readFormWithFile(request, { fileField: "document", maxBytes: MAX_DOCUMENT_BYTES }));
  } catch (error) {
    if (error instanceof MalformedFormError) return refuse(400, headers, { intent: "unknown", formError: t("supplier_form.error.invalid") });
    throw error;
  }
  const intent = String(formData.get("intent") ?? "");
  const itemId = formData.get("certification_id") ? String(formData.get("certification_id")) : null;
  const values = echo(formData);
  if (itemId !== null && !isUuid(itemId)) return refuse(400, headers, { intent, values, formError: t("supplier_form.error.invalid") });
  const fileRefused = (refusal: "empty" | "too_large" | "type_not_allowed") =>
    refuse(refusal === "too_large" ? 413 : refusal === "type_not_allowed" ? 415 : 400, headers, {
      intent,
      itemId,
      values,
      fieldErrors: { document: uploadRefusalMessage(t, refusal, MEGABYTES) },
      formError: t("form.error_summary"),
    });

  if (intent === "add_certification" || intent === "update_certification") {
    const parsed = certificationSchema.safeParse(formObject(formData));
    if (!parsed.success) return refuse(400, headers, { intent, itemId, values, fieldErrors: fieldErrorsOf(parsed.error, t), formError: t("form.error_summary") });
    const types = byCode((await loadTaxonomies(supabase)).certificationTypes);
    if (!types.has(parsed.data.certification_type_code)) {
      return refuse(400, headers, { intent, itemId, values, fieldErrors: { certification_type_code: t("supplier_form.choose") }, formError: t("form.error_summary") });
    }
    if (intent === "update_certification") {
      const result = await updateCertification(supabase, { organizationId, certificationId: itemId!, input: parsed.data });
      if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, itemId, values, formError: modelFailure(t, result.error).message });
      return succeed(headers, { intent, itemId, notice: t("profile.saved") });
    }
    if (file?.tooLarge) return fileRefused("too_large");
    const result = await addCertification(supabase, { organizationId, input: parsed.data, document: file?.bytes ?? null });
    if (!result.ok) {
      if ("refusal" in result) return fileRefused(result.refusal);
      return refuse(modelFailure(t, result.error).status, headers, { intent, values, formError: modelFailure(t, result.error).message });
    }
    return succeed(headers, { intent, itemId: result.value, notice: t("profile.certs.added") });
  }

  if (intent === "replace_document") {
    if (!itemId) return refuse(400, headers, { intent, formError: t("supplier_form.error.invalid") });
    if (!file) return refuse(400, headers, { intent, itemId, fieldErrors: { document: t("supplier_form.upload.required") } });
    if (file.tooLarge) return fileRefused("too_large");
    const result = await replaceCertificationDocument(supabase, { organizationId, certificationId: itemId, bytes: file.bytes });
    if (!result.ok) {
      if ("refusal" in result) return fileRefused(result.refusal);
      return refuse(modelFailure(t, result.error).status, headers, { intent, itemId, formError: modelFailure(t, result.error).message });
    }
    return succeed(headers, { intent, itemId, notice: t("profile.certs.document_saved") });
  }

  if (intent === "remove_certification" || intent === "request_review") {
    if (!itemId) return refuse(400, headers, { intent, formError: t("supplier_form.error.invalid") });
    const result =
      intent === "remove_certification"
        ? await removeCertification(supabase, { organizationId, certificationId: itemId })
        : await requestCertificationReview(supabase, { organizationId, certificationId: itemId });
    if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, itemId, formError: modelFailure(t, result.error).message });
    return succeed(headers, { intent, notice: t(intent === "remove_certification" ? "profile.removed" : "profile.certs.review_requested") });
  }

  return refuse(400, headers, { intent, values, formError: t("supplier_form.error.unknown_action") });
}

type TypeOption = { code: string; label_en: string; label_ko: string; expires: boolean };

function CertificationForm({ certification, result, types }: { certification: Certification | null; result: ActionResult | undefined; types: TypeOption[] }) {
  const t = useT();
  const locale = useLocale();
  const intent = certification ? "update_certification" : "add_certification";
  const itemId = certification?.id ?? null;
  const errors = errorsFor(result, intent, itemId);
  const value = (field: string, stored: string | null | undefined) => shown(result, intent, itemId, field, stored);
  return (
    <Form method="post" encType={certification ? undefined : "multipart/form-data"} className="form" noValidate preventScrollReset>
      {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
      <input type="hidden" name="intent" value={intent} />
      {certification ? <input type="hidden" name="certification_id" value={certification.id} /> : null}
      <div className="form-grid">
        <SelectField
          name="certification_type_code"
          label={t("profile.certs.type")}
          required
          placeholder={t("profile.certs.choose_type")}
          options={types.map((type) => ({ value: type.code, label: locale === "ko" ? type.label_ko : type.label_en }))}
          defaultValue={value("certification_type_code", certification?.certification_type_code)}
          error={errors.certification_type_code}
        />
        <Field name="certificate_number" label={t("profile.certs.number")} maxLength={LIMITS.certificateNumber} defaultValue={value("certificate_number", certification?.certificate_number)} error={errors.certificate_number} />
        <Field name="issuer" label={t("profile.certs.issuer")} maxLength={LIMITS.issuer} defaultValue={value("issuer", certification?.issuer)} error={errors.issuer} />
        <Field name="issued_on" type="date" label={t("profile.certs.issued_on")} defaultValue={value("issued_on", certification?.issued_on)} error={errors.issued_on} />
        <Field name="expires_on" type="date" label={t("profile.certs.expires_on")} hint={t("profile.certs.expires_hint")} defaultValue={value("expires_on", certification?.expires_on)} error={errors.expires_on} />
        <TextAreaField className="span-all" name="scope_note" label={t("profile.certs.scope")} rows={2} maxLength={LIMITS.scope} defaultValue={value("scope_note", certification?.scope_note)} error={errors.scope_note} />
        {certification ? null : (
          <FileField
            className="span-all"
            name="document"
            label={t("profile.certs.document")}
            hint={t("profile.certs.document_hint", { megabytes: MEGABYTES })}
            accept="application/pdf,image/png,image/jpeg"
            error={errors.document}
          />
        )}
      </div>
      <Button pendingLabel={t("form.submitting")}>{certification ? t("profile.certs.save") : t("profile.certs.add")}</Button>
    </Form>
  );
}

export default function ProfileCertifications() {
  const t = useT();
  const locale = useLocale();
  const { supplier, membership, today } = useEditorData();
  const { types } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const canEdit = membership.canEdit;
  const typeLabel = (code: string) => supplier.labels.certificationTypes[code]?.[locale] ?? code;
  const expiring = supplier.certifications.filter((c) => ["expiring", "expired"].includes(expiryOf(c.expires_on, today).state));
  return (
    <div className="editor-stack">
      {result?.ok && result.notice ? <Alert tone="success">{result.notice}</Alert> : null}
      {expiring.length > 0 ? <Alert tone="warning">{t("profile.certs.attention", { count: expiring.length })}</Alert> : null}
      <section className="panel" aria-labelledby="certs-title">
        <h2 id="certs-title">{t("profile.certs.title")}</h2>
        <p className="muted">{t("profile.certs.lead")}</p>
        {supplier.certifications.length === 0 ? <p className="muted">{t("profile.certs.empty")}</p> : null}
        <ul className="item-list">
          {supplier.certifications.map((certification) => {
            const label = typeLabel(certification.certification_type_code);
            const failedHere = result && !result.ok && result.itemId === certification.id;
            const documentErrors = errorsFor(result, "replace_document", certification.id);
            return (
              <li key={certification.id} className="item-card">
                <h3 className="item-card__title">
                  {label}
                  {certification.certificate_number ? <span className="muted"> · {certification.certificate_number}</span> : null}
                </h3>
                <div className="inline-actions">
                  <ExpiryBadge certification={certification} today={today} />
                  <VerificationBadge certification={certification} verifiers={supplier.verifiers} />
                </div>
                {certification.verification_status === "rejected" && certification.rejection_reason ? (
                  <p className="item-card__meta">{t("profile.certs.rejected_reason", { reason: certification.rejection_reason })}</p>
                ) : null}
                <p className="item-card__meta">
                  {[certification.issuer, certification.issued_on ? t("profile.certs.issued", { date: formatDay(certification.issued_on, locale) }) : null].filter(Boolean).join(" · ")}
                </p>
                <p>
                  {certification.document_path ? (
                    <a href={`/documents/certificates/${certification.id}`} target="_blank" rel="noopener">
                      {t("profile.certs.view_document", { type: label })}
                    </a>
                  ) : (
                    <span className="muted">{t("profile.certs.no_document")}</span>
                  )}
                </p>
                {failedHere && ["remove_certification", "request_review"].includes(result.intent) ? <Alert tone="error">{result.formError}</Alert> : null}
                {canEdit ? (
                  <>
                    <details open={(failedHere && result.intent === "update_certification") || undefined}>
                      <summary>{t("profile.certs.edit", { type: label })}</summary>
                      <p className="field__hint">{t("profile.certs.edit_hint")}</p>
                      <CertificationForm certification={certification} result={result} types={types} />
                    </details>
                    <details open={(failedHere && result.intent === "replace_document") || undefined}>
                      <summary>{certification.document_path ? t("profile.certs.replace_document", { type: label }) : t("profile.certs.upload_document", { type: label })}</summary>
                      <Form method="post" encType="multipart/form-data" className="form" noValidate preventScrollReset>
                        {documentErrors.form ? <Alert tone="error">{documentErrors.form}</Alert> : null}
                        <input type="hidden" name="intent" value="replace_document" />
                        <input type="hidden" name="certification_id" value={certification.id} />
                        <FileField
                          name="document"
                          label={t("profile.certs.document")}
                          hint={t("profile.certs.document_hint", { megabytes: MEGABYTES })}
                          accept="application/pdf,image/png,image/jpeg"
                          required
                          error={documentErrors.document}
                        />
                        <Button variant="secondary" pendingLabel={t("form.submitting")}>
                          {t("profile.certs.upload")}
                        </Button>
                      </Form>
                    </details>
                    <div className="inline-actions">
                      {certification.verification_status === "rejected" || certification.verification_status === "unverified" ? (
                        <Form method="post" preventScrollReset>
                          <input type="hidden" name="intent" value="request_review" />
                          <input type="hidden" name="certification_id" value={certification.id} />
                          <Button variant="secondary">{t("profile.certs.request_review", { type: label })}</Button>
                        </Form>
                      ) : null}
                      <Form method="post" preventScrollReset>
                        <input type="hidden" name="intent" value="remove_certification" />
                        <input type="hidden" name="certification_id" value={certification.id} />
                        <Button variant="quiet">{t("profile.certs.remove", { type: label })}</Button>
                      </Form>
                    </div>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>
      {canEdit ? (
        <section className="panel" aria-labelledby="add-cert-title">
          <h2 id="add-cert-title">{t("profile.certs.add_title")}</h2>
          <CertificationForm key={supplier.certifications.length} certification={null} result={result} types={types} />
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "profile.certs.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
