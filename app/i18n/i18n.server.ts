import { createTranslator, resolveLocale, type Locale, type Translate } from "./index";

export function getLocale(request: Request): Locale {
  return resolveLocale({
    cookieHeader: request.headers.get("Cookie"),
    acceptLanguage: request.headers.get("Accept-Language"),
  });
}

/** For actions and loaders: messages (validation errors, notices) in the requester's language. */
export function getServerT(request: Request): { locale: Locale; t: Translate } {
  const locale = getLocale(request);
  return { locale, t: createTranslator(locale) };
}
