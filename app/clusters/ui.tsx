/**
 * Building blocks shared by the cluster, hosting and analytics pages: form controls the app's
 * form.tsx does not have (textarea, select, checkbox groups) with the same labelling and error
 * wiring, status badges, number formats and the table every chart comes with.
 */
import { Link } from "@remix-run/react";
import { useId, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import type { ReportTable } from "~/analytics/reports";
import type { Locale } from "~/i18n";
import { useT } from "~/i18n/react";
import { dateTimeFormat, numberFormat as sharedNumberFormat } from "~/utils/intl-format";

export function numberFormat(locale: Locale, options: Intl.NumberFormatOptions = {}) {
  return sharedNumberFormat(locale === "ko" ? "ko-KR" : "en-GB", { maximumFractionDigits: 1, ...options });
}

export function formatArea(value: number, locale: Locale) {
  return `${numberFormat(locale, { maximumFractionDigits: 0 }).format(value)} ${locale === "ko" ? "㎡" : "m²"}`;
}

export function formatMoney(value: number | null | undefined, currency: string, locale: Locale) {
  if (value === null || value === undefined) return null;
  try {
    return sharedNumberFormat(locale === "ko" ? "ko-KR" : "en-GB", { style: "currency", currency, maximumFractionDigits: 0 }).format(value);
  } catch {
    return `${numberFormat(locale).format(value)} ${currency}`;
  }
}

export function formatDate(value: string | null | undefined, locale: Locale) {
  if (!value) return null;
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return dateTimeFormat(locale === "ko" ? "ko-KR" : "en-GB", { dateStyle: "medium", timeZone: value.length === 10 ? "UTC" : "Asia/Seoul" }).format(date);
}

export function Badge({ tone, children }: { tone: string; children: ReactNode }) {
  return <span className={`cm-badge cm-badge--${tone}`}>{children}</span>;
}

export function Breadcrumbs({ items }: { items: Array<{ to?: string; label: string }> }) {
  const t = useT();
  return (
    <nav aria-label={t("clusters.breadcrumbs")} className="cm-breadcrumbs">
      <ol>
        {items.map((item, index) => (
          <li key={`${item.label}-${index}`}>
            {item.to && index < items.length - 1 ? <Link to={item.to}>{item.label}</Link> : <span aria-current={index === items.length - 1 ? "page" : undefined}>{item.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

type Described = { hint?: string; error?: string; required?: boolean };

function useDescribedBy(hint?: string, error?: string) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return { id, hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(" ") || undefined };
}

function FieldShell({ id, label, hint, hintId, error, errorId, required, children }: Described & { id: string; label: string; hintId?: string; errorId?: string; children: ReactNode }) {
  const t = useT();
  return (
    <div className={["field", error ? "field--invalid" : ""].join(" ").trim()}>
      <label htmlFor={id} className="field__label">
        {label}
        {required ? <span className="field__required"> ({t("form.required")})</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  error,
  required,
  ...rest
}: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name"> & Described & { name: string; label: string }) {
  const { id, hintId, errorId, describedBy } = useDescribedBy(hint, error);
  return (
    <FieldShell id={id} label={label} hint={hint} hintId={hintId} error={error} errorId={errorId} required={required}>
      <textarea
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="field__input"
        rows={3}
        {...rest}
      />
    </FieldShell>
  );
}

export function SelectField({
  name,
  label,
  hint,
  error,
  required,
  options,
  ...rest
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name"> &
  Described & { name: string; label: string; options: ReadonlyArray<{ value: string; label: string }> }) {
  const { id, hintId, errorId, describedBy } = useDescribedBy(hint, error);
  return (
    <FieldShell id={id} label={label} hint={hint} hintId={hintId} error={error} errorId={errorId} required={required}>
      <select id={id} name={name} required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className="field__input" {...rest}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** Checkboxes sharing one name, as a fieldset whose legend names the group and carries its error. */
export function CheckboxGroup({
  name,
  legend,
  hint,
  error,
  groups,
  selected,
  required,
}: Described & {
  name: string;
  legend: string;
  groups: ReadonlyArray<{ heading?: string; options: ReadonlyArray<{ value: string; label: string; note?: string }> }>;
  selected: readonly string[];
}) {
  const t = useT();
  const { id, hintId, errorId, describedBy } = useDescribedBy(hint, error);
  const chosen = new Set(selected);
  return (
    <fieldset className={["field", "cm-fieldset", error ? "field--invalid" : ""].join(" ").trim()} aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
      <legend className="field__label">
        {legend}
        {required ? <span className="field__required"> ({t("form.required")})</span> : null}
      </legend>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
      <div>
        {groups.map((group, index) => (
          <div className="cm-checks-group" key={group.heading ?? index}>
            {group.heading ? <p>{group.heading}</p> : null}
            <ul className="cm-checks">
              {group.options.map((option, optionIndex) => {
                // The note describes the option; the label alone names it (stable accessible names).
                const noteId = option.note ? `${id}-${index}-${optionIndex}-note` : undefined;
                return (
                  <li key={option.value}>
                    <label>
                      <input type="checkbox" name={name} value={option.value} defaultChecked={chosen.has(option.value)} aria-describedby={noteId} />
                      <span>{option.label}</span>
                    </label>
                    {option.note ? (
                      <span id={noteId} className="cm-checks__note muted">
                        {option.note}
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** The numbers behind a chart: a captioned table with row headers, right-aligned numbers. */
export function ReportTableView({ table, caption, locale, emptyText }: { table: ReportTable; caption: string; locale: Locale; emptyText: string }) {
  const format = numberFormat(locale);
  if (table.rows.length === 0) return <p className="cm-empty">{emptyText}</p>;
  return (
    <div className="cm-table-wrap">
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {table.header.map((heading, index) => (
              <th key={heading} scope="col" className={table.numeric[index] ? "cm-num" : undefined}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, cellIndex) => {
                const text = cell === null || cell === undefined ? "—" : typeof cell === "number" ? format.format(cell) : String(cell);
                const className = table.numeric[cellIndex] ? "cm-num" : undefined;
                return cellIndex === 0 ? (
                  <th key={cellIndex} scope="row" className={className}>
                    {text}
                  </th>
                ) : (
                  <td key={cellIndex} className={className}>
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
