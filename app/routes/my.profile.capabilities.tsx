import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field } from "~/components/form";
import { useEditorData } from "~/components/supplier/editor-data";
import { TextAreaField } from "~/components/supplier/fields";
import { TaxonomyPicker } from "~/components/supplier/TaxonomyPicker";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import {
  addCapability,
  getSupplierProfile,
  isUuid,
  removeCapability,
  setMaterialOnCapabilities,
  setTags,
  updateCapability,
} from "~/models/sme.server";
import { byCode, loadTaxonomies, suggestTaxonomyTerms } from "~/models/taxonomy.server";
import { errorsFor, shown, type ActionResult } from "~/suppliers/action-result";
import { fieldErrorsOf } from "~/suppliers/field-errors";
import { capabilityUpdateSchema, codeSchema, formObject, LIMITS, tagSchema } from "~/suppliers/forms";
import { echo, modelFailure, refuse, requireSmeEditor, succeed } from "~/suppliers/route-helpers.server";
import { requireUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const mq = (url.searchParams.get("mq") ?? "").slice(0, 100);
  const taxonomies = await loadTaxonomies(supabase);
  const [processSuggestions, materialSuggestions] = await Promise.all([
    q.trim() ? suggestTaxonomyTerms(supabase, { kind: "processes", query: q, limit: 10 }) : Promise.resolve([]),
    mq.trim() ? suggestTaxonomyTerms(supabase, { kind: "materials", query: mq, limit: 10 }) : Promise.resolve([]),
  ]);
  return json(
    {
      q,
      mq,
      processSuggestions,
      materialSuggestions,
      materials: taxonomies.materials.map((material) => ({ code: material.code, label_en: material.label_en, label_ko: material.label_ko })),
    },
    { headers },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, membership } = await requireSmeEditor(request);
  const { t } = getServerT(request);
  const organizationId = membership.organization_id;
  const formData = await readFormOrRefuse(request, headers);
  const intent = String(formData.get("intent") ?? "");
  const values = echo(formData, ["material_codes"]);
  const taxonomies = await loadTaxonomies(supabase);
  const processes = byCode(taxonomies.processes);
  const materials = byCode(taxonomies.materials);
  const failed = (status: number, message: string, itemId: string | null = null) => refuse(status, headers, { intent, itemId, values, formError: message });

  if (intent === "add_capability") {
    const code = codeSchema.safeParse(formData.get("process_code"));
    if (!code.success || !processes.has(code.data)) return failed(400, t("profile.capabilities.unknown_process"));
    const result = await addCapability(supabase, { organizationId, processCode: code.data });
    if (!result.ok) {
      return failed(modelFailure(t, result.error).status, result.error.code === "conflict" ? t("profile.capabilities.duplicate") : modelFailure(t, result.error).message);
    }
    return succeed(headers, { intent, itemId: result.value, notice: t("profile.capabilities.added", { process: processes.get(code.data)!.label_en }) });
  }

  if (intent === "update_capability") {
    const parsed = capabilityUpdateSchema.safeParse(formObject(formData, ["material_codes"]));
    const itemId = String(formData.get("capability_id") ?? "");
    if (!parsed.success) return refuse(400, headers, { intent, itemId, values, fieldErrors: fieldErrorsOf(parsed.error, t), formError: t("form.error_summary") });
    if (parsed.data.material_codes.some((code) => !materials.has(code))) return failed(400, t("profile.capabilities.unknown_material"), itemId);
    const { capability_id: capabilityId, ...input } = parsed.data;
    const result = await updateCapability(supabase, { organizationId, capabilityId, input });
    if (!result.ok) return failed(modelFailure(t, result.error).status, modelFailure(t, result.error).message, itemId);
    return succeed(headers, { intent, itemId, notice: t("profile.saved") });
  }

  if (intent === "remove_capability") {
    const capabilityId = String(formData.get("capability_id") ?? "");
    if (!isUuid(capabilityId)) return failed(400, t("supplier_form.error.invalid"));
    const result = await removeCapability(supabase, { organizationId, capabilityId });
    if (!result.ok) return failed(modelFailure(t, result.error).status, modelFailure(t, result.error).message, capabilityId);
    return succeed(headers, { intent, notice: t("profile.removed") });
  }

  if (intent === "add_material" || intent === "remove_material") {
    const code = codeSchema.safeParse(formData.get("material_code"));
    if (!code.success || !materials.has(code.data)) return failed(400, t("profile.capabilities.unknown_material"));
    const result = await setMaterialOnCapabilities(supabase, { organizationId, materialCode: code.data, present: intent === "add_material" });
    if (!result.ok) return failed(modelFailure(t, result.error).status, modelFailure(t, result.error).message);
    if (intent === "add_material" && result.value === 0) {
      const supplier = await getSupplierProfile(supabase, { organizationId });
      if (supplier && supplier.capabilities.length === 0) return failed(409, t("profile.materials.need_process"));
    }
    return succeed(headers, { intent, notice: t(intent === "add_material" ? "profile.materials.added" : "profile.removed") });
  }

  if (intent === "add_tag" || intent === "remove_tag") {
    const parsed = tagSchema.safeParse({ tag: formData.get("tag") });
    if (!parsed.success) return refuse(400, headers, { intent, values, fieldErrors: fieldErrorsOf(parsed.error, t), formError: fieldErrorsOf(parsed.error, t).tag ?? null });
    const supplier = await getSupplierProfile(supabase, { organizationId });
    if (!supplier) return failed(404, t("supplier_form.error.not_found"));
    const current = supplier.profile.tags;
    const tag = parsed.data.tag;
    const exists = current.some((existing) => existing.toLowerCase() === tag.toLowerCase());
    if (intent === "add_tag" && exists) return succeed(headers, { intent, notice: t("profile.tags.added", { tag }) });
    if (intent === "add_tag" && current.length >= LIMITS.tags) return failed(400, t("profile.tags.too_many", { maximum: LIMITS.tags }));
    const next = intent === "add_tag" ? [...current, tag] : current.filter((existing) => existing !== tag);
    const result = await setTags(supabase, { organizationId, tags: next });
    if (!result.ok) return failed(modelFailure(t, result.error).status, modelFailure(t, result.error).message);
    return succeed(headers, { intent, notice: t(intent === "add_tag" ? "profile.tags.added" : "profile.removed", { tag }) });
  }

  return failed(400, t("supplier_form.error.unknown_action"));
}

export default function ProfileCapabilities() {
  const t = useT();
  const locale = useLocale();
  const { supplier, membership } = useEditorData();
  const { q, mq, processSuggestions, materialSuggestions, materials } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const canEdit = membership.canEdit;
  const label = (entry: { en: string; ko: string } | undefined, code: string) => (entry ? entry[locale] : code);
  const materialLabel = (code: string) => {
    const material = materials.find((entry) => entry.code === code);
    return material ? (locale === "ko" ? material.label_ko : material.label_en) : code;
  };
  const pageError = result && !result.ok && !result.itemId && Object.keys(result.fieldErrors).length === 0 ? result.formError : null;

  return (
    <div className="editor-stack">
      {result?.ok && result.notice ? <Alert tone="success">{result.notice}</Alert> : null}
      {pageError ? <Alert tone="error">{pageError}</Alert> : null}

      <section className="panel" aria-labelledby="capabilities-title">
        <h2 id="capabilities-title">{t("profile.capabilities.title")}</h2>
        <p className="muted">{t("profile.capabilities.lead")}</p>
        {canEdit ? (
          <TaxonomyPicker
            kind="processes"
            param="q"
            query={q}
            suggestions={processSuggestions}
            exclude={supplier.capabilities.map((capability) => capability.process_code)}
            addIntent="add_capability"
            fieldName="process_code"
            searchLabel={t("profile.capabilities.search")}
            searchHint={t("profile.capabilities.search_hint")}
            allowFreeTag
            keep={mq ? { mq } : undefined}
          />
        ) : null}

        {supplier.capabilities.length === 0 ? <p className="muted">{t("profile.capabilities.empty")}</p> : null}
        <ul className="item-list">
          {supplier.capabilities.map((capability) => {
            const processLabel = label(supplier.labels.processes[capability.process_code], capability.process_code);
            const errors = errorsFor(result, "update_capability", capability.id);
            const removeError = errorsFor(result, "remove_capability", capability.id).form;
            const value = (field: string, stored: string | number | null) => shown(result, "update_capability", capability.id, field, stored);
            const failedHere = result && !result.ok && result.intent === "update_capability" && result.itemId === capability.id;
            const chosen = failedHere ? ((result.values.material_codes as string[] | undefined) ?? []) : capability.material_codes;
            return (
              <li key={capability.id} className="item-card">
                <h3 className="item-card__title">{processLabel}</h3>
                {capability.material_codes.length > 0 ? (
                  <p className="item-card__meta">{t("supplier.capability.materials", { materials: capability.material_codes.map(materialLabel).join(", ") })}</p>
                ) : null}
                {removeError ? <Alert tone="error">{removeError}</Alert> : null}
                {canEdit ? (
                  <>
                    <details open={failedHere || undefined}>
                      <summary>{t("profile.capabilities.edit", { process: processLabel })}</summary>
                      <Form method="post" className="form" noValidate preventScrollReset>
                        {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
                        <input type="hidden" name="intent" value="update_capability" />
                        <input type="hidden" name="capability_id" value={capability.id} />
                        <fieldset className="checkbox-grid">
                          <legend>{t("profile.capabilities.materials_for", { process: processLabel })}</legend>
                          {materials.map((material) => (
                            <label key={material.code} className="checkbox-field__row">
                              <input type="checkbox" name="material_codes" value={material.code} defaultChecked={chosen.includes(material.code)} />
                              {locale === "ko" ? material.label_ko : material.label_en}
                            </label>
                          ))}
                        </fieldset>
                        <div className="form-grid">
                          <Field name="envelope_x_mm" label={t("profile.capabilities.envelope_x")} inputMode="decimal" defaultValue={value("envelope_x_mm", capability.envelope_x_mm)} error={errors.envelope_x_mm} />
                          <Field name="envelope_y_mm" label={t("profile.capabilities.envelope_y")} inputMode="decimal" defaultValue={value("envelope_y_mm", capability.envelope_y_mm)} error={errors.envelope_y_mm} />
                          <Field name="envelope_z_mm" label={t("profile.capabilities.envelope_z")} inputMode="decimal" defaultValue={value("envelope_z_mm", capability.envelope_z_mm)} error={errors.envelope_z_mm} />
                          <Field name="tolerance_mm" label={t("profile.capabilities.tolerance")} inputMode="decimal" defaultValue={value("tolerance_mm", capability.tolerance_mm)} error={errors.tolerance_mm} />
                          <TextAreaField className="span-all" name="capacity_note" label={t("profile.capabilities.capacity")} rows={2} maxLength={LIMITS.capacity} defaultValue={value("capacity_note", capability.capacity_note)} error={errors.capacity_note} />
                          <TextAreaField className="span-all" name="description_en" lang="en" label={t("profile.capabilities.description_en")} rows={3} defaultValue={value("description_en", capability.description_en)} error={errors.description_en} />
                          <TextAreaField className="span-all" name="description_ko" lang="ko" label={t("profile.capabilities.description_ko")} rows={3} defaultValue={value("description_ko", capability.description_ko)} error={errors.description_ko} />
                        </div>
                        <Button pendingLabel={t("form.submitting")}>{t("profile.capabilities.save", { process: processLabel })}</Button>
                      </Form>
                    </details>
                    <Form method="post" preventScrollReset>
                      <input type="hidden" name="intent" value="remove_capability" />
                      <input type="hidden" name="capability_id" value={capability.id} />
                      <Button variant="quiet">{t("profile.capabilities.remove", { process: processLabel })}</Button>
                    </Form>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>

      <section className="panel" aria-labelledby="materials-title">
        <h2 id="materials-title">{t("profile.materials.title")}</h2>
        <p className="muted">{t("profile.materials.lead")}</p>
        {supplier.materialCodes.length === 0 ? (
          <p className="muted">{t("profile.materials.empty")}</p>
        ) : (
          <ul className="chip-list">
            {supplier.materialCodes.map((code) => (
              <li key={code} className="chip">
                {materialLabel(code)}
                {canEdit ? (
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="intent" value="remove_material" />
                    <input type="hidden" name="material_code" value={code} />
                    <button type="submit" className="chip__remove" aria-label={t("profile.materials.remove", { material: materialLabel(code) })}>
                      ×
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {canEdit ? (
          <TaxonomyPicker
            kind="materials"
            param="mq"
            query={mq}
            suggestions={materialSuggestions}
            exclude={supplier.materialCodes}
            addIntent="add_material"
            fieldName="material_code"
            searchLabel={t("profile.materials.search")}
            searchHint={t("profile.capabilities.search_hint")}
            allowFreeTag
            keep={q ? { q } : undefined}
          />
        ) : null}
      </section>

      <section className="panel" aria-labelledby="tags-title">
        <h2 id="tags-title">{t("profile.tags.title")}</h2>
        <p className="muted">{t("profile.tags.lead")}</p>
        {supplier.profile.tags.length === 0 ? (
          <p className="muted">{t("profile.tags.empty")}</p>
        ) : (
          <ul className="chip-list">
            {supplier.profile.tags.map((tag) => (
              <li key={tag} className="chip chip--tag">
                {tag}
                {canEdit ? (
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="intent" value="remove_tag" />
                    <input type="hidden" name="tag" value={tag} />
                    <button type="submit" className="chip__remove" aria-label={t("profile.tags.remove", { tag })}>
                      ×
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {canEdit ? (
          <Form method="post" className="search-row" noValidate preventScrollReset>
            <input type="hidden" name="intent" value="add_tag" />
            <Field
              name="tag"
              label={t("profile.tags.new")}
              maxLength={LIMITS.tag}
              defaultValue={shown(result, "add_tag", null, "tag", "")}
              error={errorsFor(result, "add_tag").tag}
            />
            <Button variant="secondary">{t("profile.tags.add")}</Button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "profile.capabilities.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
