import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field } from "~/components/form";
import { useEditorData } from "~/components/supplier/editor-data";
import { CheckboxField, FileField, SelectField, TextAreaField } from "~/components/supplier/fields";
import { formatDay, localized } from "~/components/supplier/format";
import { ExpiryBadge } from "~/components/supplier/SupplierProfile";
import type { MessageKey } from "~/i18n";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { recordAudit } from "~/models/cluster-members.server";
import {
  acceptClusterInvitation,
  declineClusterInvitation,
  getSupplierProfile,
  isUuid,
  leaveCluster,
  listIncomingClusterInvitations,
  removeBrochure,
  replaceBrochure,
  requestProfileVerification,
  saveSmeDetails,
  setPublished,
} from "~/models/sme.server";
import { errorsFor, shown, type ActionResult } from "~/suppliers/action-result";
import { COMPLETENESS_ITEMS, publishBlockers, type CompletenessSection } from "~/suppliers/completeness";
import { expiryWarnings } from "~/suppliers/expiry";
import { fieldErrorsOf } from "~/suppliers/field-errors";
import { detailsSchema, formObject, LIMITS, REVENUE_BANDS } from "~/suppliers/forms";
import { echo, modelFailure, refuse, requireSmeEditor, succeed, uploadRefusalMessage } from "~/suppliers/route-helpers.server";
import { MAX_DOCUMENT_BYTES } from "~/utils/file-type";
import { MalformedFormError, readFormWithFile } from "~/utils/multipart.server";
import { requireUser } from "~/utils/supabase.server";

const SECTION_LINKS: Record<CompletenessSection, string> = {
  details: "#details",
  capabilities: "/my/profile/capabilities",
  certifications: "/my/profile/certifications",
  sites: "/my/profile/sites",
  equipment: "/my/profile/equipment",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, supabase, headers } = await requireUser(request);
  const invitations = user.email ? await listIncomingClusterInvitations(supabase, { email: user.email }) : [];
  return json({ invitations }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, membership } = await requireSmeEditor(request);
  const { t } = getServerT(request);
  const organizationId = membership.organization_id;
  let formData: FormData;
  let file: Awaited<ReturnType<typeof readFormWithFile>>["file"];
  try {
    ({ formData, file } = await readFormWithFile(request, { fileField: "brochure", maxBytes: MAX_DOCUMENT_BYTES }));
  } catch (error) {
    if (error instanceof MalformedFormError) return refuse(400, headers, { intent: "unknown", formError: t("supplier_form.error.invalid") });
    throw error;
  }
  const intent = String(formData.get("intent") ?? "");
  const values = echo(formData);

  if (intent === "save_details") {
    const parsed = detailsSchema.safeParse(formObject(formData));
    if (!parsed.success) return refuse(400, headers, { intent, values, fieldErrors: fieldErrorsOf(parsed.error, t), formError: t("form.error_summary") });
    const result = await saveSmeDetails(supabase, { organizationId, details: parsed.data });
    if (!result.ok) {
      const problem = modelFailure(t, result.error);
      return refuse(problem.status, headers, { intent, values, formError: problem.message });
    }
    return succeed(headers, { intent, notice: t("profile.details.saved") });
  }

  if (intent === "publish" || intent === "unpublish") {
    if (intent === "publish") {
      const supplier = await getSupplierProfile(supabase, { organizationId });
      const blockers = supplier
        ? publishBlockers({
            description_en: supplier.profile.description_en,
            description_ko: supplier.profile.description_ko,
            capability_count: supplier.capabilities.length,
            site_count: supplier.sites.length,
          })
        : [];
      if (blockers.length > 0) {
        return refuse(409, headers, {
          intent,
          formError: t("profile.publish.blocked", { missing: blockers.map((blocker) => t(`profile.publish.needs.${blocker}`)).join(", ") }),
        });
      }
    }
    const result = await setPublished(supabase, { organizationId, published: intent === "publish" });
    if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, formError: modelFailure(t, result.error).message });
    return succeed(headers, { intent, notice: t(intent === "publish" ? "profile.publish.done" : "profile.unpublish.done") });
  }

  if (intent === "request_verification") {
    const result = await requestProfileVerification(supabase, { organizationId });
    if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, formError: modelFailure(t, result.error).message });
    return succeed(headers, { intent, notice: t("profile.verification.requested") });
  }

  if (intent === "accept_invitation" || intent === "decline_invitation") {
    const invitationId = String(formData.get("invitation_id") ?? "");
    if (!isUuid(invitationId)) return refuse(400, headers, { intent, formError: t("supplier_form.error.invalid") });
    const result =
      intent === "accept_invitation"
        ? await acceptClusterInvitation(supabase, { invitationId, organizationId })
        : await declineClusterInvitation(supabase, { invitationId });
    if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, itemId: invitationId, formError: modelFailure(t, result.error).message });
    return succeed(headers, { intent, itemId: invitationId, notice: t(intent === "accept_invitation" ? "profile.cluster.joined" : "profile.cluster.declined") });
  }

  if (intent === "leave_cluster") {
    const before = await getSupplierProfile(supabase, { organizationId });
    const result = await leaveCluster(supabase, { organizationId });
    if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, formError: modelFailure(t, result.error).message });
    if (before?.cluster) {
      await recordAudit(supabase, {
        organizationId,
        actorOrganizationId: organizationId,
        action: "cluster.left",
        entityType: "clusters",
        entityId: before.cluster.id,
      });
    }
    return succeed(headers, { intent, notice: t("profile.cluster.left") });
  }

  if (intent === "upload_brochure") {
    if (!file) return refuse(400, headers, { intent, fieldErrors: { brochure: t("supplier_form.upload.required") } });
    if (file.tooLarge) return refuse(413, headers, { intent, fieldErrors: { brochure: uploadRefusalMessage(t, "too_large", MAX_DOCUMENT_BYTES / 1024 / 1024) } });
    const result = await replaceBrochure(supabase, { organizationId, bytes: file.bytes });
    if (!result.ok) {
      if ("refusal" in result) {
        return refuse(result.refusal === "too_large" ? 413 : 415, headers, { intent, fieldErrors: { brochure: uploadRefusalMessage(t, result.refusal, MAX_DOCUMENT_BYTES / 1024 / 1024) } });
      }
      return refuse(modelFailure(t, result.error).status, headers, { intent, formError: modelFailure(t, result.error).message });
    }
    return succeed(headers, { intent, notice: t("profile.brochure.saved") });
  }

  if (intent === "remove_brochure") {
    const result = await removeBrochure(supabase, { organizationId });
    if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, formError: modelFailure(t, result.error).message });
    return succeed(headers, { intent, notice: t("profile.brochure.removed") });
  }

  return refuse(400, headers, { intent, values, formError: t("supplier_form.error.unknown_action") });
}

export default function ProfileOverview() {
  const t = useT();
  const locale = useLocale();
  const { supplier, membership, completeness, today } = useEditorData();
  const { invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const canEdit = membership.canEdit;
  const { organization, profile } = supplier;
  const detailErrors = errorsFor(result, "save_details");
  const value = (field: string, stored: string | number | null | undefined) => shown(result, "save_details", null, field, stored);
  const checked = (field: string, stored: boolean) =>
    result && !result.ok && result.intent === "save_details" ? result.values[field] === "on" : stored;
  const warnings = expiryWarnings(supplier.certifications, today);
  const blockers = publishBlockers({
    description_en: profile.description_en,
    description_ko: profile.description_ko,
    capability_count: supplier.capabilities.length,
    site_count: supplier.sites.length,
  });
  const notice = result?.ok ? result.notice : null;
  const errorFor = (intent: string, itemId: string | null = null) => errorsFor(result, intent, itemId).form;

  return (
    <div className="editor-grid">
      <div className="editor-stack">
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        {warnings.length > 0 ? (
          <Alert tone="warning" title={t("profile.expiry.title")}>
            <ul className="plain-list">
              {warnings.map((warning) => (
                <li key={warning.id}>
                  {supplier.labels.certificationTypes[warning.certification_type_code]?.[locale] ?? warning.certification_type_code}
                  {": "}
                  <ExpiryBadge certification={warning} today={today} />
                </li>
              ))}
            </ul>
            <p>
              <Link to="/my/profile/certifications">{t("profile.expiry.update")}</Link>
            </p>
          </Alert>
        ) : null}

        <section className="panel" aria-labelledby="details" id="details-section">
          <h2 id="details">{t("profile.details.title")}</h2>
          {canEdit ? (
            <Form method="post" noValidate className="form">
              {detailErrors.form ? <Alert tone="error">{detailErrors.form}</Alert> : null}
              <input type="hidden" name="intent" value="save_details" />
              <div className="form-grid">
                <Field name="name_en" label={t("profile.field.name_en")} required maxLength={LIMITS.name} defaultValue={value("name_en", organization.name_en)} error={detailErrors.name_en} />
                <Field name="name_ko" label={t("profile.field.name_ko")} maxLength={LIMITS.name} lang="ko" defaultValue={value("name_ko", organization.name_ko)} error={detailErrors.name_ko} />
                <TextAreaField
                  className="span-all"
                  name="description_en"
                  label={t("profile.field.description_en")}
                  hint={t("profile.field.description_hint")}
                  maxLength={LIMITS.description}
                  lang="en"
                  defaultValue={value("description_en", profile.description_en)}
                  error={detailErrors.description_en}
                />
                <TextAreaField
                  className="span-all"
                  name="description_ko"
                  label={t("profile.field.description_ko")}
                  maxLength={LIMITS.description}
                  lang="ko"
                  defaultValue={value("description_ko", profile.description_ko)}
                  error={detailErrors.description_ko}
                />
                <Field name="employees" label={t("profile.field.employees")} inputMode="numeric" defaultValue={value("employees", profile.employees)} error={detailErrors.employees} />
                <Field name="founded_year" label={t("profile.field.founded_year")} inputMode="numeric" defaultValue={value("founded_year", profile.founded_year)} error={detailErrors.founded_year} />
                <SelectField
                  name="revenue_band"
                  label={t("profile.field.revenue_band")}
                  placeholder={t("profile.field.not_given")}
                  options={REVENUE_BANDS.map((band) => ({ value: band, label: t(`supplier.revenue.${band}`) }))}
                  defaultValue={value("revenue_band", profile.revenue_band)}
                  error={detailErrors.revenue_band}
                />
                <Field name="website" label={t("profile.field.website")} type="url" inputMode="url" defaultValue={value("website", organization.website)} error={detailErrors.website} />
                <Field name="contact_email" label={t("profile.field.contact_email")} type="email" defaultValue={value("contact_email", profile.contact_email)} error={detailErrors.contact_email} />
                <Field name="contact_phone" label={t("profile.field.contact_phone")} type="tel" defaultValue={value("contact_phone", profile.contact_phone)} error={detailErrors.contact_phone} />
                <CheckboxField name="defense_designated" label={t("profile.field.defense_designated")} defaultChecked={checked("defense_designated", profile.defense_designated)} />
                <CheckboxField name="security_assessment_passed" label={t("profile.field.security_assessment_passed")} defaultChecked={checked("security_assessment_passed", profile.security_assessment_passed)} />
                <CheckboxField name="export_experience" label={t("profile.field.export_experience")} defaultChecked={checked("export_experience", profile.export_experience)} />
                <Field
                  name="export_countries"
                  label={t("profile.field.export_countries")}
                  hint={t("profile.field.export_countries_hint")}
                  defaultValue={value("export_countries", profile.export_countries.join(", "))}
                  error={detailErrors.export_countries}
                />
                <TextAreaField
                  className="span-all"
                  name="capacity_note"
                  label={t("profile.field.capacity_note")}
                  hint={t("profile.field.capacity_hint")}
                  rows={3}
                  maxLength={LIMITS.capacity}
                  defaultValue={value("capacity_note", profile.capacity_note)}
                  error={detailErrors.capacity_note}
                />
              </div>
              <Button pendingLabel={t("form.submitting")}>{t("profile.details.save")}</Button>
            </Form>
          ) : (
            <p>{t("profile.read_only_details")}</p>
          )}
        </section>
      </div>

      <aside className="editor-stack" aria-label={t("profile.sidebar")}>
        <section className="panel completeness" aria-labelledby="completeness-title">
          <h2 id="completeness-title">{t("profile.completeness.title")}</h2>
          <p className="completeness__score">{t("profile.completeness.score", { score: completeness.score })}</p>
          <progress className="completeness__meter" max={100} value={completeness.score} aria-labelledby="completeness-title" />
          {completeness.missing.length === 0 ? (
            <p>{t("profile.completeness.complete")}</p>
          ) : (
            <>
              <p>{t("profile.completeness.missing_intro")}</p>
              <ul>
                {completeness.missing.map((item) => {
                  const section = COMPLETENESS_ITEMS.find((entry) => entry.key === item)!.section;
                  const href = SECTION_LINKS[section];
                  return (
                    <li key={item}>
                      {href.startsWith("#") ? <a href={href}>{t(`profile.missing.${item}` as MessageKey)}</a> : <Link to={href}>{t(`profile.missing.${item}` as MessageKey)}</Link>}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </section>

        <section className="panel" aria-labelledby="publish-title">
          <h2 id="publish-title">{t("profile.publish.title")}</h2>
          <p>{profile.published ? t("profile.publish.is_published", { date: formatDay(profile.published_at, locale) }) : t("profile.publish.is_draft")}</p>
          {errorFor("publish") ?? errorFor("unpublish") ? <Alert tone="error">{errorFor("publish") ?? errorFor("unpublish")}</Alert> : null}
          {canEdit ? (
            <Form method="post" className="inline-actions">
              <input type="hidden" name="intent" value={profile.published ? "unpublish" : "publish"} />
              <Button variant={profile.published ? "secondary" : "primary"} pendingLabel={t("form.submitting")}>
                {profile.published ? t("profile.unpublish") : t("profile.publish")}
              </Button>
              <Link to="/my/profile/preview">{t("profile.preview_link")}</Link>
            </Form>
          ) : null}
          {!profile.published && blockers.length > 0 ? (
            <p className="field__hint">{t("profile.publish.needs_intro", { missing: blockers.map((blocker) => t(`profile.publish.needs.${blocker}`)).join(", ") })}</p>
          ) : null}
          {profile.published ? (
            <p>
              <Link to={`/suppliers/${organization.id}`}>{t("profile.public_link")}</Link>
            </p>
          ) : null}
        </section>

        <section className="panel" aria-labelledby="cluster-title">
          <h2 id="cluster-title">{t("profile.cluster.title")}</h2>
          {supplier.cluster ? (
            <>
              <p>{t("profile.cluster.member_of", { cluster: localized(locale, supplier.cluster.name_en, supplier.cluster.name_ko) })}</p>
              <p>
                {t("profile.verification.current", { status: t(`profile.verification.${profile.verification_status}`) })}
                {profile.verification_status === "rejected" && profile.rejection_reason ? (
                  <>
                    {" "}
                    {t("profile.verification.reason", { reason: profile.rejection_reason })}
                  </>
                ) : null}
              </p>
              {errorFor("request_verification") ? <Alert tone="error">{errorFor("request_verification")}</Alert> : null}
              {canEdit && (profile.verification_status === "unverified" || profile.verification_status === "rejected") ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="request_verification" />
                  <Button variant="secondary" pendingLabel={t("form.submitting")}>
                    {t("profile.verification.request")}
                  </Button>
                </Form>
              ) : null}
              {canEdit ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="leave_cluster" />
                  <Button variant="quiet" pendingLabel={t("form.submitting")}>
                    {t("profile.cluster.leave")}
                  </Button>
                </Form>
              ) : null}
            </>
          ) : (
            <p>{t("profile.cluster.none")}</p>
          )}
          {invitations.length > 0 ? (
            <>
              <h3>{t("profile.cluster.invitations")}</h3>
              <ul className="item-list">
                {invitations.map((invitation) => {
                  const clusterName = localized(locale, invitation.cluster.name_en, invitation.cluster.name_ko);
                  const problem = errorFor("accept_invitation", invitation.id) ?? errorFor("decline_invitation", invitation.id);
                  return (
                    <li key={invitation.id} className="item-card">
                      <p className="item-card__title">{t("profile.cluster.invited_by", { cluster: clusterName })}</p>
                      {invitation.message ? <p className="item-card__meta">{invitation.message}</p> : null}
                      <p className="item-card__meta">{t("profile.cluster.expires", { date: formatDay(invitation.expires_at, locale) })}</p>
                      {problem ? <Alert tone="error">{problem}</Alert> : null}
                      {canEdit ? (
                        <div className="inline-actions">
                          <Form method="post">
                            <input type="hidden" name="intent" value="accept_invitation" />
                            <input type="hidden" name="invitation_id" value={invitation.id} />
                            <Button pendingLabel={t("form.submitting")}>{t("profile.cluster.accept", { cluster: clusterName })}</Button>
                          </Form>
                          <Form method="post">
                            <input type="hidden" name="intent" value="decline_invitation" />
                            <input type="hidden" name="invitation_id" value={invitation.id} />
                            <Button variant="quiet" pendingLabel={t("form.submitting")}>
                              {t("profile.cluster.decline", { cluster: clusterName })}
                            </Button>
                          </Form>
                        </div>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </>
          ) : null}
        </section>

        <section className="panel" aria-labelledby="brochure-title">
          <h2 id="brochure-title">{t("profile.brochure.title")}</h2>
          {supplier.brochureUrl ? (
            <p>
              <a href={supplier.brochureUrl} target="_blank" rel="noopener noreferrer">
                {t("profile.brochure.open")}
              </a>
            </p>
          ) : (
            <p className="muted">{t("profile.brochure.none")}</p>
          )}
          {canEdit ? (
            <>
              <Form method="post" encType="multipart/form-data" className="form" noValidate>
                {errorFor("upload_brochure") ? <Alert tone="error">{errorFor("upload_brochure")}</Alert> : null}
                <input type="hidden" name="intent" value="upload_brochure" />
                <FileField
                  name="brochure"
                  label={t("profile.brochure.file")}
                  hint={t("profile.brochure.hint", { megabytes: MAX_DOCUMENT_BYTES / 1024 / 1024 })}
                  accept="application/pdf,image/png,image/jpeg"
                  error={errorsFor(result, "upload_brochure").brochure}
                />
                <Button variant="secondary" pendingLabel={t("form.submitting")}>
                  {t("profile.brochure.upload")}
                </Button>
              </Form>
              {supplier.brochureUrl ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="remove_brochure" />
                  <Button variant="quiet" pendingLabel={t("form.submitting")}>
                    {t("profile.brochure.remove")}
                  </Button>
                </Form>
              ) : null}
            </>
          ) : null}
        </section>
      </aside>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "profile.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
