/**
 * Form controls the needs pages use beyond app/components/form.tsx: multi-line text, selects and
 * checkboxes, each labelled, with hint and error announced through aria-describedby.
 */
import { useId, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { useT } from "~/i18n/react";

function describedBy(id: string, hint?: string, error?: string) {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

function Label({ id, label, required }: { id: string; label: string; required?: boolean }) {
  const t = useT();
  return (
    <label htmlFor={id} className="field__label">
      {label}
      {required ? <span className="field__required"> ({t("form.required")})</span> : null}
    </label>
  );
}

function HintAndError({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
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
    </>
  );
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name"> & { name: string; label: string; hint?: string; error?: string };

export function TextAreaField({ name, label, hint, error, required, rows = 5, ...rest }: TextAreaProps) {
  const id = useId();
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <Label id={id} label={label} required={required} />
      <textarea
        id={id}
        name={name}
        rows={rows}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className="field__input field__input--multiline"
        {...rest}
      />
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name"> & {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  options: ReadonlyArray<{ value: string; label: string }>;
};

export function SelectField({ name, label, hint, error, required, options, ...rest }: SelectProps) {
  const id = useId();
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <Label id={id} label={label} required={required} />
      <select
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className="field__input"
        {...rest}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

export function CheckboxField({
  name,
  label,
  hint,
  error,
  defaultChecked,
  value = "on",
}: {
  name: string;
  label: ReactNode;
  hint?: string;
  error?: string;
  defaultChecked?: boolean;
  value?: string;
}) {
  const id = useId();
  return (
    <div className={error ? "field field--invalid checkbox-field" : "field checkbox-field"}>
      <input
        type="checkbox"
        id={id}
        name={name}
        value={value}
        defaultChecked={defaultChecked}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <label htmlFor={id}>{label}</label>
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}
