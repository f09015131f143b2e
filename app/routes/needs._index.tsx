import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field } from "~/components/form";
import { NeedBadges } from "~/components/needs/badges";
import { CheckboxField, SelectField } from "~/components/needs/fields";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { loadTaxonomy } from "~/matching/taxonomy.server";
import { resolveTermList } from "~/matching/terms";
import { NEED_KINDS } from "~/matching/types";
import { listNeeds } from "~/models/needs.server";
import { createSavedNeedSearch } from "~/models/saved-searches.server";
import { getViewer, organizationOfKind } from "~/models/viewer.server";
import { ALERT_FREQUENCIES, issuesFromZod, parseNeedListQuery, savedFiltersFromQuery, savedNeedSearchSchema } from "~/needs/schema";
import { translateIssues } from "~/needs/form-errors";
import { NEED_STATUSES, needTitle, organizationName, type NeedStatus } from "~/needs/types";
import stylesheet from "~/styles/needs.css";
import { formValues } from "~/utils/form-errors";
import { getUser, requireUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";
import { dateTimeFormat } from "~/utils/intl-format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

const PAGE_SIZE = 20;

async function resolveProcess(request: Request, supabase: Parameters<typeof loadTaxonomy>[0], term: string) {
  if (term === "") return { code: null, unknown: false };
  const taxonomy = await loadTaxonomy(supabase);
  const resolved = resolveTermList(taxonomy.processes, [term]);
  return { code: resolved.codes[0] ?? null, unknown: resolved.codes.length === 0 };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, supabase, headers } = await getUser(request);
  const { locale } = getServerT(request);
  const url = new URL(request.url);
  const query = parseNeedListQuery(url.searchParams);
  const viewer = user ? await getViewer(supabase, user.id) : null;
  const contractor = organizationOfKind(viewer, "contractor");
  const sme = organizationOfKind(viewer, "sme");
  const process = await resolveProcess(request, supabase, query.process);
  const mine = query.mine && contractor ? contractor.id : undefined;
  const statuses: NeedStatus[] | undefined =
    query.status === "all" ? undefined : query.status ? [query.status] : mine ? undefined : ["open"];

  const list = process.unknown
    ? { needs: [], total: 0, page: 1, pageSize: PAGE_SIZE }
    : await listNeeds(supabase, {
        q: query.q,
        kinds: query.kind ? [query.kind] : undefined,
        statuses,
        processCodes: process.code ? [process.code] : undefined,
        offsetEligible: query.offset,
        organizationId: mine,
        page: query.page,
        pageSize: PAGE_SIZE,
      });

  return json(
    {
      query,
      processUnknown: process.unknown,
      processCode: process.code,
      notice: url.searchParams.get("notice") === "deleted" ? "deleted" : null,
      signedIn: Boolean(user),
      isContractor: Boolean(contractor),
      isSme: Boolean(sme),
      total: list.total,
      page: list.page,
      pages: Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
      needs: list.needs.map((need) => ({
        id: need.id,
        title: needTitle(need, locale),
        titleLang: (locale === "ko" ? need.title_ko : need.title_en) ? locale : locale === "ko" ? "en" : "ko",
        kind: need.kind,
        status: need.status,
        visibility: need.visibility,
        export_controlled: need.export_controlled,
        offset_eligible: need.offset_eligible,
        location_name: need.location_name,
        response_deadline: need.response_deadline,
        organization: organizationName(need.organization, locale),
      })),
    },
    { headers },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, supabase, headers } = await requireUser(request);
  const { t } = getServerT(request);
  const formData = await readFormOrRefuse(request, headers);
  const values = formValues(formData);
  if (formData.get("intent") !== "save_search") {
    return json({ ok: false, values, fieldErrors: {} as Record<string, string>, message: t("needs.error.unexpected") }, { status: 400, headers });
  }
  const parsed = savedNeedSearchSchema.safeParse({ name: values.name ?? "", alert_frequency: values.alert_frequency || "instant" });
  const query = parseNeedListQuery(new URLSearchParams(Object.entries(values).filter(([name]) => ["q", "kind", "process", "offset"].includes(name))));
  const process = await resolveProcess(request, supabase, query.process);
  if (!parsed.success || process.unknown) {
    const fieldErrors = parsed.success ? {} : translateIssues(issuesFromZod(parsed.error), t);
    if (process.unknown) fieldErrors.process = t("needs.list.unknown_process", { term: query.process });
    return json({ ok: false, values, fieldErrors, message: t("needs.validation.invalid") }, { status: 422, headers });
  }
  const saved = await createSavedNeedSearch(supabase, {
    userId: user.id,
    name: parsed.data.name,
    query: query.q,
    filters: savedFiltersFromQuery(query, process.code),
    alertFrequency: parsed.data.alert_frequency,
  });
  if (!saved.ok) {
    return json({ ok: false, values, fieldErrors: { name: t(saved.error.messageKey) }, message: null }, { status: saved.error.status, headers });
  }
  return json({ ok: true, values: {} as Record<string, string>, fieldErrors: {} as Record<string, string>, message: t("needs.list.saved") }, { headers });
}

export default function NeedsIndex() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const { query } = data;
  const date = dateTimeFormat(locale === "ko" ? "ko-KR" : "en-GB", { dateStyle: "medium", timeZone: "Asia/Seoul" });
  const pageUrl = (page: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(page));
    params.delete("notice");
    return `/needs?${params}`;
  };
  const statusOptions = [
    { value: "", label: t("needs.status.open") },
    ...NEED_STATUSES.filter((status) => status !== "open" && (status !== "draft" || data.isContractor)).map((status) => ({ value: status, label: t(`needs.status.${status}`) })),
    { value: "all", label: t("needs.list.any") },
  ];

  return (
    <div className="container page needs-page">
      <div className="page-heading">
        <h1>{t("needs.list.title")}</h1>
        <div className="button-row">
          {data.isContractor ? (
            <Link className="button button--primary" to="/needs/new">
              {t("needs.list.post")}
            </Link>
          ) : null}
          {data.isSme ? (
            <Link className="button button--secondary" to="/needs/for-you">
              {t("needs.list.for_you")}
            </Link>
          ) : null}
          {data.signedIn ? (
            <Link className="button button--quiet" to="/needs/saved-searches">
              {t("needs.list.saved_searches")}
            </Link>
          ) : null}
        </div>
      </div>
      <p className="lead">{t("needs.list.lead")}</p>
      {data.notice === "deleted" ? <Alert tone="success">{t("needs.detail.deleted")}</Alert> : null}

      <div className="needs-layout">
        <aside className="needs-filters" aria-labelledby="filters-title">
          <h2 id="filters-title">{t("needs.list.filters")}</h2>
          <Form method="get" className="form" role="search" aria-labelledby="filters-title">
            <Field name="q" type="search" label={t("needs.list.q")} hint={t("needs.list.q_hint")} defaultValue={query.q} maxLength={200} />
            <SelectField
              name="kind"
              label={t("needs.list.kind")}
              defaultValue={query.kind ?? ""}
              options={[{ value: "", label: t("needs.list.any") }, ...NEED_KINDS.map((kind) => ({ value: kind, label: t(`needs.kind.${kind}`) }))]}
            />
            <SelectField name="status" label={t("needs.list.status")} defaultValue={query.status ?? ""} options={statusOptions} />
            <Field
              name="process"
              label={t("needs.list.process")}
              hint={t("needs.list.process_hint")}
              defaultValue={query.process}
              error={data.processUnknown ? t("needs.list.unknown_process", { term: query.process }) : undefined}
            />
            <CheckboxField name="offset" value="1" label={t("needs.list.offset_only")} defaultChecked={query.offset} />
            {data.isContractor ? <CheckboxField name="mine" value="1" label={t("needs.list.mine")} defaultChecked={query.mine} /> : null}
            <div className="button-row">
              <Button variant="primary">{t("needs.list.apply")}</Button>
              <Link to="/needs">{t("needs.list.clear")}</Link>
            </div>
          </Form>

          {data.signedIn ? (
            <section aria-labelledby="save-search-title" className="save-search">
              <h2 id="save-search-title">{t("needs.list.save_search")}</h2>
              <Form method="post" className="form" noValidate>
                {result?.message ? <Alert tone={result.ok ? "success" : "error"}>{result.message}</Alert> : null}
                <input type="hidden" name="intent" value="save_search" />
                <input type="hidden" name="q" value={query.q} />
                <input type="hidden" name="kind" value={query.kind ?? ""} />
                <input type="hidden" name="process" value={query.process} />
                {query.offset ? <input type="hidden" name="offset" value="1" /> : null}
                <Field name="name" label={t("needs.list.save_search_name")} required maxLength={200} defaultValue={result && !result.ok ? result.values.name : ""} error={result?.fieldErrors?.name} />
                <SelectField
                  name="alert_frequency"
                  label={t("needs.list.save_search_frequency")}
                  defaultValue={(result && !result.ok ? result.values.alert_frequency : "") || "instant"}
                  options={ALERT_FREQUENCIES.map((frequency) => ({ value: frequency, label: t(`needs.alert.${frequency}`) }))}
                />
                <Button variant="secondary">{t("needs.list.save_search_submit")}</Button>
              </Form>
            </section>
          ) : null}
        </aside>

        <section className="needs-results" aria-labelledby="results-title">
          <h2 id="results-title" aria-live="polite">
            {t("needs.list.results", { count: data.total })}
          </h2>
          {data.needs.length === 0 ? (
            <div className="empty-state">
              <p>{t("needs.list.empty")}</p>
              <p className="muted">{t("needs.list.empty_hint")}</p>
            </div>
          ) : (
            <ul className="need-cards" aria-label={t("needs.list.results_label")}>
              {data.needs.map((need) => (
                <li key={need.id}>
                  <article className="need-card" aria-labelledby={`need-${need.id}`}>
                    <h3 id={`need-${need.id}`} lang={need.titleLang}>
                      <Link to={`/needs/${need.id}`}>{need.title}</Link>
                    </h3>
                    <NeedBadges need={need} />
                    <p className="muted">
                      {t("needs.list.posted_by", { name: need.organization })}
                      {need.location_name ? ` · ${need.location_name}` : ""}
                      {need.response_deadline ? ` · ${t("needs.list.deadline", { date: date.format(new Date(`${need.response_deadline}T00:00:00+09:00`)) })}` : ""}
                    </p>
                  </article>
                </li>
              ))}
            </ul>
          )}
          {data.pages > 1 ? (
            <nav aria-label={t("needs.list.pagination")} className="pagination">
              {data.page > 1 ? <Link to={pageUrl(data.page - 1)}>{t("needs.list.previous")}</Link> : null}
              <span>{t("needs.list.page", { page: data.page, pages: data.pages })}</span>
              {data.page < data.pages ? <Link to={pageUrl(data.page + 1)}>{t("needs.list.next")}</Link> : null}
            </nav>
          ) : null}
        </section>
      </div>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "needs.list.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
