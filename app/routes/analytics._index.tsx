import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { percent } from "~/analytics/chart-scale";
import {
  CERTIFICATION_STATUSES,
  EXPIRY_HORIZON_DAYS,
  expiringTable,
  expiryBuckets,
  FEW_SUPPLIERS,
  funnelTable,
  funnelTotals,
  gapTable,
  mapTable,
  monthLabel,
  PROFILE_STATUSES,
  statusLabelKey,
  verificationTable,
  verifiedShare,
  type ReportName,
} from "~/analytics/reports";
import { resolveAnalyticsScope } from "~/analytics/scope.server";
import { localized } from "~/clusters/content";
import { clusterPolygon } from "~/clusters/geometry";
import { needHref, supplierHref } from "~/clusters/links";
import { numberFormat, ReportTableView, SelectField } from "~/clusters/ui";
import { BarListChart, ColumnChart, ShareChart } from "~/components/charts/BarChart";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button } from "~/components/form";
import { MapPanel, mapPanelLinks } from "~/components/map/MapPanel";
import type { MapCircle, MapPoint, MapPolygonFeature } from "~/components/map/types";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { demandSupplyMap, eoiFunnel, expiringCertifications, localizationGap, verificationShares, type AnalyticsResult } from "~/models/analytics.server";
import { getClusterBySlug } from "~/models/clusters.server";
import clustersStylesheet from "~/styles/clusters.css";

export const links: LinksFunction = () => [...mapPanelLinks(), { rel: "stylesheet", href: clustersStylesheet }];

/** A report that failed is shown as such; the others still render. */
function settle<T>(result: AnalyticsResult<T>) {
  return result.ok ? { ok: true as const, rows: result.rows } : { ok: false as const, code: result.error.code };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, scope, choices, canSeeAll } = await resolveAnalyticsScope(request);
  const clusterId = scope.clusterId;
  const [gap, funnel, verification, expiring, map, cluster] = await Promise.all([
    localizationGap(supabase, { clusterId }),
    eoiFunnel(supabase, { clusterId }),
    verificationShares(supabase, { clusterId }),
    expiringCertifications(supabase, { clusterId }),
    demandSupplyMap(supabase, { clusterId }),
    scope.slug ? getClusterBySlug(supabase, { slug: scope.slug }) : null,
  ]);
  if ([gap, funnel, verification, expiring, map].some((result) => !result.ok && result.error.code === "forbidden")) {
    throw new Response("Forbidden", { status: 403, headers });
  }
  return json(
    {
      scope,
      choices,
      canSeeAll,
      boundary: cluster ? { id: cluster.id, slug: cluster.slug, boundary: cluster.boundary } : null,
      gap: settle(gap),
      funnel: settle(funnel),
      verification: settle(verification),
      expiring: settle(expiring),
      map: settle(map),
    },
    { headers },
  );
}

function CsvLink({ report, slug, label }: { report: ReportName; slug: string | null; label: string }) {
  const t = useT();
  return (
    <a href={`/analytics/csv/${report}${slug ? `?cluster=${encodeURIComponent(slug)}` : "?cluster=all"}`} download>
      {t("clusters.analytics.download_csv")}
      <span className="visually-hidden"> — {label}</span>
    </a>
  );
}

function ReportError() {
  const t = useT();
  return <Alert tone="error">{t("clusters.analytics.report_failed")}</Alert>;
}

export default function Analytics() {
  const { scope, choices, canSeeAll, boundary, gap, funnel, verification, expiring, map } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const format = numberFormat(locale);
  const scopeName = scope.clusterId ? localized(locale, scope.name_en, scope.name_ko) : t("clusters.analytics.all_clusters");
  const scopeIsAll = scope.clusterId === null;

  const gapRows = gap.ok ? gap.rows : [];
  const topGap = gapRows.slice(0, 15);
  const funnelRows = funnel.ok ? funnel.rows : [];
  const totals = funnelTotals(funnelRows);
  const verificationRows = verification.ok ? verification.rows : [];
  const profileShare = verifiedShare(verificationRows, "profiles");
  const certificationShare = verifiedShare(verificationRows, "certifications");
  const expiringRows = expiring.ok ? expiring.rows : [];
  const buckets = expiryBuckets(expiringRows, EXPIRY_HORIZON_DAYS);
  const mapRows = map.ok ? map.rows : [];

  const needs = mapRows.filter((row) => row.kind === "need");
  const suppliers = mapRows.filter((row) => row.kind === "supplier");
  const points: MapPoint[] = suppliers.map((row) => ({
    id: row.id,
    lat: row.lat,
    lng: row.lng,
    label: localized(locale, row.label_en, row.label_ko),
    sublabel: row.process_codes.slice(0, 4).join(", "),
    href: supplierHref(row.id),
    kind: "primary",
  }));
  const circles: MapCircle[] = needs.map((row) => ({
    id: row.id,
    lat: row.lat,
    lng: row.lng,
    radius_km: row.radius_km ?? 50,
    label: localized(locale, row.label_en, row.label_ko),
    sublabel: row.process_codes.join(", "),
    href: needHref(row.id),
  }));
  const polygon = boundary ? clusterPolygon({ id: boundary.id, slug: boundary.slug, boundary: boundary.boundary, label: scopeName }) : null;
  const polygons: MapPolygonFeature[] = polygon ? [polygon] : [];

  const scopeOptions = [...(canSeeAll ? [{ value: "all", label: t("clusters.analytics.all_clusters") }] : []), ...choices.map((choice) => ({ value: choice.slug, label: localized(locale, choice.name_en, choice.name_ko) }))];

  const gapSeries = [
    { key: "demand", label: t("clusters.analytics.col.open_needs") },
    { key: "scope", label: t(scopeIsAll ? "clusters.analytics.col.suppliers_in_clusters" : "clusters.analytics.col.suppliers_in_cluster") },
    { key: "korea", label: t("clusters.analytics.col.suppliers_in_korea") },
  ];
  const topShortfall = gapRows.find((row) => row.shortfall);

  return (
    <div className="container page">
      <header className="cm-page-header">
        <div>
          <h1>{t("clusters.analytics.title")}</h1>
          <p className="lead">{t("clusters.analytics.lead", { scope: scopeName })}</p>
        </div>
        {scopeOptions.length > 1 ? (
          <Form method="get" className="cm-scope-form" aria-label={t("clusters.analytics.scope_form")}>
            <SelectField name="cluster" label={t("clusters.analytics.scope")} defaultValue={scope.slug ?? "all"} options={scopeOptions} />
            <Button variant="secondary">{t("clusters.analytics.show")}</Button>
          </Form>
        ) : null}
      </header>
      <p className="muted">
        {t("clusters.analytics.definitions")} {scope.slug ? <Link to="/cluster/members">{t("clusters.detail.verify_members")}</Link> : null}
      </p>

      <section className="cm-section cm-report" aria-labelledby="gap-title">
        <h2 id="gap-title">{t("clusters.analytics.gap.title")}</h2>
        <p>{t("clusters.analytics.gap.explain", { few: FEW_SUPPLIERS })}</p>
        {!gap.ok ? (
          <ReportError />
        ) : (
          <>
            <BarListChart
              title={t("clusters.analytics.gap.chart_title", { scope: scopeName })}
              description={
                topShortfall
                  ? t("clusters.analytics.gap.chart_desc", {
                      count: topGap.length,
                      process: localized(locale, topShortfall.label_en, topShortfall.label_ko),
                      needs: topShortfall.open_need_count,
                      suppliers: topShortfall.suppliers_in_scope,
                    })
                  : t("clusters.analytics.gap.chart_desc_none", { count: topGap.length })
              }
              series={gapSeries}
              categories={topGap.map((row) => ({
                key: row.process_code,
                label: localized(locale, row.label_en, row.label_ko),
                values: { demand: row.open_need_count, scope: row.suppliers_in_scope, korea: row.suppliers_in_korea },
              }))}
              emptyText={t("clusters.analytics.gap.empty")}
            />
            <details open={gapRows.length <= 15}>
              <summary>{t("clusters.analytics.table_toggle", { count: gapRows.length })}</summary>
              <ReportTableView table={gapTable(gapRows, t, locale, scopeIsAll)} caption={t("clusters.analytics.gap.title")} locale={locale} emptyText={t("clusters.analytics.gap.empty")} />
            </details>
            <p>
              <CsvLink report="gap" slug={scope.slug} label={t("clusters.analytics.gap.title")} />
            </p>
          </>
        )}
      </section>

      <section className="cm-section cm-report" aria-labelledby="funnel-title">
        <h2 id="funnel-title">{t("clusters.analytics.funnel.title")}</h2>
        <p>{t("clusters.analytics.funnel.explain")}</p>
        {!funnel.ok ? (
          <ReportError />
        ) : (
          <>
            <p role="status">
              {t("clusters.analytics.funnel.totals", {
                submitted: format.format(totals.submitted),
                shortlisted: format.format(totals.shortlisted),
                awarded: format.format(totals.awarded),
                rate: percent(totals.awarded, totals.submitted) ?? 0,
              })}
            </p>
            <ColumnChart
              title={t("clusters.analytics.funnel.chart_title", { scope: scopeName })}
              description={t("clusters.analytics.funnel.chart_desc", {
                months: funnelRows.length,
                submitted: totals.submitted,
                shortlisted: totals.shortlisted,
                awarded: totals.awarded,
              })}
              series={[
                { key: "submitted", label: t("clusters.analytics.funnel.submitted") },
                { key: "shortlisted", label: t("clusters.analytics.funnel.shortlisted") },
                { key: "awarded", label: t("clusters.analytics.funnel.awarded") },
              ]}
              categories={funnelRows.map((row) => ({ key: row.month, label: monthLabel(row.month, locale), values: { submitted: row.submitted, shortlisted: row.shortlisted, awarded: row.awarded } }))}
              emptyText={t("clusters.analytics.funnel.empty")}
            />
            <ReportTableView table={funnelTable(funnelRows, t, locale)} caption={t("clusters.analytics.funnel.title")} locale={locale} emptyText={t("clusters.analytics.funnel.empty")} />
            <p>
              <CsvLink report="funnel" slug={scope.slug} label={t("clusters.analytics.funnel.title")} />
            </p>
          </>
        )}
      </section>

      <section className="cm-section cm-report" aria-labelledby="verification-title">
        <h2 id="verification-title">{t("clusters.analytics.verification.title")}</h2>
        {!verification.ok ? (
          <ReportError />
        ) : (
          <>
            <p role="status">
              {t("clusters.analytics.verification.summary", {
                profiles: profileShare.share ?? 0,
                verifiedProfiles: format.format(profileShare.verified),
                totalProfiles: format.format(profileShare.total),
                certifications: certificationShare.share ?? 0,
                verifiedCertifications: format.format(certificationShare.verified),
                totalCertifications: format.format(certificationShare.total),
              })}
            </p>
            <ShareChart
              title={t("clusters.analytics.verification.chart_title", { scope: scopeName })}
              description={t("clusters.analytics.verification.chart_desc", { profiles: profileShare.share ?? 0, certifications: certificationShare.share ?? 0 })}
              series={CERTIFICATION_STATUSES.map((status) => ({ key: status, label: t(statusLabelKey(status)), tone: status }))}
              categories={[
                {
                  key: "profiles",
                  label: t("clusters.analytics.verification.profiles"),
                  values: Object.fromEntries(PROFILE_STATUSES.map((status) => [status, verificationRows.find((row) => row.subject === "profiles" && row.status === status)?.item_count ?? 0])),
                },
                {
                  key: "certifications",
                  label: t("clusters.analytics.verification.certifications"),
                  values: Object.fromEntries(CERTIFICATION_STATUSES.map((status) => [status, verificationRows.find((row) => row.subject === "certifications" && row.status === status)?.item_count ?? 0])),
                },
              ]}
              emptyText={t("clusters.analytics.verification.empty")}
            />
            <ReportTableView table={verificationTable(verificationRows, t)} caption={t("clusters.analytics.verification.title")} locale={locale} emptyText={t("clusters.analytics.verification.empty")} />
            <p>
              <CsvLink report="verification" slug={scope.slug} label={t("clusters.analytics.verification.title")} />
            </p>
          </>
        )}
      </section>

      <section className="cm-section cm-report" aria-labelledby="expiring-title">
        <h2 id="expiring-title">{t("clusters.analytics.expiring.title", { days: EXPIRY_HORIZON_DAYS })}</h2>
        {!expiring.ok ? (
          <ReportError />
        ) : (
          <>
            <ColumnChart
              title={t("clusters.analytics.expiring.chart_title", { scope: scopeName, days: EXPIRY_HORIZON_DAYS })}
              description={t("clusters.analytics.expiring.chart_desc", {
                total: expiringRows.length,
                first: buckets[0]?.count ?? 0,
                second: buckets[1]?.count ?? 0,
                third: buckets[2]?.count ?? 0,
              })}
              series={[{ key: "count", label: t("clusters.analytics.col.count") }]}
              categories={buckets.map((bucket) => ({
                key: `${bucket.from}-${bucket.to}`,
                label: t("clusters.analytics.expiring.bucket", { from: bucket.from, to: bucket.to }),
                values: { count: bucket.count },
              }))}
              emptyText={t("clusters.analytics.expiring.empty")}
            />
            <ReportTableView
              table={{
                header: [t("clusters.analytics.expiring.window"), t("clusters.analytics.col.count")],
                rows: buckets.map((bucket) => [t("clusters.analytics.expiring.bucket", { from: bucket.from, to: bucket.to }), bucket.count]),
                numeric: [false, true],
              }}
              caption={t("clusters.analytics.expiring.by_window")}
              locale={locale}
              emptyText={t("clusters.analytics.expiring.empty")}
            />
            <ReportTableView table={expiringTable(expiringRows, t, locale)} caption={t("clusters.analytics.expiring.list")} locale={locale} emptyText={t("clusters.analytics.expiring.empty")} />
            <p>
              <CsvLink report="expiring" slug={scope.slug} label={t("clusters.analytics.expiring.title", { days: EXPIRY_HORIZON_DAYS })} />
            </p>
          </>
        )}
      </section>

      <section className="cm-section cm-report" aria-labelledby="map-title">
        <h2 id="map-title">{t("clusters.analytics.map.title")}</h2>
        <p>{t("clusters.analytics.map.explain", { needs: needs.length, suppliers: suppliers.length })}</p>
        {!map.ok ? (
          <ReportError />
        ) : (
          <>
            <MapPanel
              points={points}
              polygons={polygons}
              circles={circles}
              label={t("clusters.analytics.map.label", { needs: needs.length, suppliers: suppliers.length, scope: scopeName })}
              height={460}
              headingLevel={3}
              listLimit={300}
            />
            <p>
              <CsvLink report="map" slug={scope.slug} label={t("clusters.analytics.map.title")} />
            </p>
            <details>
              <summary>{t("clusters.analytics.table_toggle", { count: mapRows.length })}</summary>
              <ReportTableView table={mapTable(mapRows, t, locale)} caption={t("clusters.analytics.map.title")} locale={locale} emptyText={t("clusters.analytics.map.empty")} />
            </details>
          </>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "clusters.analytics.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
