import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { DEFAULT_LOCALE, isLocale, loadDictionaries, RENDERED_LOCALES_ATTRIBUTE } from "~/i18n";

// The browser bundle carries no messages (see ~/i18n): fetch the languages the server rendered the
// page in before hydrating, so the first client render says exactly what the server's HTML says.
const renderedLocales = (document.documentElement.getAttribute(RENDERED_LOCALES_ATTRIBUTE) ?? "").split(" ").filter(isLocale);

loadDictionaries(renderedLocales.length > 0 ? renderedLocales : [DEFAULT_LOCALE]).then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
