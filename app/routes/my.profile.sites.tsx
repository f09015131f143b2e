import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field } from "~/components/form";
import { MapPanel } from "~/components/map/MapPanel";
import { useEditorData } from "~/components/supplier/editor-data";
import { SelectField } from "~/components/supplier/fields";
import { localized } from "~/components/supplier/format";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { addSite, isUuid, removeSite, setPrimarySite, updateSite, type Site } from "~/models/sme.server";
import { errorsFor, shown, type ActionResult } from "~/suppliers/action-result";
import { fieldErrorsOf } from "~/suppliers/field-errors";
import { formObject, LIMITS, siteSchema } from "~/suppliers/forms";
import { KOREAN_REGIONS } from "~/suppliers/regions";
import { echo, modelFailure, refuse, requireSmeEditor, succeed } from "~/suppliers/route-helpers.server";
import { readFormOrRefuse } from "~/utils/form-body.server";

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, membership } = await requireSmeEditor(request);
  const { t } = getServerT(request);
  const organizationId = membership.organization_id;
  const formData = await readFormOrRefuse(request, headers);
  const intent = String(formData.get("intent") ?? "");
  const itemId = formData.get("site_id") ? String(formData.get("site_id")) : null;
  const values = echo(formData);

  if (intent === "add_site" || intent === "update_site") {
    if (intent === "update_site" && !isUuid(itemId)) return refuse(400, headers, { intent, itemId, values, formError: t("supplier_form.error.invalid") });
    const parsed = siteSchema.safeParse(formObject(formData));
    if (!parsed.success) return refuse(400, headers, { intent, itemId, values, fieldErrors: fieldErrorsOf(parsed.error, t), formError: t("form.error_summary") });
    const result =
      intent === "add_site"
        ? await addSite(supabase, { organizationId, input: parsed.data })
        : await updateSite(supabase, { organizationId, siteId: itemId!, input: parsed.data });
    if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, itemId, values, formError: modelFailure(t, result.error).message });
    return succeed(headers, { intent, itemId, notice: t(intent === "add_site" ? "profile.sites.added" : "profile.saved") });
  }

  if (intent === "remove_site" || intent === "make_primary") {
    if (!isUuid(itemId)) return refuse(400, headers, { intent, itemId, formError: t("supplier_form.error.invalid") });
    const result = intent === "remove_site" ? await removeSite(supabase, { organizationId, siteId: itemId }) : await setPrimarySite(supabase, { siteId: itemId });
    if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, itemId, formError: modelFailure(t, result.error).message });
    return succeed(headers, { intent, notice: t(intent === "remove_site" ? "profile.removed" : "profile.sites.primary_set") });
  }

  return refuse(400, headers, { intent, values, formError: t("supplier_form.error.unknown_action") });
}

function SiteForm({ site, result }: { site: Site | null; result: ActionResult | undefined }) {
  const t = useT();
  const intent = site ? "update_site" : "add_site";
  const itemId = site?.id ?? null;
  const errors = errorsFor(result, intent, itemId);
  const value = (field: string, stored: string | number | null | undefined) => shown(result, intent, itemId, field, stored);
  return (
    <Form method="post" className="form" noValidate preventScrollReset>
      {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
      <input type="hidden" name="intent" value={intent} />
      {site ? <input type="hidden" name="site_id" value={site.id} /> : null}
      <div className="form-grid">
        <Field name="name_en" lang="en" label={t("profile.sites.name_en")} maxLength={LIMITS.name} defaultValue={value("name_en", site?.name_en)} error={errors.name_en} />
        <Field name="name_ko" lang="ko" label={t("profile.sites.name_ko")} maxLength={LIMITS.name} defaultValue={value("name_ko", site?.name_ko)} error={errors.name_ko} />
        <Field className="span-all" name="address_ko" lang="ko" label={t("profile.sites.address_ko")} maxLength={LIMITS.address} defaultValue={value("address_ko", site?.address_ko)} error={errors.address_ko} />
        <Field className="span-all" name="address_en" lang="en" label={t("profile.sites.address_en")} maxLength={LIMITS.address} defaultValue={value("address_en", site?.address_en)} error={errors.address_en} />
        <Field name="lat" label={t("profile.sites.lat")} hint={t("profile.sites.lat_hint")} inputMode="decimal" required defaultValue={value("lat", site?.lat)} error={errors.lat} />
        <Field name="lng" label={t("profile.sites.lng")} hint={t("profile.sites.lng_hint")} inputMode="decimal" required defaultValue={value("lng", site?.lng)} error={errors.lng} />
        <SelectField
          name="region"
          label={t("profile.sites.region")}
          hint={t("profile.sites.region_hint")}
          placeholder={t("profile.sites.region_auto")}
          options={KOREAN_REGIONS.map((region) => ({ value: region, label: t(`region.${region}`) }))}
          defaultValue={value("region", site?.region)}
          error={errors.region}
        />
      </div>
      <Button pendingLabel={t("form.submitting")}>{site ? t("profile.sites.save") : t("profile.sites.add")}</Button>
    </Form>
  );
}

export default function ProfileSites() {
  const t = useT();
  const locale = useLocale();
  const { supplier, membership } = useEditorData();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const canEdit = membership.canEdit;
  const companyName = localized(locale, supplier.organization.name_en, supplier.organization.name_ko);
  return (
    <div className="editor-stack">
      {result?.ok && result.notice ? <Alert tone="success">{result.notice}</Alert> : null}
      <section className="panel" aria-labelledby="sites-title">
        <h2 id="sites-title">{t("profile.sites.title")}</h2>
        <p className="muted">{t("profile.sites.lead")}</p>
        {supplier.sites.length === 0 ? <p className="muted">{t("profile.sites.empty")}</p> : null}
        <ul className="item-list" id="editor-site-list">
          {supplier.sites.map((site) => {
            const name = localized(locale, site.name_en, site.name_ko) || t("supplier.site.unnamed");
            const failedHere = result && !result.ok && result.itemId === site.id;
            return (
              <li key={site.id} className="item-card">
                <h3 className="item-card__title">
                  {name} {site.is_primary ? <span className="badge badge--small">{t("supplier.site.primary")}</span> : null}
                </h3>
                <p className="item-card__meta">
                  {localized(locale, site.address_en, site.address_ko)} · {site.lat.toFixed(5)}, {site.lng.toFixed(5)}
                  {site.region ? ` · ${t(`region.${site.region}` as never)}` : ""}
                </p>
                {failedHere && result.intent !== "update_site" ? <Alert tone="error">{result.formError}</Alert> : null}
                {canEdit ? (
                  <>
                    <details open={(failedHere && result.intent === "update_site") || undefined}>
                      <summary>{t("profile.sites.edit", { name })}</summary>
                      <SiteForm site={site} result={result} />
                    </details>
                    <div className="inline-actions">
                      {!site.is_primary ? (
                        <Form method="post" preventScrollReset>
                          <input type="hidden" name="intent" value="make_primary" />
                          <input type="hidden" name="site_id" value={site.id} />
                          <Button variant="secondary">{t("profile.sites.make_primary", { name })}</Button>
                        </Form>
                      ) : null}
                      <Form method="post" preventScrollReset>
                        <input type="hidden" name="intent" value="remove_site" />
                        <input type="hidden" name="site_id" value={site.id} />
                        <Button variant="quiet">{t("profile.sites.remove", { name })}</Button>
                      </Form>
                    </div>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
        {supplier.sites.length > 0 ? (
          <MapPanel
            points={supplier.sites.map((site) => ({
              id: site.id,
              lat: site.lat,
              lng: site.lng,
              label: `${companyName} — ${localized(locale, site.name_en, site.name_ko) || t("supplier.site.unnamed")}`,
              sublabel: localized(locale, site.address_en, site.address_ko) || null,
              kind: site.is_primary ? "primary" : "secondary",
            }))}
            label={t("supplier.map_label", { name: companyName })}
            height={300}
            fitTo="data"
            externalListId="editor-site-list"
          />
        ) : null}
      </section>
      {canEdit ? (
        <section className="panel" aria-labelledby="add-site-title">
          <h2 id="add-site-title">{t("profile.sites.add_title")}</h2>
          <SiteForm key={supplier.sites.length} site={null} result={result} />
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "profile.sites.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
