import { useId } from "react";
import type { Bilingual } from "~/search/query";

export type FacetOption = { value: string; label: string; count: number };

const VISIBLE_OPTIONS = 8;

/**
 * One filter group as a fieldset of checkboxes with result counts. Checked options come first and
 * stay visible even at zero; the rest are ordered by count, the long tail folded into <details>.
 * The inputs are part of the search form: checking one changes the URL (and so the results).
 */
export function FacetGroup({
  name,
  legend,
  options,
  selected,
  noOptionsText,
  moreText,
}: {
  name: string;
  legend: string;
  options: FacetOption[];
  selected: readonly string[];
  noOptionsText: string;
  moreText: (count: number) => string;
}) {
  const id = useId();
  const ordered = [
    ...options.filter((option) => selected.includes(option.value)),
    ...options
      .filter((option) => !selected.includes(option.value) && option.count > 0)
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
  ];
  const visible = ordered.slice(0, Math.max(VISIBLE_OPTIONS, selected.length));
  const folded = ordered.slice(visible.length);
  const renderOption = (option: FacetOption) => {
    const optionId = `${id}-${option.value}`;
    const checked = selected.includes(option.value);
    return (
      <li key={option.value} className="facet__option">
        <input type="checkbox" id={optionId} name={name} value={option.value} checked={checked} onChange={noop} />
        <label htmlFor={optionId}>
          <span className="facet__label">{option.label}</span> <span className="facet__count">{option.count}</span>
        </label>
      </li>
    );
  };
  return (
    <fieldset className="facet">
      <legend className="facet__legend">{legend}</legend>
      {ordered.length === 0 ? <p className="facet__empty">{noOptionsText}</p> : <ul className="facet__options">{visible.map(renderOption)}</ul>}
      {folded.length > 0 ? (
        <details className="facet__more">
          <summary>{moreText(folded.length)}</summary>
          <ul className="facet__options">{folded.map(renderOption)}</ul>
        </details>
      ) : null}
    </fieldset>
  );
}

/** The form's own change handler does the work; React only needs to know these are intentional. */
function noop() {}

export function facetOptions(
  counts: Record<string, number>,
  labels: Record<string, Bilingual | string>,
  selected: readonly string[],
  locale: "en" | "ko"
): FacetOption[] {
  const values = new Set([...Object.keys(counts), ...selected]);
  return [...values].map((value) => {
    const label = labels[value];
    return { value, label: typeof label === "string" ? label : label ? label[locale] : value, count: counts[value] ?? 0 };
  });
}
