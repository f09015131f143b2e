import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireClusterEditor } from "~/clusters/access.server";
import { localized, INCENTIVE_KINDS, INFRASTRUCTURE_KINDS, LIMITS } from "~/clusters/content";
import { collectRows, echoForm, nestedFieldErrors, readFormData, rowCount, type FieldErrorMap, type FormEcho } from "~/clusters/form-data";
import { incentiveLabel, infrastructureLabel, parcelStatusLabel } from "~/clusters/labels";
import {
  ANCHOR_FIELDS,
  CLUSTER_LIST_FIELDS,
  clusterContentSchema,
  clusterDesignationSchema,
  INCENTIVE_FIELDS,
  INFRASTRUCTURE_FIELDS,
  STORY_FIELDS,
} from "~/clusters/schemas";
import { Breadcrumbs, CheckboxGroup, formatArea, SelectField, TextAreaField } from "~/clusters/ui";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field, useFocusOnError } from "~/components/form";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { listParcels, listProcessLabels, updateClusterContent } from "~/models/clusters.server";
import { HTTP_STATUS } from "~/models/result.server";
import clustersStylesheet from "~/styles/clusters.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: clustersStylesheet }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, cluster, viewer } = await requireClusterEditor(request, params.slug ?? "");
  const isPlatform = viewer.isPlatform;
  const [processes, parcels] = await Promise.all([listProcessLabels(supabase), listParcels(supabase, { clusterId: cluster.id })]);
  return json({ cluster, processes, parcels, isPlatform }, { headers });
}

type EditFailure = FormEcho & { fieldErrors: FieldErrorMap; formError: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers, cluster, viewer } = await requireClusterEditor(request, params.slug ?? "");
  const isPlatform = viewer.isPlatform;
  const { t } = getServerT(request);
  const formData = await readFormData(request, headers);
  const echo = echoForm(formData, CLUSTER_LIST_FIELDS);
  const fail = (status: number, fieldErrors: FieldErrorMap, formError: string | null) =>
    json<EditFailure>({ ...echo, fieldErrors, formError }, { status, headers });

  if (formData.get("intent") !== "save") return fail(400, {}, t("clusters.form.unknown_intent"));

  const raw = {
    name_en: formData.get("name_en"),
    name_ko: formData.get("name_ko"),
    description_en: formData.get("description_en"),
    description_ko: formData.get("description_ko"),
    focus_areas_en: formData.get("focus_areas_en"),
    focus_areas_ko: formData.get("focus_areas_ko"),
    focus_process_codes: formData.getAll("focus_process_codes"),
    website: formData.get("website"),
    incentives: collectRows(formData, "incentives", INCENTIVE_FIELDS),
    infrastructure: collectRows(formData, "infrastructure", INFRASTRUCTURE_FIELDS),
    anchors: collectRows(formData, "anchors", ANCHOR_FIELDS),
    stories: collectRows(formData, "stories", STORY_FIELDS),
    contact: {
      name_en: formData.get("contact.name_en"),
      name_ko: formData.get("contact.name_ko"),
      email: formData.get("contact.email"),
      phone: formData.get("contact.phone"),
    },
  };
  const parsed = clusterContentSchema.safeParse(raw);
  const designation = isPlatform
    ? clusterDesignationSchema.safeParse({ designation: formData.get("designation"), designation_year: formData.get("designation_year") })
    : null;
  const fieldErrors: FieldErrorMap = {
    ...(parsed.success ? {} : nestedFieldErrors(parsed.error, t, CLUSTER_LIST_FIELDS)),
    ...(designation && !designation.success ? nestedFieldErrors(designation.error, t) : {}),
  };
  if (parsed.success) {
    const known = new Set((await listProcessLabels(supabase)).map((process) => process.code));
    if (parsed.data.focus_process_codes.some((code) => !known.has(code))) fieldErrors.focus_process_codes = t("clusters.hosting.validation.process_unknown");
  }
  if (!parsed.success || Object.keys(fieldErrors).length > 0) return fail(400, fieldErrors, t("form.error_summary"));

  const result = await updateClusterContent(supabase, {
    clusterId: cluster.id,
    input: parsed.data,
    designation: designation?.success ? designation.data : undefined,
  });
  if (!result.ok) {
    const message = result.error.code === "forbidden" ? t("clusters.form.forbidden") : result.error.code === "unavailable" ? t("clusters.form.unavailable") : t("clusters.form.rejected");
    return fail(HTTP_STATUS[result.error.code], {}, message);
  }
  return redirect(`/clusters/${cluster.slug}?notice=saved`, { headers });
}

type Stored = Record<string, string>;

/** The stored lists as the flat "<list>.<index>.<field>" values the form shows. */
function storedValues(cluster: SerializeFrom<typeof loader>["cluster"]): Stored {
  const values: Stored = {
    name_en: cluster.name_en,
    name_ko: cluster.name_ko,
    description_en: cluster.description_en ?? "",
    description_ko: cluster.description_ko ?? "",
    focus_areas_en: cluster.focus_areas_en.join("\n"),
    focus_areas_ko: cluster.focus_areas_ko.join("\n"),
    website: cluster.website ?? "",
    designation: cluster.designation,
    designation_year: cluster.designation_year === null ? "" : String(cluster.designation_year),
    "contact.name_en": cluster.content.contact.name_en ?? "",
    "contact.name_ko": cluster.content.contact.name_ko ?? "",
    "contact.email": cluster.content.contact.email ?? "",
    "contact.phone": cluster.content.contact.phone ?? "",
  };
  const put = (prefix: string, items: ReadonlyArray<Record<string, unknown>>) =>
    items.forEach((item, index) => {
      for (const [field, value] of Object.entries(item)) if (value !== undefined && value !== null) values[`${prefix}.${index}.${field}`] = String(value);
    });
  put("incentives", cluster.content.incentives);
  put("infrastructure", cluster.content.infrastructure);
  put("anchors", cluster.content.anchorCompanies);
  put("stories", cluster.content.successStories);
  return values;
}

export default function EditCluster() {
  const { cluster, processes, parcels, isPlatform } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const formRef = useFocusOnError(failure);
  const stored = storedValues(cluster);
  const values: Stored = failure ? failure.values : stored;
  const errors = failure?.fieldErrors ?? {};
  const selectedProcesses = failure ? (failure.lists.focus_process_codes ?? []) : cluster.focus_process_codes;
  const value = (name: string) => values[name] ?? "";
  const name = localized(locale, cluster.name_en, cluster.name_ko);
  // A fresh form after each failed submission, so inputs show what was sent back.
  const formKey = failure ? `failed-${JSON.stringify(failure).length}` : "stored";

  const categories = [...new Set(processes.map((process) => process.category ?? "other"))];
  const processGroups = categories.map((category) => ({
    heading: undefined,
    options: processes
      .filter((process) => (process.category ?? "other") === category)
      .map((process) => ({ value: process.code, label: localized(locale, process.label_en, process.label_ko) })),
  }));

  const count = (prefix: string, storedCount: number) => rowCount(prefix, failure ? failure.values : {}, storedCount);

  return (
    <div className="container page">
      <Breadcrumbs items={[{ to: "/clusters", label: t("clusters.list.title") }, { to: `/clusters/${cluster.slug}`, label: name }, { label: t("clusters.edit.title") }]} />
      <h1>{t("clusters.edit.heading", { name })}</h1>
      <p className="lead">{t("clusters.edit.lead")}</p>

      <Form method="post" noValidate className="form cm-stack" ref={formRef} key={formKey} aria-label={t("clusters.edit.form_label")}>
        {failure?.formError ? <Alert tone="error">{failure.formError}</Alert> : null}
        <input type="hidden" name="intent" value="save" />

        <fieldset className="cm-fieldset">
          <legend>{t("clusters.edit.basics")}</legend>
          <div className="cm-field-pair">
            <Field name="name_en" label={t("clusters.edit.name_en")} defaultValue={value("name_en")} error={errors.name_en} required maxLength={LIMITS.title} />
            <Field name="name_ko" label={t("clusters.edit.name_ko")} defaultValue={value("name_ko")} error={errors.name_ko} required maxLength={LIMITS.title} lang="ko" />
          </div>
          <div className="cm-field-pair">
            <TextAreaField name="description_en" label={t("clusters.edit.description_en")} defaultValue={value("description_en")} error={errors.description_en} rows={5} maxLength={10000} />
            <TextAreaField name="description_ko" label={t("clusters.edit.description_ko")} defaultValue={value("description_ko")} error={errors.description_ko} rows={5} maxLength={10000} lang="ko" />
          </div>
          <div className="cm-field-pair">
            <TextAreaField name="focus_areas_en" label={t("clusters.edit.focus_areas_en")} hint={t("clusters.edit.one_per_line", { max: LIMITS.focusAreas })} defaultValue={value("focus_areas_en")} error={errors.focus_areas_en} />
            <TextAreaField name="focus_areas_ko" label={t("clusters.edit.focus_areas_ko")} hint={t("clusters.edit.one_per_line", { max: LIMITS.focusAreas })} defaultValue={value("focus_areas_ko")} error={errors.focus_areas_ko} lang="ko" />
          </div>
          <Field name="website" type="url" label={t("clusters.edit.website")} hint={t("clusters.edit.website_hint")} defaultValue={value("website")} error={errors.website} maxLength={LIMITS.url} />
          <details open={Boolean(errors.focus_process_codes)}>
            <summary>{t("clusters.edit.focus_processes_toggle", { count: selectedProcesses.length })}</summary>
            <CheckboxGroup
              name="focus_process_codes"
              legend={t("clusters.edit.focus_processes")}
              hint={t("clusters.edit.focus_processes_hint")}
              groups={processGroups}
              selected={selectedProcesses}
              error={errors.focus_process_codes}
            />
          </details>
        </fieldset>

        <fieldset className="cm-fieldset">
          <legend>{t("clusters.edit.designation")}</legend>
          {isPlatform ? (
            <div className="cm-field-pair">
              <SelectField
                name="designation"
                label={t("clusters.edit.designation_status")}
                defaultValue={value("designation")}
                error={errors.designation}
                options={[
                  { value: "designated", label: t("clusters.designation.designated") },
                  { value: "candidate", label: t("clusters.designation.candidate") },
                ]}
              />
              <Field name="designation_year" inputMode="numeric" label={t("clusters.detail.designation_year")} defaultValue={value("designation_year")} error={errors.designation_year} />
            </div>
          ) : (
            <p>
              {cluster.designation === "designated" ? t("clusters.designated_in", { year: cluster.designation_year ?? "" }) : t("clusters.designation.candidate")}
              <br />
              <span className="muted">{t("clusters.edit.designation_platform_only")}</span>
            </p>
          )}
        </fieldset>

        <KindedRowsFieldset
          group="incentives"
          legend={t("clusters.detail.incentives")}
          rowLegend={(n) => t("clusters.edit.incentive_n", { n })}
          rows={count("incentives", cluster.content.incentives.length)}
          defaultKind="tax"
          kinds={INCENTIVE_KINDS.map((kind) => ({ value: kind, label: incentiveLabel(t, kind) }))}
          nameField="title"
          nameLabels={{ en: t("clusters.edit.title_en"), ko: t("clusters.edit.title_ko") }}
          value={value}
          errors={errors}
        />

        <KindedRowsFieldset
          group="infrastructure"
          legend={t("clusters.detail.infrastructure")}
          rowLegend={(n) => t("clusters.edit.facility_n", { n })}
          rows={count("infrastructure", cluster.content.infrastructure.length)}
          defaultKind="test"
          kinds={INFRASTRUCTURE_KINDS.map((kind) => ({ value: kind, label: infrastructureLabel(t, kind) }))}
          nameField="name"
          nameLabels={{ en: t("clusters.edit.item_name_en"), ko: t("clusters.edit.item_name_ko") }}
          value={value}
          errors={errors}
        />

        <fieldset className="cm-fieldset">
          <legend>{t("clusters.detail.anchor_companies")}</legend>
          <p className="field__hint">{t("clusters.edit.rows_hint")}</p>
          {errors.anchors ? <p className="field__error">{errors.anchors}</p> : null}
          {Array.from({ length: count("anchors", cluster.content.anchorCompanies.length) }, (_, index) => {
            const prefix = `anchors.${index}`;
            return (
              <fieldset key={prefix} className="cm-row-editor">
                <legend>{t("clusters.edit.anchor_n", { n: index + 1 })}</legend>
                <input type="hidden" name={`${prefix}.organization_id`} value={value(`${prefix}.organization_id`)} />
                <div className="cm-field-pair">
                  <Field name={`${prefix}.name_en`} label={t("clusters.edit.item_name_en")} defaultValue={value(`${prefix}.name_en`)} error={errors[`${prefix}.name_en`]} maxLength={LIMITS.title} />
                  <Field name={`${prefix}.name_ko`} label={t("clusters.edit.item_name_ko")} defaultValue={value(`${prefix}.name_ko`)} error={errors[`${prefix}.name_ko`]} maxLength={LIMITS.title} lang="ko" />
                </div>
                <div className="cm-field-pair">
                  <TextAreaField name={`${prefix}.description_en`} label={t("clusters.edit.item_description_en")} defaultValue={value(`${prefix}.description_en`)} error={errors[`${prefix}.description_en`]} maxLength={LIMITS.text} />
                  <TextAreaField name={`${prefix}.description_ko`} label={t("clusters.edit.item_description_ko")} defaultValue={value(`${prefix}.description_ko`)} error={errors[`${prefix}.description_ko`]} maxLength={LIMITS.text} lang="ko" />
                </div>
              </fieldset>
            );
          })}
        </fieldset>

        <fieldset className="cm-fieldset">
          <legend>{t("clusters.detail.success_stories")}</legend>
          <p className="field__hint">{t("clusters.edit.rows_hint")}</p>
          {errors.stories ? <p className="field__error">{errors.stories}</p> : null}
          {Array.from({ length: count("stories", cluster.content.successStories.length) }, (_, index) => {
            const prefix = `stories.${index}`;
            return (
              <fieldset key={prefix} className="cm-row-editor">
                <legend>{t("clusters.edit.story_n", { n: index + 1 })}</legend>
                <div className="cm-field-pair">
                  <Field name={`${prefix}.title_en`} label={t("clusters.edit.title_en")} defaultValue={value(`${prefix}.title_en`)} error={errors[`${prefix}.title_en`]} maxLength={LIMITS.title} />
                  <Field name={`${prefix}.title_ko`} label={t("clusters.edit.title_ko")} defaultValue={value(`${prefix}.title_ko`)} error={errors[`${prefix}.title_ko`]} maxLength={LIMITS.title} lang="ko" />
                </div>
                <Field name={`${prefix}.year`} inputMode="numeric" label={t("clusters.edit.story_year")} defaultValue={value(`${prefix}.year`)} error={errors[`${prefix}.year`]} maxLength={4} />
                <div className="cm-field-pair">
                  <TextAreaField name={`${prefix}.body_en`} label={t("clusters.edit.story_body_en")} defaultValue={value(`${prefix}.body_en`)} error={errors[`${prefix}.body_en`]} maxLength={LIMITS.text} />
                  <TextAreaField name={`${prefix}.body_ko`} label={t("clusters.edit.story_body_ko")} defaultValue={value(`${prefix}.body_ko`)} error={errors[`${prefix}.body_ko`]} maxLength={LIMITS.text} lang="ko" />
                </div>
              </fieldset>
            );
          })}
        </fieldset>

        <fieldset className="cm-fieldset">
          <legend>{t("clusters.detail.contacts")}</legend>
          <div className="cm-field-pair">
            <Field name="contact.name_en" label={t("clusters.edit.contact_name_en")} defaultValue={value("contact.name_en")} error={errors["contact.name_en"]} maxLength={LIMITS.title} />
            <Field name="contact.name_ko" label={t("clusters.edit.contact_name_ko")} defaultValue={value("contact.name_ko")} error={errors["contact.name_ko"]} maxLength={LIMITS.title} lang="ko" />
          </div>
          <div className="cm-field-pair">
            <Field name="contact.email" type="email" label={t("clusters.detail.contact_email")} hint={t("clusters.edit.contact_email_hint")} defaultValue={value("contact.email")} error={errors["contact.email"]} maxLength={LIMITS.email} />
            <Field name="contact.phone" type="tel" label={t("clusters.detail.contact_phone")} defaultValue={value("contact.phone")} error={errors["contact.phone"]} maxLength={LIMITS.phone} />
          </div>
        </fieldset>

        <div className="cm-actions">
          <Button pendingLabel={t("form.submitting")}>{t("clusters.edit.save")}</Button>
          <Link to={`/clusters/${cluster.slug}`}>{t("clusters.edit.cancel")}</Link>
        </div>
      </Form>

      <section className="cm-section" aria-labelledby="edit-parcels-title">
        <h2 id="edit-parcels-title">{t("clusters.detail.land")}</h2>
        {parcels.length === 0 ? (
          <p className="cm-empty">{t("clusters.detail.no_parcels")}</p>
        ) : (
          <ul className="cm-list-plain">
            {parcels.map((parcel) => {
              const parcelName = localized(locale, parcel.name_en, parcel.name_ko);
              return (
                <li key={parcel.id} className="cm-item cm-actions">
                  <strong>{parcelName}</strong>
                  <span className="muted">
                    {formatArea(parcel.area_m2, locale)} · {parcelStatusLabel(t, parcel.status)}
                  </span>
                  <Link to={`/clusters/${cluster.slug}/parcels/${parcel.id}`} aria-label={t("clusters.parcel.edit_named", { name: parcelName })}>
                    {t("clusters.parcel.edit")}
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
        <p>
          <Link to={`/clusters/${cluster.slug}/parcels/new`} className="button button--secondary">
            {t("clusters.parcel.add")}
          </Link>
        </p>
      </section>
    </div>
  );
}

/** Incentives and infrastructure share one row editor: a kind, a name and a description in both languages. */
function KindedRowsFieldset(props: {
  group: "incentives" | "infrastructure";
  legend: string;
  rowLegend: (n: number) => string;
  rows: number;
  defaultKind: string;
  kinds: { value: string; label: string }[];
  nameField: "title" | "name";
  nameLabels: { en: string; ko: string };
  value: (name: string) => string;
  errors: FieldErrorMap;
}) {
  const t = useT();
  const { group, value, errors, nameField } = props;
  return (
    <fieldset className="cm-fieldset">
      <legend>{props.legend}</legend>
      <p className="field__hint">{t("clusters.edit.rows_hint")}</p>
      {errors[group] ? <p className="field__error">{errors[group]}</p> : null}
      {Array.from({ length: props.rows }, (_, index) => {
        const prefix = `${group}.${index}`;
        return (
          <fieldset key={prefix} className="cm-row-editor">
            <legend>{props.rowLegend(index + 1)}</legend>
            <SelectField
              name={`${prefix}.kind`}
              label={t("clusters.edit.kind")}
              defaultValue={value(`${prefix}.kind`) || props.defaultKind}
              error={errors[`${prefix}.kind`]}
              options={props.kinds}
            />
            <div className="cm-field-pair">
              <Field name={`${prefix}.${nameField}_en`} label={props.nameLabels.en} defaultValue={value(`${prefix}.${nameField}_en`)} error={errors[`${prefix}.${nameField}_en`]} maxLength={LIMITS.title} />
              <Field name={`${prefix}.${nameField}_ko`} label={props.nameLabels.ko} defaultValue={value(`${prefix}.${nameField}_ko`)} error={errors[`${prefix}.${nameField}_ko`]} maxLength={LIMITS.title} lang="ko" />
            </div>
            <div className="cm-field-pair">
              <TextAreaField name={`${prefix}.description_en`} label={t("clusters.edit.item_description_en")} defaultValue={value(`${prefix}.description_en`)} error={errors[`${prefix}.description_en`]} maxLength={LIMITS.text} />
              <TextAreaField name={`${prefix}.description_ko`} label={t("clusters.edit.item_description_ko")} defaultValue={value(`${prefix}.description_ko`)} error={errors[`${prefix}.description_ko`]} maxLength={LIMITS.text} lang="ko" />
            </div>
          </fieldset>
        );
      })}
    </fieldset>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "clusters.edit.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
