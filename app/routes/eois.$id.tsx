import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button } from "~/components/form";
import { StatusBadge } from "~/components/needs/badges";
import { CheckboxField, SelectField, TextAreaField } from "~/components/needs/fields";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { termLabel } from "~/matching/reasons";
import { certificationState } from "~/matching/score";
import { loadTaxonomy } from "~/matching/taxonomy.server";
import { signedUrls } from "~/models/attachments.server";
import { decideEoi, getEoi, postMessage, withdrawEoi } from "~/models/eois.server";
import { getViewer, isAdminRole, isMemberOf } from "~/models/viewer.server";
import { deliverMailSoon } from "~/notifications/mailer.server";
import { placeWorkflowError, translateIssues } from "~/needs/form-errors";
import { issuesFromZod, messageSchema, parseDecisionForm } from "~/needs/schema";
import { canDecide as decisionAllowed, canWithdraw as canWithdrawFrom, isAwaitingDecision } from "~/needs/transitions";
import { DECLINE_REASONS, needTitle, organizationName } from "~/needs/types";
import stylesheet from "~/styles/needs.css";
import { todayInKorea } from "~/suppliers/expiry";
import { formValues } from "~/utils/form-errors";
import { requireUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";
import { dateTimeFormat } from "~/utils/intl-format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, supabase, headers } = await requireUser(request);
  const { t, locale } = getServerT(request);
  const eoi = await getEoi(supabase, { id: params.id ?? "" });
  if (!eoi) throw new Response(t("eois.error.not_found"), { status: 404, headers });
  const viewer = await getViewer(supabase, user.id);
  const smeMembership = isMemberOf(viewer, eoi.sme_organization_id);
  const ownerMembership = eoi.need ? isMemberOf(viewer, eoi.need.organization_id) : null;
  const taxonomy = await loadTaxonomy(supabase);
  const today = todayInKorea();
  const documentPaths = eoi.shared_certifications.map((certification) => certification.document_path).filter((path): path is string => Boolean(path));
  const [attachments, documents] = await Promise.all([signedUrls(supabase, "eoi-attachments", eoi.attachment_paths), signedUrls(supabase, "certificates", documentPaths)]);
  const documentUrl = new Map(documents.map((file) => [file.path, file.url]));
  const notice = new URL(request.url).searchParams.get("notice");

  return json(
    {
      notice: notice === "submitted" ? "submitted" : null,
      eoi: {
        id: eoi.id,
        status: eoi.status,
        scope: eoi.scope,
        scope_note: eoi.scope_note,
        message: eoi.message,
        submitted_at: eoi.submitted_at,
        decided_at: eoi.decided_at,
        decision_reason: eoi.decision_reason,
        decision_comment: eoi.decision_comment,
        need: eoi.need ? { id: eoi.need.id, title: needTitle(eoi.need, locale), status: eoi.need.status } : null,
        sme: eoi.sme ? { id: eoi.sme.id, name: organizationName(eoi.sme, locale) } : null,
        certifications: eoi.shared_certifications.map((certification) => ({
          id: certification.id,
          name: termLabel(taxonomy.labels, "certification_types", certification.certification_type_code, locale),
          number: certification.certificate_number,
          state: certificationState(certification, today),
          expires_on: certification.expires_on,
          url: certification.document_path ? documentUrl.get(certification.document_path) ?? null : null,
        })),
        attachments,
        messages: eoi.messages.map((message) => ({
          id: message.id,
          body: message.body,
          created_at: message.created_at,
          sender_name: message.sender_name,
          mine: isMemberOf(viewer, message.sender_organization_id) !== null,
          organization: message.sender_organization_id === eoi.sme_organization_id && eoi.sme ? organizationName(eoi.sme, locale) : "",
        })),
      },
      side: ownerMembership ? ("contractor" as const) : smeMembership ? ("sme" as const) : null,
      canDecide: Boolean(ownerMembership && isAdminRole(ownerMembership.role)),
      canWithdraw: Boolean(smeMembership && isAdminRole(smeMembership.role)),
    },
    { headers },
  );
}

type ActionResult = { intent: string; ok: boolean; message: string | null; fieldErrors: Record<string, string>; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const { t } = getServerT(request);
  const formData = await readFormOrRefuse(request, headers);
  const intent = String(formData.get("intent") ?? "");
  const values = formValues(formData);
  const id = params.id ?? "";
  const respond = (status: number, result: Omit<ActionResult, "values"> & { values?: Record<string, string> }) =>
    json<ActionResult>({ values: status < 400 ? {} : values, ...result }, { status, headers });

  if (intent === "withdraw") {
    const result = await withdrawEoi(supabase, { id });
    if (!result.ok) return respond(result.error.status, { intent, ok: false, message: t(result.error.messageKey), fieldErrors: {} });
    deliverMailSoon();
    return respond(200, { intent, ok: true, message: t("eois.detail.withdrawn"), fieldErrors: {} });
  }
  if (intent === "decide") {
    const parsed = parseDecisionForm(formData);
    const decision = String(formData.get("decision") ?? "");
    if (!parsed.ok) {
      return respond(422, { intent: `decide_${decision}`, ok: false, message: t("needs.validation.invalid"), fieldErrors: translateIssues(parsed.issues, t) });
    }
    const result = await decideEoi(supabase, { id, ...parsed.input });
    if (!result.ok) {
      const placed = placeWorkflowError(result.error, t);
      return respond(result.error.status, { intent: `decide_${decision}`, ok: false, message: placed.formError ?? t("needs.validation.invalid"), fieldErrors: placed.fieldErrors });
    }
    deliverMailSoon();
    return respond(200, { intent: `decide_${decision}`, ok: true, message: t("eois.detail.decided", { status: t(`eois.status.${parsed.input.decision}`) }), fieldErrors: {} });
  }
  if (intent === "message") {
    const parsed = messageSchema.safeParse({ body: values.body ?? "" });
    if (!parsed.success) {
      return respond(422, { intent, ok: false, message: null, fieldErrors: translateIssues(issuesFromZod(parsed.error), t) });
    }
    const result = await postMessage(supabase, { eoiId: id, body: parsed.data.body });
    if (!result.ok) {
      const placed = placeWorkflowError(result.error, t);
      return respond(result.error.status, { intent, ok: false, message: placed.formError, fieldErrors: placed.fieldErrors });
    }
    deliverMailSoon();
    return respond(200, { intent, ok: true, message: t("eois.detail.sent"), fieldErrors: {} });
  }
  return respond(400, { intent, ok: false, message: t("needs.error.unexpected"), fieldErrors: {} });
}

export default function EoiPage() {
  const t = useT();
  const locale = useLocale();
  const { eoi, side, canDecide, canWithdraw, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const dateTime = dateTimeFormat(locale === "ko" ? "ko-KR" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Seoul" });
  const format = (value: string | null) => (value ? dateTime.format(new Date(value)) : "");
  const waiting = isAwaitingDecision(eoi.status);
  const decided = eoi.status === "declined" || eoi.status === "awarded" || eoi.status === "shortlisted";
  const messageForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.intent === "message" && result.ok) messageForm.current?.reset();
  }, [result]);
  const resultFor = (intent: string) => (result?.intent === intent ? result : null);

  return (
    <div className="container page needs-page">
      {eoi.need ? (
        <p>
          {t("eois.detail.for_need")}: <Link to={`/needs/${eoi.need.id}`}>{eoi.need.title}</Link>
        </p>
      ) : null}
      <h1>
        {t("eois.detail.title")}
        {eoi.sme ? ` — ${eoi.sme.name}` : ""}
      </h1>
      <p className="badges">
        <StatusBadge kind="eoi" status={eoi.status} />
      </p>
      {notice === "submitted" ? <Alert tone="success">{t("eois.form.submitted")}</Alert> : null}
      {result?.message && (result.intent === "withdraw" || result.intent.startsWith("decide_")) ? (
        <Alert tone={result.ok ? "success" : "error"}>{result.message}</Alert>
      ) : null}

      <div className="need-layout">
        <div className="need-main">
          <section aria-labelledby="eoi-details" className="panel">
            <h2 id="eoi-details">{t("needs.detail.facts")}</h2>
            <dl className="definition-list">
              {eoi.sme ? (
                <div>
                  <dt>{t("eois.detail.from")}</dt>
                  <dd>
                    <Link to={`/suppliers/${eoi.sme.id}`}>{eoi.sme.name}</Link>
                  </dd>
                </div>
              ) : null}
              <div>
                <dt>{t("eois.detail.status")}</dt>
                <dd>{t(`eois.status.${eoi.status}`)}</dd>
              </div>
              <div>
                <dt>{t("eois.detail.scope")}</dt>
                <dd>
                  {t(`eois.scope.${eoi.scope}`)}
                  {eoi.scope_note ? <span className="prewrap"> — {eoi.scope_note}</span> : null}
                </dd>
              </div>
              {eoi.submitted_at ? (
                <div>
                  <dt>{t("eois.detail.submitted")}</dt>
                  <dd>{format(eoi.submitted_at)}</dd>
                </div>
              ) : null}
              {eoi.message ? (
                <div>
                  <dt>{t("eois.detail.message")}</dt>
                  <dd className="prewrap">{eoi.message}</dd>
                </div>
              ) : null}
            </dl>
          </section>

          <section aria-labelledby="decision-title" className="panel" id="decision">
            <h2 id="decision-title">{t("eois.detail.decision")}</h2>
            {decided || eoi.status === "withdrawn" ? (
              <dl className="definition-list">
                <div>
                  <dt>{t("eois.detail.status")}</dt>
                  <dd>{t(`eois.status.${eoi.status}`)}</dd>
                </div>
                {eoi.decision_reason ? (
                  <div>
                    <dt>{t("eois.detail.decision_reason")}</dt>
                    <dd>{t(`eois.reason.${eoi.decision_reason}`)}</dd>
                  </div>
                ) : null}
                {eoi.decision_comment ? (
                  <div>
                    <dt>{t("eois.detail.decision_comment")}</dt>
                    <dd className="prewrap">{eoi.decision_comment}</dd>
                  </div>
                ) : null}
                {eoi.decided_at ? (
                  <div>
                    <dt>{t("eois.detail.decided_on", { date: format(eoi.decided_at) })}</dt>
                    <dd />
                  </div>
                ) : null}
              </dl>
            ) : null}
            {eoi.status === "submitted" ? <p>{t("eois.detail.awaiting")}</p> : null}

            {canDecide && waiting ? (
              <div className="decision-forms">
                {decisionAllowed(eoi.status, "shortlisted") ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="decide" />
                    <input type="hidden" name="decision" value="shortlisted" />
                    <Button variant="secondary">{t("eois.detail.shortlist")}</Button>
                  </Form>
                ) : null}
                <Form method="post" noValidate>
                  <fieldset className="form-section">
                    <legend>{t("eois.detail.decline")}</legend>
                    <input type="hidden" name="intent" value="decide" />
                    <input type="hidden" name="decision" value="declined" />
                    {resultFor("decide_declined")?.message && !resultFor("decide_declined")?.ok ? <Alert tone="error">{resultFor("decide_declined")!.message}</Alert> : null}
                    <SelectField
                      name="reason"
                      label={t("eois.detail.reason")}
                      required
                      defaultValue={resultFor("decide_declined")?.values.reason ?? ""}
                      error={resultFor("decide_declined")?.fieldErrors.reason}
                      options={[{ value: "", label: t("eois.detail.reason_choose") }, ...DECLINE_REASONS.map((reason) => ({ value: reason, label: t(`eois.reason.${reason}`) }))]}
                    />
                    <TextAreaField
                      name="comment"
                      label={t("eois.detail.comment")}
                      rows={3}
                      maxLength={5000}
                      defaultValue={resultFor("decide_declined")?.values.comment ?? ""}
                      error={resultFor("decide_declined")?.fieldErrors.comment}
                    />
                    <Button variant="secondary">{t("eois.detail.decline")}</Button>
                  </fieldset>
                </Form>
                <Form method="post" noValidate>
                  <fieldset className="form-section">
                    <legend>{t("eois.detail.award")}</legend>
                    <input type="hidden" name="intent" value="decide" />
                    <input type="hidden" name="decision" value="awarded" />
                    {resultFor("decide_awarded")?.message && !resultFor("decide_awarded")?.ok ? <Alert tone="error">{resultFor("decide_awarded")!.message}</Alert> : null}
                    <TextAreaField
                      name="comment"
                      label={t("eois.detail.award_comment")}
                      rows={3}
                      maxLength={5000}
                      defaultValue={resultFor("decide_awarded")?.values.comment ?? ""}
                      error={resultFor("decide_awarded")?.fieldErrors.comment}
                    />
                    <CheckboxField name="decline_others" label={t("eois.detail.decline_others")} defaultChecked={false} />
                    <Button>{t("eois.detail.award")}</Button>
                  </fieldset>
                </Form>
              </div>
            ) : null}

            {side === "sme" && canWithdraw && canWithdrawFrom(eoi.status) ? (
              <Form method="post" className="withdraw-form">
                <input type="hidden" name="intent" value="withdraw" />
                <p className="muted">{t("eois.detail.withdraw_confirm")}</p>
                <Button variant="quiet">{t("eois.detail.withdraw")}</Button>
              </Form>
            ) : null}
            {side === "sme" && eoi.status === "draft" && eoi.need ? (
              <p>
                <Link to={`/needs/${eoi.need.id}#express-interest`}>{t("eois.detail.edit_draft")}</Link>
              </p>
            ) : null}
          </section>

          {eoi.status !== "draft" ? (
            <section aria-labelledby="thread-title" className="panel" id="messages">
              <h2 id="thread-title">{t("eois.detail.thread")}</h2>
              {eoi.messages.length === 0 ? (
                <p className="muted">{t("eois.detail.thread_empty")}</p>
              ) : (
                <ol className="thread" aria-label={t("eois.detail.thread_label")}>
                  {eoi.messages.map((message) => (
                    <li key={message.id} className={message.mine ? "thread__message thread__message--mine" : "thread__message"}>
                      <p className="thread__meta">
                        <strong>{message.sender_name || message.organization}</strong> · <time dateTime={message.created_at}>{format(message.created_at)}</time>
                      </p>
                      <p className="prewrap">{message.body}</p>
                    </li>
                  ))}
                </ol>
              )}
              <Form method="post" className="form" ref={messageForm} noValidate>
                <input type="hidden" name="intent" value="message" />
                {resultFor("message")?.message ? <Alert tone={resultFor("message")!.ok ? "success" : "error"}>{resultFor("message")!.message}</Alert> : null}
                <TextAreaField
                  name="body"
                  label={t("eois.detail.message_body")}
                  rows={3}
                  maxLength={10000}
                  required
                  defaultValue={resultFor("message") && !resultFor("message")!.ok ? resultFor("message")!.values.body : ""}
                  error={resultFor("message")?.fieldErrors.body}
                />
                <Button>{t("eois.detail.send")}</Button>
              </Form>
            </section>
          ) : null}
        </div>

        <aside className="need-aside">
          <section aria-labelledby="certs-title" className="panel">
            <h2 id="certs-title">{t("eois.detail.shared_certifications")}</h2>
            {eoi.certifications.length === 0 ? (
              <p className="muted">{t("eois.detail.no_shared_certifications")}</p>
            ) : (
              <ul className="plain-list">
                {eoi.certifications.map((certification) => (
                  <li key={certification.id}>
                    <strong>{certification.name}</strong> — {t(`eois.form.cert_state.${certification.state}`)}
                    {certification.number ? <span className="muted"> ({certification.number})</span> : null}
                    {certification.url ? (
                      <>
                        {" "}
                        <a href={certification.url}>{t("eois.detail.open_document", { name: certification.name })}</a>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="eoi-attachments" className="panel">
            <h2 id="eoi-attachments">{t("eois.detail.attachments")}</h2>
            {eoi.attachments.length === 0 ? (
              <p className="muted">{t("needs.detail.no_attachments")}</p>
            ) : (
              <ul>
                {eoi.attachments.map((file) => (
                  <li key={file.path}>{file.url ? <a href={file.url}>{file.label}</a> : file.label}</li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "eois.detail.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
