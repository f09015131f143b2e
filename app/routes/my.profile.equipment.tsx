import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field } from "~/components/form";
import { useEditorData } from "~/components/supplier/editor-data";
import { SelectField, TextAreaField } from "~/components/supplier/fields";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { addEquipment, isUuid, removeEquipment, updateEquipment, type Equipment } from "~/models/sme.server";
import { byCode, loadTaxonomies } from "~/models/taxonomy.server";
import { errorsFor, shown, type ActionResult } from "~/suppliers/action-result";
import { fieldErrorsOf } from "~/suppliers/field-errors";
import { equipmentSchema, formObject, LIMITS } from "~/suppliers/forms";
import { echo, modelFailure, refuse, requireSmeEditor, succeed } from "~/suppliers/route-helpers.server";
import { requireUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const taxonomies = await loadTaxonomies(supabase);
  return json({ processes: taxonomies.processes.map((p) => ({ code: p.code, label_en: p.label_en, label_ko: p.label_ko })) }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, membership } = await requireSmeEditor(request);
  const { t } = getServerT(request);
  const organizationId = membership.organization_id;
  const formData = await readFormOrRefuse(request, headers);
  const intent = String(formData.get("intent") ?? "");
  const itemId = formData.get("equipment_id") ? String(formData.get("equipment_id")) : null;
  const values = echo(formData);

  if (intent === "add_equipment" || intent === "update_equipment") {
    if (intent === "update_equipment" && !isUuid(itemId)) return refuse(400, headers, { intent, itemId, values, formError: t("supplier_form.error.invalid") });
    const parsed = equipmentSchema.safeParse(formObject(formData));
    if (!parsed.success) return refuse(400, headers, { intent, itemId, values, fieldErrors: fieldErrorsOf(parsed.error, t), formError: t("form.error_summary") });
    const processes = byCode((await loadTaxonomies(supabase)).processes);
    if (parsed.data.process_code && !processes.has(parsed.data.process_code)) {
      return refuse(400, headers, { intent, itemId, values, fieldErrors: { process_code: t("supplier_form.choose") } });
    }
    const input = { ...parsed.data, quantity: parsed.data.quantity ?? 1 } as Omit<Equipment, "id">;
    const result =
      intent === "add_equipment"
        ? await addEquipment(supabase, { organizationId, input })
        : await updateEquipment(supabase, { organizationId, equipmentId: itemId!, input });
    if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, itemId, values, formError: modelFailure(t, result.error).message });
    return succeed(headers, { intent, itemId, notice: t(intent === "add_equipment" ? "profile.equipment.added" : "profile.saved") });
  }

  if (intent === "remove_equipment") {
    if (!isUuid(itemId)) return refuse(400, headers, { intent, itemId, formError: t("supplier_form.error.invalid") });
    const result = await removeEquipment(supabase, { organizationId, equipmentId: itemId });
    if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, itemId, formError: modelFailure(t, result.error).message });
    return succeed(headers, { intent, notice: t("profile.removed") });
  }

  return refuse(400, headers, { intent, values, formError: t("supplier_form.error.unknown_action") });
}

function EquipmentForm({ item, result, processes }: { item: Equipment | null; result: ActionResult | undefined; processes: Array<{ code: string; label_en: string; label_ko: string }> }) {
  const t = useT();
  const locale = useLocale();
  const intent = item ? "update_equipment" : "add_equipment";
  const itemId = item?.id ?? null;
  const errors = errorsFor(result, intent, itemId);
  const value = (field: string, stored: string | number | null | undefined) => shown(result, intent, itemId, field, stored);
  // After a successful addition the empty form is shown again (key changes with each success).
  return (
    <Form method="post" className="form" noValidate preventScrollReset>
      {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
      <input type="hidden" name="intent" value={intent} />
      {item ? <input type="hidden" name="equipment_id" value={item.id} /> : null}
      <div className="form-grid">
        <Field name="name" label={t("profile.equipment.name")} hint={t("profile.equipment.name_hint")} required maxLength={LIMITS.equipmentName} defaultValue={value("name", item?.name)} error={errors.name} />
        <Field name="manufacturer" label={t("profile.equipment.manufacturer")} maxLength={200} defaultValue={value("manufacturer", item?.manufacturer)} error={errors.manufacturer} />
        <Field name="model" label={t("profile.equipment.model")} maxLength={200} defaultValue={value("model", item?.model)} error={errors.model} />
        <Field name="quantity" label={t("profile.equipment.quantity")} inputMode="numeric" defaultValue={value("quantity", item?.quantity ?? 1)} error={errors.quantity} />
        <Field name="year_installed" label={t("profile.equipment.year")} inputMode="numeric" defaultValue={value("year_installed", item?.year_installed)} error={errors.year_installed} />
        <SelectField
          name="process_code"
          label={t("profile.equipment.process")}
          placeholder={t("profile.field.not_given")}
          options={processes.map((process) => ({ value: process.code, label: locale === "ko" ? process.label_ko : process.label_en }))}
          defaultValue={value("process_code", item?.process_code)}
          error={errors.process_code}
        />
        <TextAreaField className="span-all" name="specs_en" lang="en" label={t("profile.equipment.specs_en")} rows={2} maxLength={LIMITS.specs} defaultValue={value("specs_en", item?.specs_en)} error={errors.specs_en} />
        <TextAreaField className="span-all" name="specs_ko" lang="ko" label={t("profile.equipment.specs_ko")} rows={2} maxLength={LIMITS.specs} defaultValue={value("specs_ko", item?.specs_ko)} error={errors.specs_ko} />
      </div>
      <Button pendingLabel={t("form.submitting")}>{item ? t("profile.equipment.save", { name: item.name }) : t("profile.equipment.add")}</Button>
    </Form>
  );
}

export default function ProfileEquipment() {
  const t = useT();
  const { supplier, membership } = useEditorData();
  const { processes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const canEdit = membership.canEdit;
  const addedCount = supplier.equipment.length;
  return (
    <div className="editor-stack">
      {result?.ok && result.notice ? <Alert tone="success">{result.notice}</Alert> : null}
      <section className="panel" aria-labelledby="equipment-title">
        <h2 id="equipment-title">{t("profile.equipment.title")}</h2>
        <p className="muted">{t("profile.equipment.lead")}</p>
        {supplier.equipment.length === 0 ? <p className="muted">{t("profile.equipment.empty")}</p> : null}
        <ul className="item-list">
          {supplier.equipment.map((item) => {
            const failedHere = result && !result.ok && result.itemId === item.id;
            return (
              <li key={item.id} className="item-card">
                <h3 className="item-card__title">
                  {item.name} × {item.quantity}
                </h3>
                <p className="item-card__meta">{[item.manufacturer, item.model, item.year_installed].filter(Boolean).join(" · ")}</p>
                {failedHere && result.intent === "remove_equipment" ? <Alert tone="error">{result.formError}</Alert> : null}
                {canEdit ? (
                  <>
                    <details open={(failedHere && result.intent === "update_equipment") || undefined}>
                      <summary>{t("profile.equipment.edit", { name: item.name })}</summary>
                      <EquipmentForm item={item} result={result} processes={processes} />
                    </details>
                    <Form method="post" preventScrollReset>
                      <input type="hidden" name="intent" value="remove_equipment" />
                      <input type="hidden" name="equipment_id" value={item.id} />
                      <Button variant="quiet">{t("profile.equipment.remove", { name: item.name })}</Button>
                    </Form>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>
      {canEdit ? (
        <section className="panel" aria-labelledby="add-equipment-title">
          <h2 id="add-equipment-title">{t("profile.equipment.add_title")}</h2>
          <EquipmentForm key={addedCount} item={null} result={result} processes={processes} />
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "profile.equipment.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
