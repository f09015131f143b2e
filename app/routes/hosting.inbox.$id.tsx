import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { localized, SOUGHT_INCENTIVE_KINDS } from "~/clusters/content";
import { collectRows, echoForm, nestedFieldErrors, readFormData, type FieldErrorMap, type FormEcho } from "~/clusters/form-data";
import { incentiveLabel, parcelStatusLabel, zoningLabel } from "~/clusters/labels";
import { CURRENCIES } from "~/clusters/schemas";
import { Badge, Breadcrumbs, CheckboxGroup, formatArea, formatDate, formatMoney, numberFormat, SelectField, TextAreaField } from "~/clusters/ui";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field, useFocusOnError } from "~/components/form";
import { inquiryDeclinedMail, offerReceivedMail } from "~/hosting/mail";
import { sendHostingMails, siteLink } from "~/hosting/notify.server";
import { DEFAULT_DENSITY_KM, hostingDeclineSchema, hostingOfferSchema, OFFER_INCENTIVE_FIELDS, OFFER_LIST_FIELDS } from "~/hosting/schemas";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { getViewer, listParcels, listProcessLabels } from "~/models/clusters.server";
import { declineInquiry, getInquiry, saveOffer, supplierDensity } from "~/models/hosting.server";
import { HTTP_STATUS } from "~/models/result.server";
import clustersStylesheet from "~/styles/clusters.css";
import { toSessionUser } from "~/utils/session-user.server";
import { requireUser } from "~/utils/supabase.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: clustersStylesheet }];

const NOTICES = ["offer_sent", "offer_revised", "declined"] as const;
const NOTICE_KEYS = {
  offer_sent: "clusters.hosting.notice.offer_sent",
  offer_revised: "clusters.hosting.notice.offer_revised",
  declined: "clusters.hosting.notice.declined",
} as const;

async function loadInboxItem(request: Request, id: string) {
  const context = await requireUser(request);
  const viewer = await getViewer(context.supabase, { userId: context.user.id });
  if (viewer.managedClusters.length === 0) throw new Response("Forbidden", { status: 403, headers: context.headers });
  const detail = await getInquiry(context.supabase, { id });
  // Row-level security leaves only this authority's own clusters among the recipients.
  const recipients = detail?.recipients.filter((recipient) => viewer.managedClusters.some((cluster) => cluster.id === recipient.cluster_id)) ?? [];
  if (!detail || recipients.length === 0) throw new Response("Not found", { status: 404, headers: context.headers });
  return { ...context, viewer, detail, recipients };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, supabase, headers, viewer, detail, recipients } = await loadInboxItem(request, params.id ?? "");
  const [processes, parcelLists, density] = await Promise.all([
    listProcessLabels(supabase),
    Promise.all(recipients.map((recipient) => listParcels(supabase, { clusterId: recipient.cluster_id }))),
    supplierDensity(supabase, { clusterIds: recipients.map((recipient) => recipient.cluster_id), processCodes: detail.inquiry.process_codes, km: DEFAULT_DENSITY_KM }),
  ]);
  const notice = NOTICES.find((known) => known === new URL(request.url).searchParams.get("notice")) ?? null;
  const sessionUser = toSessionUser(user);
  return json(
    {
      inquiry: detail.inquiry,
      notice,
      processLabels: Object.fromEntries(processes.map((process) => [process.code, { en: process.label_en, ko: process.label_ko }])),
      densityKm: DEFAULT_DENSITY_KM,
      me: { name: sessionUser.displayName, email: sessionUser.email },
      clusters: recipients.map((recipient, index) => ({
        recipient: { status: recipient.status, decline_reason: recipient.decline_reason, responded_at: recipient.responded_at },
        cluster: { id: recipient.cluster.id, slug: recipient.cluster.slug, name_en: recipient.cluster.name_en, name_ko: recipient.cluster.name_ko, contact: recipient.cluster.contact },
        canEdit: viewer.managedClusters.some((cluster) => cluster.id === recipient.cluster_id && cluster.canEdit),
        parcels: (parcelLists[index] ?? []).filter((parcel) => parcel.status !== "sold"),
        offer: detail.offers.find((offer) => offer.cluster_id === recipient.cluster_id) ?? null,
        density: density.filter((row) => row.cluster_id === recipient.cluster_id),
      })),
    },
    { headers },
  );
}

type AnswerFailure = FormEcho & { intent: "offer" | "decline"; clusterId: string; fieldErrors: FieldErrorMap; formError: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers, viewer, detail, recipients } = await loadInboxItem(request, params.id ?? "");
  const { t } = getServerT(request);
  const formData = await readFormData(request, headers);
  const intent = formData.get("intent") === "decline" ? "decline" : formData.get("intent") === "offer" ? "offer" : null;
  const clusterId = String(formData.get("cluster_id") ?? "");
  const echo = echoForm(formData, OFFER_LIST_FIELDS);
  const fail = (status: number, fieldErrors: FieldErrorMap, formError: string | null) =>
    json<AnswerFailure>({ ...echo, intent: intent ?? "offer", clusterId, fieldErrors, formError }, { status, headers });
  const refusal = (code: keyof typeof HTTP_STATUS) =>
    fail(HTTP_STATUS[code], {}, code === "forbidden" ? t("clusters.form.forbidden") : code === "unavailable" ? t("clusters.form.unavailable") : t("clusters.form.rejected"));

  if (!intent) return fail(400, {}, t("clusters.form.unknown_intent"));
  const recipient = recipients.find((item) => item.cluster_id === clusterId);
  if (!recipient || !viewer.managedClusters.some((cluster) => cluster.id === clusterId && cluster.canEdit)) return refusal("forbidden");
  if (detail.inquiry.status !== "open") return fail(409, {}, t("clusters.hosting.inbox.closed_notice"));
  const clusterName = { en: recipient.cluster.name_en, ko: recipient.cluster.name_ko };
  const compareLink = siteLink(`/hosting/${detail.inquiry.id}/compare`);

  if (intent === "decline") {
    const parsed = hostingDeclineSchema.safeParse({ cluster_id: clusterId, decline_reason: formData.get("decline_reason") });
    if (!parsed.success) return fail(400, nestedFieldErrors(parsed.error, t), t("form.error_summary"));
    if (detail.offers.some((offer) => offer.cluster_id === clusterId)) return fail(409, {}, t("clusters.hosting.inbox.revise_instead"));
    const result = await declineInquiry(supabase, { inquiryId: detail.inquiry.id, clusterId, reason: parsed.data.decline_reason });
    if (!result.ok) return refusal(result.error.code);
    await sendHostingMails([
      inquiryDeclinedMail({ to: detail.inquiry.contact_email, clusterNameEn: clusterName.en, clusterNameKo: clusterName.ko, title: detail.inquiry.title, reason: parsed.data.decline_reason, link: compareLink }),
    ]);
    return redirect(`/hosting/inbox/${detail.inquiry.id}?notice=declined`, { headers });
  }

  const parsed = hostingOfferSchema.safeParse({
    cluster_id: clusterId,
    parcel_ids: formData.getAll("parcel_ids"),
    incentives: collectRows(formData, "incentives", OFFER_INCENTIVE_FIELDS),
    land_price_per_m2: formData.get("land_price_per_m2"),
    subsidy_amount: formData.get("subsidy_amount"),
    currency: formData.get("currency"),
    site_ready_by: formData.get("site_ready_by"),
    timeline_note: formData.get("timeline_note"),
    message: formData.get("message"),
    contact_name: formData.get("contact_name"),
    contact_email: formData.get("contact_email"),
    contact_phone: formData.get("contact_phone"),
  });
  if (!parsed.success) return fail(400, nestedFieldErrors(parsed.error, t, OFFER_LIST_FIELDS), t("form.error_summary"));
  const parcels = await listParcels(supabase, { clusterId });
  const offerable = new Set(parcels.filter((parcel) => parcel.status !== "sold").map((parcel) => parcel.id));
  if (parsed.data.parcel_ids.some((id) => !offerable.has(id))) return fail(400, { parcel_ids: t("clusters.hosting.validation.parcel_unknown") }, t("form.error_summary"));

  const saved = await saveOffer(supabase, { inquiryId: detail.inquiry.id, input: parsed.data });
  if (!saved.ok) return refusal(saved.error.code);
  await sendHostingMails([
    offerReceivedMail({ to: detail.inquiry.contact_email, clusterNameEn: clusterName.en, clusterNameKo: clusterName.ko, title: detail.inquiry.title, revised: saved.value.revised, link: compareLink }),
  ]);
  return redirect(`/hosting/inbox/${detail.inquiry.id}?notice=${saved.value.revised ? "offer_revised" : "offer_sent"}`, { headers });
}

export default function InboxItem() {
  const { inquiry, notice, processLabels, clusters, densityKm, me } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const format = numberFormat(locale);
  const formRef = useFocusOnError(failure);
  const label = (code: string) => (processLabels[code] ? processLabels[code]![locale] : code);
  const contractorName = inquiry.contractor ? localized(locale, inquiry.contractor.name_en, inquiry.contractor.name_ko) : "—";
  const severalClusters = clusters.length > 1;

  return (
    <div className="container page">
      <Breadcrumbs items={[{ to: "/hosting/inbox", label: t("clusters.hosting.inbox.title") }, { label: inquiry.title }]} />
      {notice ? <Alert tone="success">{t(NOTICE_KEYS[notice])}</Alert> : null}
      <header className="cm-page-header">
        <div>
          <h1>{inquiry.title}</h1>
          <p className="cm-actions">
            <span>{t("clusters.hosting.inbox.from", { name: contractorName })}</span>
            <Badge tone={inquiry.status}>{t(inquiry.status === "open" ? "clusters.hosting.status.open" : "clusters.hosting.status.closed")}</Badge>
          </p>
        </div>
      </header>

      <div className="cm-grid-2">
        <section className="panel" aria-labelledby="inquiry-title">
          <h2 id="inquiry-title">{t("clusters.hosting.inquiry.heading")}</h2>
          {inquiry.description ? <p>{inquiry.description}</p> : null}
          <dl className="definition-list">
            <div>
              <dt>{t("clusters.hosting.field.land_area")}</dt>
              <dd>{formatArea(inquiry.land_area_m2, locale)}</dd>
            </div>
            <div>
              <dt>{t("clusters.hosting.field.workforce")}</dt>
              <dd>{format.format(inquiry.workforce)}</dd>
            </div>
            <div>
              <dt>{t("clusters.hosting.field.start_by")}</dt>
              <dd>{formatDate(inquiry.start_by, locale)}</dd>
            </div>
            {inquiry.timeline_note ? (
              <div>
                <dt>{t("clusters.hosting.field.timeline_note")}</dt>
                <dd>{inquiry.timeline_note}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t("clusters.hosting.field.processes")}</dt>
              <dd>{inquiry.process_codes.length > 0 ? inquiry.process_codes.map(label).join(", ") : "—"}</dd>
            </div>
            <div>
              <dt>{t("clusters.hosting.field.incentives_sought")}</dt>
              <dd>{inquiry.incentives_sought.length > 0 ? inquiry.incentives_sought.map((kind) => incentiveLabel(t, kind)).join(", ") : "—"}</dd>
            </div>
            <div>
              <dt>{t("clusters.hosting.field.contact")}</dt>
              <dd>
                {inquiry.contact_name} · <a href={`mailto:${inquiry.contact_email}`}>{inquiry.contact_email}</a>
                {inquiry.contact_phone ? ` · ${inquiry.contact_phone}` : null}
              </dd>
            </div>
          </dl>
        </section>

        {clusters.map((entry) => (
          <section className="panel" aria-labelledby={`density-${entry.cluster.id}`} key={`density-${entry.cluster.id}`}>
            <h2 id={`density-${entry.cluster.id}`}>{t("clusters.hosting.inbox.density_heading", { km: densityKm })}</h2>
            {severalClusters ? <p>{localized(locale, entry.cluster.name_en, entry.cluster.name_ko)}</p> : null}
            {inquiry.process_codes.length === 0 ? (
              <p className="muted">{t("clusters.hosting.compare.no_processes")}</p>
            ) : (
              <table className="table">
                <caption className="visually-hidden">{t("clusters.hosting.inbox.density_heading", { km: densityKm })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("clusters.detail.process")}</th>
                    <th scope="col" className="cm-num">
                      {t("clusters.hosting.compare.verified_suppliers")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {inquiry.process_codes.map((code) => (
                    <tr key={code}>
                      <th scope="row">{label(code)}</th>
                      <td className="cm-num">{format.format(entry.density.find((row) => row.process_code === code)?.supplier_count ?? 0)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        ))}
      </div>

      {clusters.map((entry) => {
        const clusterName = localized(locale, entry.cluster.name_en, entry.cluster.name_ko);
        const mine = failure && failure.clusterId === entry.cluster.id ? failure : null;
        const offerFailure = mine?.intent === "offer" ? mine : null;
        const declineFailure = mine?.intent === "decline" ? mine : null;
        const errors = offerFailure?.fieldErrors ?? {};
        const offer = entry.offer;
        const contact = (entry.cluster.contact ?? {}) as { name_en?: string; name_ko?: string; email?: string; phone?: string };
        const stored: Record<string, string> = {
          land_price_per_m2: offer?.land_price_per_m2 === null || offer?.land_price_per_m2 === undefined ? "" : String(offer.land_price_per_m2),
          subsidy_amount: offer?.subsidy_amount === null || offer?.subsidy_amount === undefined ? "" : String(offer.subsidy_amount),
          currency: offer?.currency ?? "KRW",
          site_ready_by: offer?.site_ready_by ?? "",
          timeline_note: offer?.timeline_note ?? "",
          message: offer?.message ?? "",
          contact_name: offer?.contact_name ?? (localized(locale, contact.name_en, contact.name_ko) || me.name),
          contact_email: offer?.contact_email ?? contact.email ?? me.email,
          contact_phone: offer?.contact_phone ?? contact.phone ?? "",
        };
        SOUGHT_INCENTIVE_KINDS.forEach((kind, index) => {
          stored[`incentives.${index}.description`] = offer?.incentives.find((item) => item.kind === kind)?.description ?? "";
        });
        const values = offerFailure ? offerFailure.values : stored;
        const selectedParcels = offerFailure ? (offerFailure.lists.parcel_ids ?? []) : (offer?.parcel_ids ?? []);
        const value = (name: string) => values[name] ?? "";
        const open = inquiry.status === "open";
        return (
          <section key={entry.cluster.id} className="cm-section" aria-labelledby={`answer-${entry.cluster.id}`}>
            <h2 id={`answer-${entry.cluster.id}`}>{severalClusters ? t("clusters.hosting.inbox.answer_for", { name: clusterName }) : t("clusters.hosting.inbox.answer")}</h2>
            <p className="cm-actions">
              <Badge tone={entry.recipient.status === "pending" ? "pending" : entry.recipient.status}>{t(`clusters.hosting.recipient.${entry.recipient.status}`)}</Badge>
              {entry.recipient.responded_at ? <span className="muted">{formatDate(entry.recipient.responded_at, locale)}</span> : null}
            </p>
            {entry.recipient.status === "declined" && entry.recipient.decline_reason ? (
              <p>
                {t("clusters.hosting.inbox.declined_reason")}: {entry.recipient.decline_reason}
              </p>
            ) : null}
            {!open ? <Alert tone="info">{t("clusters.hosting.inbox.closed_notice")}</Alert> : null}
            {!entry.canEdit ? <p className="muted">{t("clusters.hosting.inbox.admins_only")}</p> : null}
            {open && entry.canEdit ? (
              <div className="cm-stack">
                <Form
                  method="post"
                  noValidate
                  className="form cm-stack"
                  ref={offerFailure ? formRef : undefined}
                  key={offerFailure ? `failed-${JSON.stringify(offerFailure).length}` : `offer-${offer?.updated_at ?? "new"}`}
                  aria-label={offer ? t("clusters.hosting.offer.revise_label", { name: clusterName }) : t("clusters.hosting.offer.form_label", { name: clusterName })}
                >
                  {offerFailure?.formError ? <Alert tone="error">{offerFailure.formError}</Alert> : null}
                  <input type="hidden" name="intent" value="offer" />
                  <input type="hidden" name="cluster_id" value={entry.cluster.id} />
                  {entry.parcels.length === 0 ? (
                    <p className="cm-empty">
                      {t("clusters.hosting.offer.no_parcels")} <Link to={`/clusters/${entry.cluster.slug}/parcels/new`}>{t("clusters.parcel.add")}</Link>
                    </p>
                  ) : null}
                  <CheckboxGroup
                    name="parcel_ids"
                    legend={t("clusters.hosting.offer.parcels")}
                    hint={t("clusters.hosting.offer.parcels_hint", { area: formatArea(inquiry.land_area_m2, locale) })}
                    error={errors.parcel_ids}
                    selected={selectedParcels}
                    groups={[
                      {
                        options: entry.parcels.map((parcel) => ({
                          value: parcel.id,
                          label: localized(locale, parcel.name_en, parcel.name_ko),
                          note: [
                            formatArea(parcel.area_m2, locale),
                            parcel.price_per_m2 === null ? null : t("clusters.parcel.price_per_m2", { price: formatMoney(parcel.price_per_m2, parcel.currency, locale) ?? "" }),
                            zoningLabel(t, parcel.zoning),
                            parcelStatusLabel(t, parcel.status),
                          ]
                            .filter(Boolean)
                            .join(" · "),
                        })),
                      },
                    ]}
                  />
                  <fieldset className="cm-fieldset">
                    <legend>{t("clusters.hosting.offer.terms")}</legend>
                    <div className="cm-field-pair">
                      <Field name="land_price_per_m2" inputMode="decimal" label={t("clusters.hosting.offer.land_price")} defaultValue={value("land_price_per_m2")} error={errors.land_price_per_m2} />
                      <Field name="subsidy_amount" inputMode="decimal" label={t("clusters.hosting.offer.subsidy")} defaultValue={value("subsidy_amount")} error={errors.subsidy_amount} />
                      <SelectField name="currency" label={t("clusters.parcel.currency")} defaultValue={value("currency") || "KRW"} error={errors.currency} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
                      <Field name="site_ready_by" type="date" label={t("clusters.hosting.offer.site_ready_by")} defaultValue={value("site_ready_by")} error={errors.site_ready_by} />
                    </div>
                    <TextAreaField name="timeline_note" label={t("clusters.hosting.offer.timeline")} defaultValue={value("timeline_note")} error={errors.timeline_note} maxLength={2000} />
                  </fieldset>
                  <fieldset className="cm-fieldset">
                    <legend>{t("clusters.hosting.offer.incentives")}</legend>
                    <p className="field__hint">{t("clusters.hosting.offer.incentives_hint")}</p>
                    {errors.incentives ? <p className="field__error">{errors.incentives}</p> : null}
                    {SOUGHT_INCENTIVE_KINDS.map((kind, index) => (
                      <div key={kind}>
                        <input type="hidden" name={`incentives.${index}.kind`} value={kind} />
                        <TextAreaField
                          name={`incentives.${index}.description`}
                          label={t("clusters.hosting.offer.incentive_label", { kind: incentiveLabel(t, kind) })}
                          hint={inquiry.incentives_sought.includes(kind) ? t("clusters.hosting.offer.asked_for") : undefined}
                          defaultValue={value(`incentives.${index}.description`)}
                          error={errors[`incentives.${index}.description`]}
                          maxLength={2000}
                          rows={2}
                        />
                      </div>
                    ))}
                  </fieldset>
                  <fieldset className="cm-fieldset">
                    <legend>{t("clusters.hosting.offer.contact")}</legend>
                    <TextAreaField name="message" label={t("clusters.hosting.offer.message")} defaultValue={value("message")} error={errors.message} maxLength={5000} />
                    <div className="cm-field-pair">
                      <Field name="contact_name" label={t("clusters.hosting.field.contact_name")} defaultValue={value("contact_name")} error={errors.contact_name} required maxLength={100} />
                      <Field name="contact_email" type="email" label={t("clusters.hosting.field.contact_email")} defaultValue={value("contact_email")} error={errors.contact_email} required maxLength={320} />
                      <Field name="contact_phone" type="tel" label={t("clusters.hosting.field.contact_phone")} defaultValue={value("contact_phone")} error={errors.contact_phone} maxLength={40} />
                    </div>
                  </fieldset>
                  <div className="cm-actions">
                    <Button pendingLabel={t("form.submitting")}>{offer ? t("clusters.hosting.offer.update") : t("clusters.hosting.offer.send")}</Button>
                  </div>
                </Form>

                {!offer && entry.recipient.status !== "declined" ? (
                  <details className="panel" open={Boolean(declineFailure)}>
                    <summary>{t("clusters.hosting.decline.toggle")}</summary>
                    <Form method="post" noValidate className="form" ref={declineFailure ? formRef : undefined} aria-label={t("clusters.hosting.decline.form_label", { name: clusterName })}>
                      {declineFailure?.formError ? <Alert tone="error">{declineFailure.formError}</Alert> : null}
                      <input type="hidden" name="intent" value="decline" />
                      <input type="hidden" name="cluster_id" value={entry.cluster.id} />
                      <TextAreaField
                        name="decline_reason"
                        label={t("clusters.hosting.decline.reason")}
                        hint={t("clusters.hosting.decline.reason_hint")}
                        defaultValue={declineFailure?.values.decline_reason ?? ""}
                        error={declineFailure?.fieldErrors.decline_reason}
                        required
                        maxLength={2000}
                      />
                      <Button variant="secondary" pendingLabel={t("form.submitting")}>
                        {t("clusters.hosting.decline.submit")}
                      </Button>
                    </Form>
                  </details>
                ) : null}
              </div>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "clusters.hosting.inbox.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
