import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { localized, SOUGHT_INCENTIVE_KINDS } from "~/clusters/content";
import { echoForm, nestedFieldErrors, readFormData, type FieldErrorMap, type FormEcho } from "~/clusters/form-data";
import { incentiveLabel } from "~/clusters/labels";
import { Breadcrumbs, CheckboxGroup, SelectField, TextAreaField } from "~/clusters/ui";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field, useFocusOnError } from "~/components/form";
import { inquiryReceivedMail } from "~/hosting/mail";
import { sendHostingMails, siteLink } from "~/hosting/notify.server";
import { hostingInquirySchema, INQUIRY_LIMITS, INQUIRY_LIST_FIELDS } from "~/hosting/schemas";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { getViewer, listClusters, listProcessLabels } from "~/models/clusters.server";
import { clusterContactEmails, sendInquiry } from "~/models/hosting.server";
import { HTTP_STATUS } from "~/models/result.server";
import { REGIONS, type RegionCode } from "~/search/query";
import clustersStylesheet from "~/styles/clusters.css";
import { todayInKorea } from "~/suppliers/expiry";
import { toSessionUser } from "~/utils/session-user.server";
import { requireUser } from "~/utils/supabase.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: clustersStylesheet }];

async function requireContractor(request: Request) {
  const context = await requireUser(request);
  const viewer = await getViewer(context.supabase, { userId: context.user.id });
  if (viewer.contractorAdminOrgs.length === 0) throw new Response("Forbidden", { status: 403, headers: context.headers });
  return { ...context, viewer };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, supabase, headers, viewer } = await requireContractor(request);
  const [clusters, processes] = await Promise.all([listClusters(supabase), listProcessLabels(supabase)]);
  const preselected = new URL(request.url).searchParams.get("cluster");
  const sessionUser = toSessionUser(user);
  return json(
    {
      organizations: viewer.contractorAdminOrgs.map((org) => ({ id: org.organizationId, name_en: org.nameEn, name_ko: org.nameKo })),
      clusters: clusters.map((cluster) => ({
        id: cluster.id,
        slug: cluster.slug,
        name_en: cluster.name_en,
        name_ko: cluster.name_ko,
        region: cluster.region,
        designation_year: cluster.designation_year,
      })),
      processes: processes.map((process) => ({ code: process.code, label_en: process.label_en, label_ko: process.label_ko, category: process.category ?? "other" })),
      preselectedClusterIds: clusters.filter((cluster) => cluster.slug === preselected).map((cluster) => cluster.id),
      contact: { name: sessionUser.displayName, email: sessionUser.email },
    },
    { headers },
  );
}

type InquiryFailure = FormEcho & { fieldErrors: FieldErrorMap; formError: string | null };

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, viewer } = await requireContractor(request);
  const { t } = getServerT(request);
  const formData = await readFormData(request, headers);
  const echo = echoForm(formData, INQUIRY_LIST_FIELDS);
  const fail = (status: number, fieldErrors: FieldErrorMap, formError: string | null) => json<InquiryFailure>({ ...echo, fieldErrors, formError }, { status, headers });

  const organizationId = formData.get("organization_id") ?? viewer.contractorAdminOrgs[0]?.organizationId;
  const parsed = hostingInquirySchema(todayInKorea()).safeParse({
    organization_id: organizationId,
    title: formData.get("title"),
    description: formData.get("description"),
    land_area_m2: formData.get("land_area_m2"),
    workforce: formData.get("workforce"),
    start_by: formData.get("start_by"),
    timeline_note: formData.get("timeline_note"),
    process_codes: formData.getAll("process_codes"),
    incentives_sought: formData.getAll("incentives_sought"),
    cluster_ids: formData.getAll("cluster_ids"),
    contact_name: formData.get("contact_name"),
    contact_email: formData.get("contact_email"),
    contact_phone: formData.get("contact_phone"),
  });
  if (!parsed.success) return fail(400, nestedFieldErrors(parsed.error, t, INQUIRY_LIST_FIELDS), t("form.error_summary"));
  const input = parsed.data;

  const fieldErrors: FieldErrorMap = {};
  if (!viewer.contractorAdminOrgs.some((org) => org.organizationId === input.organization_id)) fieldErrors.organization_id = t("clusters.hosting.validation.organization_required");
  const [processes, contacts] = await Promise.all([listProcessLabels(supabase), clusterContactEmails(supabase, { clusterIds: input.cluster_ids })]);
  const knownProcesses = new Set(processes.map((process) => process.code));
  if (input.process_codes.some((code) => !knownProcesses.has(code))) fieldErrors.process_codes = t("clusters.hosting.validation.process_unknown");
  if (contacts.length !== input.cluster_ids.length) fieldErrors.cluster_ids = t("clusters.hosting.validation.cluster_unknown");
  if (Object.keys(fieldErrors).length > 0) return fail(400, fieldErrors, t("form.error_summary"));

  const sent = await sendInquiry(supabase, { input });
  if (!sent.ok) {
    const message = sent.error.code === "forbidden" ? t("clusters.form.forbidden") : sent.error.code === "unavailable" ? t("clusters.form.unavailable") : t("clusters.form.rejected");
    return fail(HTTP_STATUS[sent.error.code], {}, message);
  }

  const organization = viewer.contractorAdminOrgs.find((org) => org.organizationId === input.organization_id)!;
  await sendHostingMails(
    contacts
      .filter((contact) => contact.email)
      .map((contact) =>
        inquiryReceivedMail({
          to: contact.email!,
          clusterNameEn: contact.name_en,
          clusterNameKo: contact.name_ko,
          contractorNameEn: organization.nameEn,
          contractorNameKo: organization.nameKo,
          title: input.title,
          landAreaM2: input.land_area_m2,
          workforce: input.workforce,
          startBy: input.start_by,
          link: siteLink(`/hosting/inbox/${sent.value}`),
        }),
      ),
  );
  return redirect(`/hosting/${sent.value}/compare?notice=sent`, { headers });
}

export default function NewHostingInquiry() {
  const { organizations, clusters, processes, preselectedClusterIds, contact } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const formRef = useFocusOnError(failure);
  const values = failure?.values ?? { contact_name: contact.name, contact_email: contact.email, organization_id: organizations[0]?.id ?? "" };
  const lists = failure?.lists ?? { cluster_ids: preselectedClusterIds };
  const errors = failure?.fieldErrors ?? {};
  const value = (name: string) => values[name] ?? "";

  const categories = [...new Set(processes.map((process) => process.category))];
  const processGroups = categories.map((category) => ({
    options: processes.filter((process) => process.category === category).map((process) => ({ value: process.code, label: localized(locale, process.label_en, process.label_ko) })),
  }));

  return (
    <div className="container page">
      <Breadcrumbs items={[{ to: "/hosting", label: t("clusters.hosting.list.title") }, { label: t("clusters.hosting.new.title") }]} />
      <h1>{t("clusters.hosting.new.title")}</h1>
      <p className="lead">{t("clusters.hosting.new.lead")}</p>

      <Form method="post" noValidate className="form cm-stack" ref={formRef} key={failure ? `failed-${JSON.stringify(failure).length}` : "new"} aria-label={t("clusters.hosting.new.title")}>
        {failure?.formError ? <Alert tone="error">{failure.formError}</Alert> : null}

        <fieldset className="cm-fieldset">
          <legend>{t("clusters.hosting.new.division")}</legend>
          {organizations.length > 1 ? (
            <SelectField
              name="organization_id"
              label={t("clusters.hosting.field.organization")}
              defaultValue={value("organization_id")}
              error={errors.organization_id}
              required
              options={organizations.map((org) => ({ value: org.id, label: localized(locale, org.name_en, org.name_ko) }))}
            />
          ) : (
            <input type="hidden" name="organization_id" value={organizations[0]?.id ?? ""} />
          )}
          {errors.organization_id && organizations.length <= 1 ? <p className="field__error">{errors.organization_id}</p> : null}
          <Field name="title" label={t("clusters.hosting.field.title")} hint={t("clusters.hosting.field.title_hint")} defaultValue={value("title")} error={errors.title} required maxLength={INQUIRY_LIMITS.title} />
          <TextAreaField name="description" label={t("clusters.hosting.field.description")} defaultValue={value("description")} error={errors.description} maxLength={INQUIRY_LIMITS.description} rows={4} />
          <div className="cm-field-pair">
            <Field name="land_area_m2" inputMode="decimal" label={t("clusters.hosting.field.land_area")} defaultValue={value("land_area_m2")} error={errors.land_area_m2} required />
            <Field name="workforce" inputMode="numeric" label={t("clusters.hosting.field.workforce")} defaultValue={value("workforce")} error={errors.workforce} required />
            <Field name="start_by" type="date" label={t("clusters.hosting.field.start_by")} defaultValue={value("start_by")} error={errors.start_by} required />
          </div>
          <TextAreaField name="timeline_note" label={t("clusters.hosting.field.timeline_note")} hint={t("clusters.hosting.field.timeline_note_hint")} defaultValue={value("timeline_note")} error={errors.timeline_note} maxLength={INQUIRY_LIMITS.timelineNote} />
        </fieldset>

        <CheckboxGroup
          name="process_codes"
          legend={t("clusters.hosting.field.processes")}
          hint={t("clusters.hosting.field.processes_hint", { max: INQUIRY_LIMITS.processes })}
          groups={processGroups}
          selected={lists.process_codes ?? []}
          error={errors.process_codes}
        />

        <CheckboxGroup
          name="incentives_sought"
          legend={t("clusters.hosting.field.incentives_sought")}
          groups={[{ options: SOUGHT_INCENTIVE_KINDS.map((kind) => ({ value: kind, label: incentiveLabel(t, kind) })) }]}
          selected={lists.incentives_sought ?? []}
          error={errors.incentives_sought}
        />

        <CheckboxGroup
          name="cluster_ids"
          legend={t("clusters.hosting.field.clusters")}
          hint={t("clusters.hosting.field.clusters_hint", { max: INQUIRY_LIMITS.clusters })}
          required
          groups={[
            {
              options: clusters.map((cluster) => ({
                value: cluster.id,
                label: localized(locale, cluster.name_en, cluster.name_ko),
                note: cluster.region in REGIONS ? REGIONS[cluster.region as RegionCode][locale] : cluster.region,
              })),
            },
          ]}
          selected={lists.cluster_ids ?? []}
          error={errors.cluster_ids}
        />

        <fieldset className="cm-fieldset">
          <legend>{t("clusters.hosting.field.contact")}</legend>
          <p className="field__hint">{t("clusters.hosting.field.contact_hint")}</p>
          <div className="cm-field-pair">
            <Field name="contact_name" label={t("clusters.hosting.field.contact_name")} autoComplete="name" defaultValue={value("contact_name")} error={errors.contact_name} required maxLength={INQUIRY_LIMITS.contactName} />
            <Field name="contact_email" type="email" label={t("clusters.hosting.field.contact_email")} autoComplete="email" defaultValue={value("contact_email")} error={errors.contact_email} required maxLength={320} />
            <Field name="contact_phone" type="tel" label={t("clusters.hosting.field.contact_phone")} autoComplete="tel" defaultValue={value("contact_phone")} error={errors.contact_phone} maxLength={INQUIRY_LIMITS.phone} />
          </div>
        </fieldset>

        <div className="cm-actions">
          <Button pendingLabel={t("form.submitting")}>{t("clusters.hosting.new.submit")}</Button>
          <Link to="/hosting">{t("clusters.edit.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "clusters.hosting.new.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
