/**
 * Shared Intl formatters. Building an Intl.DateTimeFormat or NumberFormat costs far more than
 * using one (a search page formats dozens of dates and numbers); the server profile of /search
 * showed the constructors among its hottest functions. Formatters are immutable, so one per
 * locale and option set is reused for the life of the process or page.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

// A long-running server sees few distinct option sets; the cap only guards against a caller
// that builds options from unbounded input.
const MAX_CACHED = 200;

function cached<T>(cache: Map<string, T>, key: string, create: () => T): T {
  let format = cache.get(key);
  if (!format) {
    if (cache.size >= MAX_CACHED) cache.clear();
    format = create();
    cache.set(key, format);
  }
  return format;
}

export function dateTimeFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  return cached(dateFormats, `${locale ?? ""}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

export function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached(numberFormats, `${locale ?? ""}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}
