import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { Button, Field } from "~/components/form";
import { useLocale, useT } from "~/i18n/react";
import type { TaxonomySuggestion } from "~/models/taxonomy.server";

/*
 * Search box over a taxonomy (codes, labels and synonyms in both languages). Without JavaScript it
 * is a GET form: the page's loader answers with suggestions. With JavaScript the same server lookup
 * runs as you type, through a fetcher. Each suggestion is a small POST form that adds it.
 */

type Props = {
  kind: "processes" | "materials" | "certification_types";
  /** URL parameter the page's loader reads for the no-JavaScript search. */
  param: string;
  query: string;
  suggestions: readonly TaxonomySuggestion[];
  exclude: readonly string[];
  addIntent: string;
  fieldName: string;
  searchLabel: string;
  searchHint?: string;
  /** Offers to keep an unmatched term as a free tag (intent add_tag). */
  allowFreeTag?: boolean;
  /** Other URL parameters to keep when searching without JavaScript. */
  keep?: Record<string, string>;
};

export function TaxonomyPicker({ kind, param, query, suggestions, exclude, addIntent, fieldName, searchLabel, searchHint, allowFreeTag, keep }: Props) {
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<{ suggestions: TaxonomySuggestion[] }>();
  const [typed, setTyped] = useState(query);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const excludeKey = exclude.join(",");

  const load = (value: string) => {
    if (value.trim() === "") return;
    const params = new URLSearchParams({ kind, q: value, exclude: excludeKey });
    fetcher.load(`/taxonomy/suggest?${params}`);
  };

  // After an addition the excluded codes change: refresh the list so the added entry disappears.
  useEffect(() => {
    if (typed.trim() !== "" && fetcher.data) load(typed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [excludeKey]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const live = typed.trim() !== "" && fetcher.data ? fetcher.data.suggestions : null;
  const shownSuggestions = live ?? (typed === query ? suggestions : []);
  const activeQuery = live ? typed.trim() : query.trim();
  const hasExact = shownSuggestions.some((suggestion) => suggestion.exact);
  const resultsId = `${param}-results`;

  return (
    <div className="taxonomy-picker">
      <Form method="get" role="search" className="search-row" preventScrollReset>
        {Object.entries(keep ?? {}).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <Field
          name={param}
          type="search"
          label={searchLabel}
          hint={searchHint}
          autoComplete="off"
          defaultValue={query}
          aria-controls={resultsId}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setTyped(value);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => load(value), 200);
          }}
        />
        <Button variant="secondary">{t("picker.search")}</Button>
      </Form>
      <div id={resultsId} aria-live="polite">
        {activeQuery !== "" && shownSuggestions.length === 0 ? <p className="muted">{t("picker.no_match", { query: activeQuery })}</p> : null}
        {shownSuggestions.length > 0 ? (
          <ul className="suggestions" aria-label={t("picker.results", { query: activeQuery })}>
            {shownSuggestions.map((suggestion) => {
              const label = locale === "ko" ? suggestion.label_ko : suggestion.label_en;
              const other = locale === "ko" ? suggestion.label_en : suggestion.label_ko;
              return (
                <li key={suggestion.code}>
                  <span>
                    <span lang={locale}>{label}</span> <span className="muted">· {other}</span>
                    {suggestion.matched !== label && suggestion.matched !== other ? (
                      <span className="suggestions__matched"> — {t("picker.matched", { term: suggestion.matched })}</span>
                    ) : null}
                  </span>
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="intent" value={addIntent} />
                    <input type="hidden" name={fieldName} value={suggestion.code} />
                    <Button variant="secondary" className="button--small">
                      {t("picker.add", { label })}
                    </Button>
                  </Form>
                </li>
              );
            })}
          </ul>
        ) : null}
        {allowFreeTag && activeQuery !== "" && !hasExact ? (
          <Form method="post" className="inline-actions" preventScrollReset>
            <input type="hidden" name="intent" value="add_tag" />
            <input type="hidden" name="tag" value={activeQuery} />
            <Button variant="quiet">{t("picker.add_tag", { tag: activeQuery })}</Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
