import { Form, Link } from "@remix-run/react";
import { Alert, Button, Field, useFocusOnError } from "~/components/form";
import { useT } from "~/i18n/react";
import type { FieldErrorMap } from "./form-data";
import { parcelStatusLabel, zoningLabel } from "./labels";
import { CURRENCIES, KOREA_LAT, KOREA_LNG, PARCEL_STATUSES, ZONING_CODES } from "./schemas";
import { SelectField, TextAreaField } from "./ui";

export type ParcelFormFailure = { values: Record<string, string>; fieldErrors: FieldErrorMap; formError: string | null };

/** The land-parcel form, for adding and for editing; `values` are the stored or echoed inputs. */
export function ParcelForm({
  values,
  failure,
  submitLabel,
  cancelTo,
  formLabel,
}: {
  values: Record<string, string>;
  failure: ParcelFormFailure | undefined;
  submitLabel: string;
  cancelTo: string;
  formLabel: string;
}) {
  const t = useT();
  const formRef = useFocusOnError(failure);
  const shown = failure ? failure.values : values;
  const value = (name: string) => shown[name] ?? "";
  const errors = failure?.fieldErrors ?? {};
  // Zoning stored by older tools may not be in today's list; keep it selectable rather than lose it.
  const zoning = value("zoning");
  const zoningOptions = [...ZONING_CODES, ...(zoning && !(ZONING_CODES as readonly string[]).includes(zoning) ? [zoning] : [])];
  return (
    <Form method="post" noValidate className="form cm-stack" ref={formRef} key={failure ? `failed-${JSON.stringify(failure).length}` : "stored"} aria-label={formLabel}>
      {failure?.formError ? <Alert tone="error">{failure.formError}</Alert> : null}
      <input type="hidden" name="intent" value="save" />
      <fieldset className="cm-fieldset">
        <legend>{t("clusters.parcel.identity")}</legend>
        <p className="field__hint">{t("clusters.parcel.name_hint")}</p>
        <div className="cm-field-pair">
          <Field name="name_en" label={t("clusters.parcel.name_en")} defaultValue={value("name_en")} error={errors.name_en} maxLength={200} />
          <Field name="name_ko" label={t("clusters.parcel.name_ko")} defaultValue={value("name_ko")} error={errors.name_ko} maxLength={200} lang="ko" />
        </div>
        <div className="cm-field-pair">
          <Field name="address_en" label={t("clusters.parcel.address_en")} defaultValue={value("address_en")} error={errors.address_en} maxLength={500} />
          <Field name="address_ko" label={t("clusters.parcel.address_ko")} defaultValue={value("address_ko")} error={errors.address_ko} maxLength={500} lang="ko" />
        </div>
      </fieldset>
      <fieldset className="cm-fieldset">
        <legend>{t("clusters.parcel.terms")}</legend>
        <div className="cm-field-pair">
          <Field name="area_m2" inputMode="decimal" label={t("clusters.parcel.area_m2")} defaultValue={value("area_m2")} error={errors.area_m2} required />
          <Field name="price_per_m2" inputMode="decimal" label={t("clusters.parcel.price_per_m2_field")} hint={t("clusters.parcel.price_hint")} defaultValue={value("price_per_m2")} error={errors.price_per_m2} />
          <SelectField
            name="currency"
            label={t("clusters.parcel.currency")}
            defaultValue={value("currency") || "KRW"}
            error={errors.currency}
            options={CURRENCIES.map((currency) => ({ value: currency, label: currency }))}
          />
        </div>
        <div className="cm-field-pair">
          <SelectField
            name="zoning"
            label={t("clusters.parcel.zoning")}
            defaultValue={zoning || "general_industrial_complex"}
            error={errors.zoning}
            required
            options={zoningOptions.map((code) => ({ value: code, label: zoningLabel(t, code) }))}
          />
          <SelectField
            name="status"
            label={t("clusters.parcel.status")}
            defaultValue={value("status") || "available"}
            error={errors.status}
            required
            options={PARCEL_STATUSES.map((status) => ({ value: status, label: parcelStatusLabel(t, status) }))}
          />
          <Field name="available_from" type="date" label={t("clusters.parcel.available_from")} defaultValue={value("available_from")} error={errors.available_from} />
        </div>
      </fieldset>
      <fieldset className="cm-fieldset">
        <legend>{t("clusters.parcel.location")}</legend>
        <p className="field__hint">{t("clusters.parcel.location_hint", { minLat: KOREA_LAT.min, maxLat: KOREA_LAT.max, minLng: KOREA_LNG.min, maxLng: KOREA_LNG.max })}</p>
        <div className="cm-field-pair">
          <Field name="lat" inputMode="decimal" label={t("clusters.parcel.lat")} defaultValue={value("lat")} error={errors.lat} required />
          <Field name="lng" inputMode="decimal" label={t("clusters.parcel.lng")} defaultValue={value("lng")} error={errors.lng} required />
        </div>
      </fieldset>
      <fieldset className="cm-fieldset">
        <legend>{t("clusters.parcel.description")}</legend>
        <div className="cm-field-pair">
          <TextAreaField name="description_en" label={t("clusters.edit.item_description_en")} defaultValue={value("description_en")} error={errors.description_en} maxLength={5000} />
          <TextAreaField name="description_ko" label={t("clusters.edit.item_description_ko")} defaultValue={value("description_ko")} error={errors.description_ko} maxLength={5000} lang="ko" />
        </div>
      </fieldset>
      <div className="cm-actions">
        <Button pendingLabel={t("form.submitting")}>{submitLabel}</Button>
        <Link to={cancelTo}>{t("clusters.edit.cancel")}</Link>
      </div>
    </Form>
  );
}

/** Form fields of a submitted parcel form, as landParcelSchema reads them. */
export function parcelFormInput(formData: FormData) {
  const fields = ["name_en", "name_ko", "address_en", "address_ko", "area_m2", "price_per_m2", "currency", "zoning", "status", "available_from", "lat", "lng", "description_en", "description_ko"];
  return Object.fromEntries(fields.map((field) => [field, formData.get(field) ?? undefined]));
}
