import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { useT } from "~/i18n/react";

/*
 * Form controls for the supplier pages, in the same markup and classes as app/components/form.tsx
 * (label, hint and error tied to the control with aria-describedby).
 */

function describedBy(id: string, hint?: string, error?: string) {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

function FieldFrame({ id, label, hint, error, required, children, className }: { id: string; label: string; hint?: string; error?: string; required?: boolean; children: ReactNode; className?: string }) {
  const t = useT();
  return (
    <div className={["field", error ? "field--invalid" : "", className ?? ""].join(" ").trim()}>
      <label htmlFor={id} className="field__label">
        {label}
        {required ? <span className="field__required"> ({t("form.required")})</span> : null}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type Common = { name: string; label: string; hint?: string; error?: string; className?: string };

export function TextAreaField({ name, label, hint, error, required, className, ...rest }: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name">) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={required} className={className}>
      <textarea
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className="field__input field__input--textarea"
        rows={rest.rows ?? 5}
        {...rest}
      />
    </FieldFrame>
  );
}

export function SelectField({
  name,
  label,
  hint,
  error,
  required,
  className,
  options,
  placeholder,
  ...rest
}: Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name"> & { options: ReadonlyArray<{ value: string; label: string }>; placeholder?: string }) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={required} className={className}>
      <select id={id} name={name} required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} className="field__input" {...rest}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField({ name, label, hint, error, className, ...rest }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "type">) {
  const id = useId();
  return (
    <div className={["field", "checkbox-field", error ? "field--invalid" : "", className ?? ""].join(" ").trim()}>
      <div className="checkbox-field__row">
        <input id={id} type="checkbox" name={name} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? true : undefined} {...rest} />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FileField({ name, label, hint, error, required, className, ...rest }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "type">) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={required} className={className}>
      <input
        id={id}
        type="file"
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className="field__input field__input--file"
        {...rest}
      />
    </FieldFrame>
  );
}
