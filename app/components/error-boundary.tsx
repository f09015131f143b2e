import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { createTranslator, DEFAULT_LOCALE, isDictionaryLoaded, LOCALES, type Locale } from "~/i18n";
import { useOptionalLocale } from "~/i18n/react";

function messagesFor(status: number) {
  if (status === 404) return { title: "error.not_found.title", body: "error.not_found.body" } as const;
  if (status === 403) return { title: "error.forbidden.title", body: "error.forbidden.body" } as const;
  if (status === 503) return { title: "error.unavailable.title", body: "error.unavailable.body" } as const;
  if (status === 400 || status === 413 || status === 415) return { title: "error.bad_request.title", body: "error.bad_request.body" } as const;
  return { title: "error.generic.title", body: "error.generic.body" } as const;
}

/**
 * Error page for the root and for routes. Uses the visitor's language when the root loader got
 * that far; otherwise (the root itself failed) says everything in both languages. The server has
 * both; the browser has the ones Layout listed for entry.client.tsx to load, which after a root
 * failure on a client-side navigation is just the language the page was in.
 */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const locale = useOptionalLocale();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const keys = messagesFor(status);
  const loaded = LOCALES.filter(isDictionaryLoaded);
  const languages: readonly Locale[] = locale ? [locale] : loaded.length > 0 ? loaded : [DEFAULT_LOCALE];
  return (
    <section className="error-page" aria-labelledby="error-title">
      {languages.map((language, index) => {
        const t = createTranslator(language);
        return (
          <div key={language} lang={language} className="error-page__language">
            <p className="error-page__status">{t("error.status", { status })}</p>
            {index === 0 ? <h1 id="error-title">{t(keys.title)}</h1> : <h2>{t(keys.title)}</h2>}
            <p>{t(keys.body)}</p>
          </div>
        );
      })}
      <p>
        {/* A full page load: after an error the client-side state may be what is broken. */}
        <a className="button button--primary" href="/">
          {languages.map((language) => createTranslator(language)("error.back_home")).join(" / ")}
        </a>
      </p>
    </section>
  );
}
