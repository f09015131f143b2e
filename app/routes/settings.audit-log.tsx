import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { actionLabel, AUDIT_CATEGORIES, auditQuerySchema, describeDetails, type AuditCategory } from "~/audit/categories";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button } from "~/components/form";
import type { Locale } from "~/i18n";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { listAuditEntries, type AuditPage } from "~/models/audit-log.server";
import { isAdminRole, listMemberships } from "~/models/sme.server";
import auditStyles from "~/styles/audit.css";
import { requireUser } from "~/utils/supabase.server";
import { dateTimeFormat } from "~/utils/intl-format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: auditStyles }];

type ScopeOrganization = { id: string; name_en: string; name_ko: string | null };

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, supabase, headers } = await requireUser(request);
  headers.set("Cache-Control", "private, no-store");
  const memberships = await listMemberships(supabase, { userId: user.id });
  const isPlatform = memberships.some((membership) => membership.kind === "platform");
  const organizations: ScopeOrganization[] = memberships
    .filter((membership) => isAdminRole(membership.role) || membership.kind === "platform")
    .map((membership) => ({ id: membership.organization_id, name_en: membership.name_en, name_ko: membership.name_ko }));
  if (organizations.length === 0) {
    return json(
      { allowed: false as const, isMember: memberships.length > 0, isPlatform, organizations, scope: null, category: null, badFilter: false, log: null },
      { status: 403, headers },
    );
  }

  const parsed = auditQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const query = parsed.success ? parsed.data : { org: undefined, category: undefined, page: 1 };
  // The platform starts with everything; an organization's admin with their (first) organization.
  const wanted = query.org ?? (isPlatform ? "all" : organizations[0]!.id);
  const scope = wanted === "all" && isPlatform ? "all" : (organizations.find((organization) => organization.id === wanted)?.id ?? organizations[0]!.id);
  const category: AuditCategory | null = query.category ?? null;
  const log: AuditPage = await listAuditEntries(supabase, { organizationId: scope === "all" ? null : scope, category, page: query.page });
  // A malformed filter, or an organization the user does not administer: say so, show their own.
  const badFilter = !parsed.success || (query.org !== undefined && query.org !== scope);
  return json({ allowed: true as const, isMember: true, isPlatform, organizations, scope, category, badFilter, log }, { status: badFilter ? 400 : 200, headers });
}

function formatDateTime(value: string, locale: Locale) {
  return dateTimeFormat(locale === "ko" ? "ko-KR" : "en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "Asia/Seoul" }).format(new Date(value));
}

const nameIn = (name: { en: string; ko: string | null }, locale: Locale) => (locale === "ko" ? (name.ko ?? name.en) : name.en);

export default function AuditLogPage() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();

  if (!data.allowed) {
    return (
      <div className="container page">
        <h1>{t("audit.title")}</h1>
        <Alert tone="warning" title={t("audit.not_admin_title")}>
          <p>{data.isMember ? t("audit.not_admin_body") : t("audit.no_organization_body")}</p>
        </Alert>
      </div>
    );
  }

  const { log, scope, category, organizations, isPlatform } = data;
  const pageUrl = (page: number) => {
    const params = new URLSearchParams();
    params.set("org", scope);
    if (category) params.set("category", category);
    params.set("page", String(page));
    return `?${params.toString()}`;
  };
  const showOrganization = scope === "all";

  return (
    <div className="container page audit-log">
      <h1>{t("audit.title")}</h1>
      <p className="lead">{t("audit.lead")}</p>
      {isPlatform ? <p>{t("audit.lead_platform")}</p> : null}
      {data.badFilter ? <Alert tone="warning">{t("audit.error.bad_filter")}</Alert> : null}

      <Form method="get" className="audit-filters" aria-label={t("audit.filters")}>
        {organizations.length > 1 || isPlatform ? (
          <div className="field">
            <label htmlFor="audit-org" className="field__label">
              {t("audit.scope")}
            </label>
            <select id="audit-org" name="org" className="field__input" defaultValue={scope}>
              {isPlatform ? <option value="all">{t("audit.scope_all")}</option> : null}
              {organizations.map((organization) => (
                <option key={organization.id} value={organization.id}>
                  {nameIn({ en: organization.name_en, ko: organization.name_ko }, locale)}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <input type="hidden" name="org" value={scope} />
        )}
        <div className="field">
          <label htmlFor="audit-category" className="field__label">
            {t("audit.category")}
          </label>
          <select id="audit-category" name="category" className="field__input" defaultValue={category ?? ""}>
            <option value="">{t("audit.category.all")}</option>
            {AUDIT_CATEGORIES.map((item) => (
              <option key={item} value={item}>
                {t(`audit.category.${item}`)}
              </option>
            ))}
          </select>
        </div>
        <Button variant="secondary">{t("audit.apply")}</Button>
      </Form>

      <section className="section" aria-labelledby="audit-entries-title">
        <h2 id="audit-entries-title" className="visually-hidden">
          {t("audit.title")}
        </h2>
        {log.entries.length === 0 ? (
          <p className="muted">{t("audit.empty")}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="audit-entries-title" tabIndex={0}>
            <table className="table">
              <caption className="visually-hidden">{t("audit.caption", { total: log.total, page: log.page, pages: log.pages })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("audit.column.when")}</th>
                  <th scope="col">{t("audit.column.action")}</th>
                  {showOrganization ? <th scope="col">{t("audit.column.organization")}</th> : null}
                  <th scope="col">{t("audit.column.actor")}</th>
                  <th scope="col">{t("audit.column.details")}</th>
                </tr>
              </thead>
              <tbody>
                {log.entries.map((entry) => {
                  const lines = describeDetails(t, entry);
                  return (
                    <tr key={entry.id}>
                      <td>
                        <time dateTime={entry.occurred_at}>{formatDateTime(entry.occurred_at, locale)}</time>
                      </td>
                      <th scope="row">{actionLabel(t, entry.action)}</th>
                      {showOrganization ? <td>{entry.organization_name ? nameIn(entry.organization_name, locale) : "—"}</td> : null}
                      <td>{entry.actor_user_id ? (entry.actor_name ?? t("audit.actor_unknown")) : t("audit.actor_system")}</td>
                      <td>
                        {lines.length ? (
                          <ul className="plain-list">
                            {lines.map((line, index) => (
                              <li key={index}>{line}</li>
                            ))}
                          </ul>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {log.pages > 1 ? (
          <nav aria-label={t("audit.pagination")} className="pagination">
            {log.page > 1 ? (
              <Link to={pageUrl(log.page - 1)} rel="prev">
                {t("audit.previous")}
              </Link>
            ) : null}
            <span aria-current="page">{t("audit.page", { page: log.page, pages: log.pages })}</span>
            {log.page < log.pages ? (
              <Link to={pageUrl(log.page + 1)} rel="next">
                {t("audit.next")}
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "audit.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
