import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { createTranslator, DEFAULT_LOCALE, isLocale, type Locale, type MessageKey, type Translate } from "./index";

function localeFromRootData(data: unknown): Locale | undefined {
  if (data && typeof data === "object" && "locale" in data && isLocale(data.locale)) return data.locale;
  return undefined;
}

/**
 * The language of the current request as decided by the root loader, or undefined when the root
 * loader has not produced data (an error thrown in root itself).
 */
export function useOptionalLocale(): Locale | undefined {
  return localeFromRootData(useRouteLoaderData("root"));
}

export function useLocale(): Locale {
  return useOptionalLocale() ?? DEFAULT_LOCALE;
}

export function useT(): Translate {
  const locale = useLocale();
  return useMemo(() => createTranslator(locale), [locale]);
}

type MetaMatch = { id: string; data?: unknown };

/** Page title for a route's meta export, in the language the root loader chose. */
export function pageTitle(matches: readonly MetaMatch[], key: MessageKey): string {
  const root = matches.find((match) => match.id === "root");
  const t = createTranslator(localeFromRootData(root?.data) ?? DEFAULT_LOCALE);
  return `${t(key)} · ${t("app.name")}`;
}
