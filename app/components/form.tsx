import { useFormAction, useNavigation } from "@remix-run/react";
import { useEffect, useId, useRef, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode } from "react";
import { useT } from "~/i18n/react";

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name"> & {
  name: string;
  label: string;
  hint?: string;
  error?: string;
};

/** Labelled input whose hint and error are announced with it (aria-describedby) when focused. */
export function Field({ name, label, hint, error, required, className, ...inputProps }: FieldProps) {
  const t = useT();
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={["field", error ? "field--invalid" : "", className ?? ""].join(" ").trim()}>
      <label htmlFor={id} className="field__label">
        {label}
        {required ? <span className="field__required"> ({t("form.required")})</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="field__input"
        {...inputProps}
      />
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type Choice = { value: string; label: string; hint?: string };

/** Radio group as a fieldset; the error is tied to the group so screen readers announce it. */
export function ChoiceField({
  name,
  legend,
  choices,
  defaultValue,
  error,
  required,
}: {
  name: string;
  legend: string;
  choices: readonly Choice[];
  defaultValue?: string;
  error?: string;
  required?: boolean;
}) {
  const t = useT();
  const id = useId();
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset
      className={error ? "field field--invalid choice-field" : "field choice-field"}
      aria-describedby={errorId}
      aria-invalid={error ? true : undefined}
    >
      <legend className="field__label">
        {legend}
        {required ? <span className="field__required"> ({t("form.required")})</span> : null}
      </legend>
      <div className="choice-field__options">
        {choices.map((choice, index) => {
          const optionId = `${id}-${index}`;
          return (
            <div className="choice" key={choice.value}>
              <input
                type="radio"
                id={optionId}
                name={name}
                value={choice.value}
                defaultChecked={defaultValue === choice.value}
                required={required}
                aria-describedby={choice.hint ? `${optionId}-hint` : undefined}
              />
              <label htmlFor={optionId}>
                <span className="choice__label">{choice.label}</span>
                {choice.hint ? (
                  <span id={`${optionId}-hint`} className="choice__hint">
                    {choice.hint}
                  </span>
                ) : null}
              </label>
            </div>
          );
        })}
      </div>
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: "primary" | "secondary" | "quiet";
  /** Shows a busy label while this form is being submitted. */
  pendingLabel?: string;
};

export function Button({ variant = "primary", pendingLabel, className, children, disabled, ...rest }: ButtonProps) {
  const navigation = useNavigation();
  const routeAction = useFormAction();
  // Only this route's own form counts: submitting the language switcher must not make it look busy.
  const busy =
    Boolean(pendingLabel) &&
    navigation.state === "submitting" &&
    pathOf(navigation.formAction) === pathOf(rest.formAction ?? routeAction);
  return (
    <button
      type="submit"
      className={["button", `button--${variant}`, className ?? ""].join(" ").trim()}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? pendingLabel : children}
    </button>
  );
}

function pathOf(action: string | undefined) {
  return action?.split("?")[0];
}

type AlertTone = "info" | "success" | "warning" | "error";

/** Errors interrupt (role=alert); everything else is announced politely (role=status). */
export function Alert({ tone = "info", title, children, id }: { tone?: AlertTone; title?: string; children?: ReactNode; id?: string }) {
  return (
    <div id={id} className={`alert alert--${tone}`} role={tone === "error" ? "alert" : "status"} tabIndex={-1}>
      {title ? <p className="alert__title">{title}</p> : null}
      {children ? <div className="alert__body">{children}</div> : null}
    </div>
  );
}

/**
 * After a failed submission, moves focus to the first invalid field (or the form-level alert) so
 * keyboard and screen-reader users land on the problem instead of the top of the page.
 */
export function useFocusOnError(result: unknown) {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!result || !formRef.current) return;
    const form = formRef.current;
    const target =
      form.querySelector<HTMLElement>('input[aria-invalid="true"], [aria-invalid="true"] input') ??
      form.querySelector<HTMLElement>('[role="alert"]');
    target?.focus();
  }, [result]);
  return formRef;
}
