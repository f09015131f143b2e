import { json, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { SiteHeader } from "~/components/site-header";
import { getPublicEnv } from "~/env.server";
import { canReadAuditLog } from "~/models/audit-log.server";
import { countUnreadForHeader } from "~/models/notifications.server";
import { createTranslator, DEFAULT_LOCALE, loadDictionaries, LOCALES, RENDERED_LOCALES_ATTRIBUTE } from "~/i18n";
import { getLocale } from "~/i18n/i18n.server";
import stylesheet from "~/styles/app.css";
import { useNonce } from "~/utils/nonce";
import { toSessionUser } from "~/utils/session-user.server";
import { getUser } from "~/utils/supabase.server";

const ZOD_WITHOUT_EVAL = "globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, headers, supabase } = await getUser(request);
  const [unreadNotifications, auditLog] = user
    ? await Promise.all([countUnreadForHeader(supabase), canReadAuditLog(supabase, { userId: user.id })])
    : [0, false];
  return json(
    {
      env: getPublicEnv(),
      user: user ? toSessionUser(user) : null,
      locale: getLocale(request),
      unreadNotifications,
      auditLog,
    },
    { headers },
  );
}

/**
 * The browser holds only the current language's messages. When the language changes (the
 * set-language form, or a sign-in that brings a different cookie) the new dictionary is fetched
 * before the root data is handed over, so the page never renders keys or the old language.
 * Not run on hydration: entry.client.tsx has loaded the rendered language by then.
 */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const data = await serverLoader<typeof loader>();
  await loadDictionaries([data.locale]);
  return data;
}

// Pages depend on the session and language cookies: never shared between visitors by a cache.
export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? "private, no-cache",
  Vary: "Cookie, Accept-Language",
});

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const t = createTranslator(locale);
  // Without root data the error boundary speaks every language (see RouteErrorBoundary).
  const renderedLocales = data?.locale ? [data.locale] : LOCALES;
  return (
    <html lang={locale} {...{ [RENDERED_LOCALES_ATTRIBUTE]: renderedLocales.join(" ") }}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {/* zod v4 probes `new Function` to compile parsers; under the CSP (no 'unsafe-eval') that probe
            is a violation, so the browser copy runs without it. Must run before any module script. */}
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: ZOD_WITHOUT_EVAL }} />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("nav.skip_to_content")}
        </a>
        <SiteHeader user={data?.user ?? null} unreadNotifications={data?.unreadNotifications ?? 0} auditLog={data?.auditLog ?? false} />
        <main id="main" tabIndex={-1} className="site-main">
          {children}
        </main>
        <footer className="site-footer">
          <div className="site-footer__inner">
            <p>{t("footer.about")}</p>
            <p className="site-footer__note">{t("footer.demo_data")}</p>
            {data?.env.DEV_TOOLS ? (
              <p>
                <a href="/dev/outbox">{t("nav.dev_outbox")}</a>
              </p>
            ) : null}
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = createTranslator(data?.locale ?? DEFAULT_LOCALE);
  return [{ title: t("app.name") }, { name: "description", content: t("app.tagline") }];
};

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
