import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button } from "~/components/form";
import { mapPanelLinks } from "~/components/map/MapPanel";
import { TextAreaField } from "~/components/supplier/fields";
import { formatDay, formatMoment, localized } from "~/components/supplier/format";
import { ExpiryBadge, SupplierProfile, VerificationBadge, VerifiedBy } from "~/components/supplier/SupplierProfile";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { decideCertification } from "~/models/certification.server";
import { listManagedClusters } from "~/models/cluster-members.server";
import { decideProfileVerification, getSupplierProfile, isUuid } from "~/models/sme.server";
import { errorsFor, shown, type ActionResult } from "~/suppliers/action-result";
import { todayInKorea } from "~/suppliers/expiry";
import { fieldErrorsOf } from "~/suppliers/field-errors";
import { decisionSchema, formObject, LIMITS } from "~/suppliers/forms";
import { echo, modelFailure, refuse, succeed } from "~/suppliers/route-helpers.server";
import stylesheet from "~/styles/suppliers.css";
import { requireUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }, ...mapPanelLinks()];

/** The member under review, if it belongs to one of the caller's clusters; otherwise 404. */
async function loadMember(request: Request, organizationId: string | undefined) {
  const context = await requireUser(request);
  const clusters = await listManagedClusters(context.supabase, { userId: context.user.id });
  if (clusters.length === 0) throw json({ reason: "not_authority" }, { status: 403, headers: context.headers });
  if (!isUuid(organizationId)) throw json(null, { status: 404, headers: context.headers });
  const supplier = await getSupplierProfile(context.supabase, { organizationId });
  const cluster = supplier?.cluster ? clusters.find((candidate) => candidate.id === supplier.cluster!.id) : undefined;
  if (!supplier || !cluster) throw json(null, { status: 404, headers: context.headers });
  return { ...context, supplier, cluster };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, supplier, cluster } = await loadMember(request, params.organizationId);
  // The authority reads its own decisions about this member (the log is readable by the deciding organization).
  const { data: history } = await supabase
    .from("audit_log")
    .select("id, occurred_at, action, entity_type, entity_id, details")
    .eq("organization_id", supplier.organization.id)
    .like("action", "verification.%")
    .order("occurred_at", { ascending: false })
    .limit(50);
  return json(
    {
      supplier,
      canDecide: cluster.canDecide,
      today: todayInKorea(),
      history: (history ?? []) as Array<{ id: number; occurred_at: string; action: string; entity_type: string; entity_id: string; details: Record<string, unknown> }>,
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers, supplier, cluster } = await loadMember(request, params.organizationId);
  const { t } = getServerT(request);
  const formData = await readFormOrRefuse(request, headers);
  const intent = String(formData.get("intent") ?? "");
  const itemId = formData.get("certification_id") ? String(formData.get("certification_id")) : null;
  const values = echo(formData);
  if (!cluster.canDecide) return refuse(403, headers, { intent, itemId, values, formError: t("cluster_members.not_admin") });

  if (intent === "decide_profile" || intent === "decide_certification") {
    const parsed = decisionSchema.safeParse(formObject(formData));
    if (!parsed.success) return refuse(400, headers, { intent, itemId, values, fieldErrors: fieldErrorsOf(parsed.error, t), formError: t("form.error_summary") });
    const { decision, reason } = parsed.data;
    if (intent === "decide_profile") {
      const result = await decideProfileVerification(supabase, { organizationId: supplier.organization.id, decision, reason });
      if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, values, formError: modelFailure(t, result.error).message });
      return succeed(headers, { intent, notice: t(decision === "verified" ? "review.profile.verified" : "review.profile.rejected") });
    }
    if (!isUuid(itemId) || !supplier.certifications.some((certification) => certification.id === itemId)) {
      return refuse(404, headers, { intent, itemId, formError: t("supplier_form.error.not_found") });
    }
    const result = await decideCertification(supabase, { certificationId: itemId, decision, reason });
    if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, itemId, values, formError: modelFailure(t, result.error).message });
    return succeed(headers, { intent, itemId, notice: t(decision === "verified" ? "review.cert.verified" : "review.cert.rejected") });
  }

  return refuse(400, headers, { intent, values, formError: t("supplier_form.error.unknown_action") });
}

function DecisionForms({
  intent,
  itemId,
  subject,
  canDecide,
  result,
  current,
}: {
  intent: "decide_profile" | "decide_certification";
  itemId: string | null;
  subject: string;
  canDecide: boolean;
  result: ActionResult | undefined;
  current: string;
}) {
  const t = useT();
  if (!canDecide) return null;
  const errors = errorsFor(result, intent, itemId);
  return (
    <div className="decision">
      {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
      <div className="inline-actions">
        {current !== "verified" ? (
          <Form method="post" preventScrollReset>
            <input type="hidden" name="intent" value={intent} />
            {itemId ? <input type="hidden" name="certification_id" value={itemId} /> : null}
            <input type="hidden" name="decision" value="verified" />
            <Button pendingLabel={t("form.submitting")}>
              {t("review.verify")}
              <span className="visually-hidden"> {subject}</span>
            </Button>
          </Form>
        ) : null}
      </div>
      <details open={Boolean(errors.reason) || undefined}>
        <summary>{t("review.reject_summary", { subject })}</summary>
        <Form method="post" className="form" noValidate preventScrollReset>
          <input type="hidden" name="intent" value={intent} />
          {itemId ? <input type="hidden" name="certification_id" value={itemId} /> : null}
          <input type="hidden" name="decision" value="rejected" />
          <TextAreaField
            name="reason"
            label={t("review.reason", { subject })}
            hint={t("review.reason_hint")}
            required
            rows={3}
            maxLength={LIMITS.reason}
            defaultValue={shown(result, intent, itemId, "reason", "")}
            error={errors.reason}
          />
          <Button variant="secondary" pendingLabel={t("form.submitting")}>
            {t("review.reject")}
            <span className="visually-hidden"> {subject}</span>
          </Button>
        </Form>
      </details>
    </div>
  );
}

export default function ReviewMember() {
  const t = useT();
  const locale = useLocale();
  const { supplier, canDecide, today, history } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const name = localized(locale, supplier.organization.name_en, supplier.organization.name_ko);
  const typeLabel = (code: string) => supplier.labels.certificationTypes[code]?.[locale] ?? code;
  const subjectOf = (id: string) => {
    const certification = supplier.certifications.find((item) => item.id === id);
    return certification ? typeLabel(certification.certification_type_code) : id;
  };
  return (
    <div className="container page supplier-page">
      <p>
        <Link to="/cluster/members">{t("review.back")}</Link>
      </p>
      <h1>{t("review.title", { name })}</h1>
      {result?.ok && result.notice ? <Alert tone="success">{result.notice}</Alert> : null}
      {!canDecide ? <Alert tone="info">{t("cluster_members.not_admin")}</Alert> : null}

      <section className="panel" aria-labelledby="profile-decision">
        <h2 id="profile-decision">{t("review.profile.title")}</h2>
        <p>
          <span className="badge">{t(`profile.verification.${supplier.profile.verification_status}`)}</span>{" "}
          {supplier.profile.verification_status === "verified" ? (
            <VerifiedBy verifier={supplier.profile.verified_by ? supplier.verifiers[supplier.profile.verified_by] : undefined} at={supplier.profile.verified_at} />
          ) : null}
        </p>
        {supplier.profile.verification_status === "rejected" && supplier.profile.rejection_reason ? (
          <p>{t("profile.verification.reason", { reason: supplier.profile.rejection_reason })}</p>
        ) : null}
        <DecisionForms intent="decide_profile" itemId={null} subject={t("review.profile.subject", { name })} canDecide={canDecide} result={result} current={supplier.profile.verification_status} />
      </section>

      <section className="panel" aria-labelledby="cert-decisions">
        <h2 id="cert-decisions">{t("review.certs.title")}</h2>
        {supplier.certifications.length === 0 ? <p className="muted">{t("supplier.no_certifications")}</p> : null}
        <ul className="item-list">
          {supplier.certifications.map((certification) => {
            const label = typeLabel(certification.certification_type_code);
            const subject = certification.certificate_number ? `${label} ${certification.certificate_number}` : label;
            return (
              <li key={certification.id} className="item-card">
                <h3 className="item-card__title">{subject}</h3>
                <div className="inline-actions">
                  <ExpiryBadge certification={certification} today={today} />
                  <VerificationBadge certification={certification} verifiers={supplier.verifiers} />
                </div>
                <p className="item-card__meta">
                  {[
                    certification.issuer,
                    certification.issued_on ? t("profile.certs.issued", { date: formatDay(certification.issued_on, locale) }) : null,
                    certification.scope_note,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </p>
                {certification.verification_status === "rejected" && certification.rejection_reason ? (
                  <p className="item-card__meta">{t("profile.certs.rejected_reason", { reason: certification.rejection_reason })}</p>
                ) : null}
                <p>
                  {certification.document_path ? (
                    <a href={`/documents/certificates/${certification.id}`} target="_blank" rel="noopener">
                      {t("profile.certs.view_document", { type: label })}
                    </a>
                  ) : (
                    <span className="muted">{t("profile.certs.no_document")}</span>
                  )}
                </p>
                <DecisionForms intent="decide_certification" itemId={certification.id} subject={subject} canDecide={canDecide} result={result} current={certification.verification_status} />
              </li>
            );
          })}
        </ul>
      </section>

      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">{t("review.history.title")}</h2>
        {history.length === 0 ? (
          <p className="muted">{t("review.history.empty")}</p>
        ) : (
          <ul className="plain-list">
            {history.map((entry) => (
              <li key={entry.id}>
                {formatMoment(entry.occurred_at, locale)} — {entry.entity_type === "sme_profiles" ? t("review.history.profile") : subjectOf(entry.entity_id)}:{" "}
                {t(`profile.verification.${String(entry.details.to ?? "unverified")}` as never)}
                {typeof entry.details.rejection_reason === "string" ? ` (${entry.details.rejection_reason})` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="as-submitted">
        <h2 id="as-submitted">{t("review.as_submitted")}</h2>
        <SupplierProfile supplier={supplier} today={today} headingLevel={2} />
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "cluster_members.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
