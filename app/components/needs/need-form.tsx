/**
 * The need form, shared by /needs/new and /needs/$id/edit. Works without JavaScript: a plain
 * multipart post; every field keeps what was typed when the server refuses the submission.
 */
import { Form } from "@remix-run/react";
import type { RefObject } from "react";
import { Alert, Button, ChoiceField, Field } from "~/components/form";
import { useLocale, useT } from "~/i18n/react";
import { NEED_KINDS } from "~/matching/types";
import { NEED_PLACES } from "~/needs/places";
import { NEED_VISIBILITIES } from "~/needs/types";
import { CheckboxField, SelectField, TextAreaField } from "./fields";

export type NeedFormValues = Record<string, string>;

/** A new need starts registered-users-only, in US dollars and offset-eligible. */
export const EMPTY_NEED_FORM: NeedFormValues = { visibility: "registered", currency: "USD", offset_eligible: "on" };

export type NeedFormProps = {
  mode: "create" | "edit";
  values: NeedFormValues;
  fieldErrors: Record<string, string>;
  formError: string | null;
  attachments?: ReadonlyArray<{ path: string; label: string }>;
  /** Paths ticked for removal when the form comes back with errors. */
  removing?: readonly string[];
  formRef?: RefObject<HTMLFormElement>;
  status?: string;
};

export function NeedForm({ mode, values, fieldErrors, formError, attachments = [], removing = [], formRef, status }: NeedFormProps) {
  const t = useT();
  const locale = useLocale();
  const v = (name: string) => values[name] ?? "";
  const e = (name: string) => fieldErrors[name];
  const checked = (name: string) => values[name] === "on";

  return (
    <Form method="post" encType="multipart/form-data" noValidate className="form need-form" ref={formRef}>
      {formError ? <Alert tone="error">{formError}</Alert> : null}

      <fieldset className="form-section">
        <legend>{t("needs.form.section.basics")}</legend>
        <SelectField
          name="kind"
          label={t("needs.form.kind")}
          required
          defaultValue={v("kind")}
          error={e("kind")}
          options={[{ value: "", label: "—" }, ...NEED_KINDS.map((kind) => ({ value: kind, label: t(`needs.kind.${kind}`) }))]}
        />
        <div className="form-columns">
          <Field name="title_en" label={t("needs.form.title_en")} hint={t("needs.form.title_hint")} defaultValue={v("title_en")} error={e("title_en")} maxLength={200} lang="en" />
          <Field name="title_ko" label={t("needs.form.title_ko")} defaultValue={v("title_ko")} error={e("title_ko")} maxLength={200} lang="ko" />
        </div>
        <div className="form-columns">
          <TextAreaField
            name="description_en"
            label={t("needs.form.description_en")}
            hint={t("needs.form.description_hint")}
            defaultValue={v("description_en")}
            error={e("description_en")}
            rows={6}
            lang="en"
          />
          <TextAreaField name="description_ko" label={t("needs.form.description_ko")} defaultValue={v("description_ko")} error={e("description_ko")} rows={6} lang="ko" />
        </div>
        <div className="form-columns">
          <Field name="program" label={t("needs.form.program")} defaultValue={v("program")} error={e("program")} maxLength={200} />
          <Field name="platform" label={t("needs.form.platform")} defaultValue={v("platform")} error={e("platform")} maxLength={200} />
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("needs.form.section.requirements")}</legend>
        <p className="field__hint">{t("needs.form.terms_hint")}</p>
        <div className="form-columns">
          <Field name="required_processes" label={t("needs.form.required_processes")} defaultValue={v("required_processes")} error={e("required_processes")} />
          <Field name="preferred_processes" label={t("needs.form.preferred_processes")} defaultValue={v("preferred_processes")} error={e("preferred_processes")} />
          <Field name="required_materials" label={t("needs.form.required_materials")} defaultValue={v("required_materials")} error={e("required_materials")} />
          <Field name="preferred_materials" label={t("needs.form.preferred_materials")} defaultValue={v("preferred_materials")} error={e("preferred_materials")} />
          <Field name="required_certifications" label={t("needs.form.required_certifications")} defaultValue={v("required_certifications")} error={e("required_certifications")} />
          <Field name="preferred_certifications" label={t("needs.form.preferred_certifications")} defaultValue={v("preferred_certifications")} error={e("preferred_certifications")} />
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("needs.form.section.where")}</legend>
        <SelectField
          name="place"
          label={t("needs.form.place")}
          defaultValue={v("place")}
          error={e("place")}
          options={[
            { value: "", label: t("needs.form.place_none") },
            ...NEED_PLACES.map((place) => ({ value: place.key, label: locale === "ko" ? place.ko : place.en })),
            { value: "custom", label: t("needs.form.place_custom") },
          ]}
        />
        <div className="form-columns">
          <Field name="location_name" label={t("needs.form.location_name")} defaultValue={v("location_name")} error={e("location_name")} maxLength={200} />
          <Field name="radius_km" label={t("needs.form.radius_km")} hint={t("needs.form.radius_hint")} inputMode="numeric" defaultValue={v("radius_km")} error={e("radius_km")} />
          <Field name="location_lat" label={t("needs.form.lat")} hint={t("needs.form.coordinates_hint")} inputMode="decimal" defaultValue={v("location_lat")} error={e("location_lat")} />
          <Field name="location_lng" label={t("needs.form.lng")} inputMode="decimal" defaultValue={v("location_lng")} error={e("location_lng")} />
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("needs.form.section.volume")}</legend>
        <div className="form-columns">
          <Field name="quantity" label={t("needs.form.quantity")} inputMode="numeric" defaultValue={v("quantity")} error={e("quantity")} />
          <Field name="quantity_unit" label={t("needs.form.quantity_unit")} hint={t("needs.form.quantity_unit_hint")} defaultValue={v("quantity_unit")} error={e("quantity_unit")} maxLength={50} />
        </div>
        <TextAreaField name="capacity_note" label={t("needs.form.capacity_note")} defaultValue={v("capacity_note")} error={e("capacity_note")} rows={3} maxLength={2000} />
        <div className="form-columns">
          <Field type="date" name="timeline_start" label={t("needs.form.timeline_start")} defaultValue={v("timeline_start")} error={e("timeline_start")} />
          <Field type="date" name="timeline_end" label={t("needs.form.timeline_end")} defaultValue={v("timeline_end")} error={e("timeline_end")} />
          <Field type="date" name="response_deadline" label={t("needs.form.response_deadline")} defaultValue={v("response_deadline")} error={e("response_deadline")} />
        </div>
        <div className="form-columns">
          <Field name="estimated_value" label={t("needs.form.estimated_value")} inputMode="decimal" defaultValue={v("estimated_value")} error={e("estimated_value")} />
          <Field name="currency" label={t("needs.form.currency")} defaultValue={v("currency") || "USD"} error={e("currency")} maxLength={3} autoCapitalize="characters" />
        </div>
        <CheckboxField name="offset_eligible" label={t("needs.form.offset_eligible")} defaultChecked={checked("offset_eligible")} error={e("offset_eligible")} />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("needs.form.section.access")}</legend>
        <ChoiceField
          name="visibility"
          legend={t("needs.form.visibility")}
          required
          defaultValue={v("visibility") || "registered"}
          error={e("visibility")}
          choices={NEED_VISIBILITIES.map((visibility) => ({
            value: visibility,
            label: t(`needs.visibility.${visibility}`),
            hint: t(`needs.visibility.${visibility}_hint`),
          }))}
        />
        <CheckboxField name="export_controlled" label={t("needs.form.export_controlled")} defaultChecked={checked("export_controlled")} error={e("export_controlled")} />
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("needs.form.section.attachments")}</legend>
        {attachments.length > 0 ? (
          <div className="field">
            <p className="field__label">{t("needs.form.current_attachments")}</p>
            <ul className="plain-list">
              {attachments.map((attachment) => (
                <li key={attachment.path}>
                  <CheckboxField
                    name="remove_attachment"
                    value={attachment.path}
                    defaultChecked={removing.includes(attachment.path)}
                    label={t("needs.form.remove_attachment", { name: attachment.label })}
                  />
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <Field type="file" name="attachments" label={t("needs.form.attachments")} hint={t("needs.form.attachments_hint")} multiple accept="application/pdf,image/png,image/jpeg" error={e("attachments")} />
      </fieldset>

      <div className="button-row">
        {mode === "create" ? (
          <>
            <Button name="intent" value="publish" pendingLabel={t("needs.form.saving")}>
              {t("needs.form.save_publish")}
            </Button>
            <Button name="intent" value="save_draft" variant="secondary">
              {t("needs.form.save_draft")}
            </Button>
          </>
        ) : (
          <>
            <Button name="intent" value="save" pendingLabel={t("needs.form.saving")}>
              {t("needs.form.save")}
            </Button>
            {status === "draft" ? (
              <Button name="intent" value="publish" variant="secondary">
                {t("needs.form.save_publish")}
              </Button>
            ) : null}
          </>
        )}
      </div>
    </Form>
  );
}
