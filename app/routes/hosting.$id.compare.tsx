import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { localized, parseClusterContent } from "~/clusters/content";
import { clusterPolygon, parcelPolygon } from "~/clusters/geometry";
import { incentiveLabel, zoningLabel } from "~/clusters/labels";
import { Badge, Breadcrumbs, formatArea, formatDate, formatMoney, numberFormat } from "~/clusters/ui";
import { readFormData } from "~/clusters/form-data";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button } from "~/components/form";
import { MapPanel, mapPanelLinks } from "~/components/map/MapPanel";
import type { MapPolygonFeature } from "~/components/map/types";
import { bestOf, densityGrid, matchIncentives, summarizeLand, uncoveredProcesses } from "~/hosting/compare";
import { DENSITY_KM, parseDensityKm } from "~/hosting/schemas";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { getViewer, listProcessLabels } from "~/models/clusters.server";
import { getInquiry, setInquiryStatus, supplierDensity } from "~/models/hosting.server";
import { HTTP_STATUS } from "~/models/result.server";
import { REGIONS, type RegionCode } from "~/search/query";
import clustersStylesheet from "~/styles/clusters.css";
import { requireUser } from "~/utils/supabase.server";

export const links: LinksFunction = () => [...mapPanelLinks(), { rel: "stylesheet", href: clustersStylesheet }];

const NOTICES = ["sent", "closed", "reopened"] as const;
const NOTICE_KEYS = {
  sent: "clusters.hosting.notice.sent",
  closed: "clusters.hosting.notice.closed",
  reopened: "clusters.hosting.notice.reopened",
} as const;

async function loadForContractor(request: Request, id: string) {
  const context = await requireUser(request);
  const viewer = await getViewer(context.supabase, { userId: context.user.id });
  const detail = await getInquiry(context.supabase, { id });
  if (!detail) throw new Response("Not found", { status: 404, headers: context.headers });
  if (!viewer.contractorOrgIds.includes(detail.inquiry.contractor_organization_id)) {
    // An authority that followed a link lands on its own answer page instead.
    throw redirect(`/hosting/inbox/${id}`, { headers: context.headers });
  }
  return { ...context, viewer, detail };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, viewer, detail } = await loadForContractor(request, params.id ?? "");
  const searchParams = new URL(request.url).searchParams;
  const kmParam = searchParams.get("km");
  const km = parseDensityKm(kmParam);
  const kmInvalid = kmParam !== null && kmParam.trim() !== "" && String(km) !== kmParam.trim();
  const clusterIds = detail.recipients.map((recipient) => recipient.cluster_id);
  const [density, processes] = await Promise.all([
    supplierDensity(supabase, { clusterIds, processCodes: detail.inquiry.process_codes, km }),
    listProcessLabels(supabase),
  ]);
  return json(
    {
      inquiry: detail.inquiry,
      notice: NOTICES.find((known) => known === searchParams.get("notice")) ?? null,
      km,
      kmInvalid,
      canManage: viewer.contractorAdminOrgs.some((org) => org.organizationId === detail.inquiry.contractor_organization_id),
      processLabels: Object.fromEntries(processes.map((process) => [process.code, { en: process.label_en, ko: process.label_ko }])),
      columns: detail.recipients.map((recipient) => {
        const offer = detail.offers.find((item) => item.cluster_id === recipient.cluster_id) ?? null;
        const parcels = (offer?.parcel_ids ?? []).map((id) => detail.parcels.get(id)).filter((parcel): parcel is NonNullable<typeof parcel> => Boolean(parcel));
        const standing = parseClusterContent({ incentives: recipient.cluster.incentives, infrastructure: [], anchor_companies: [], success_stories: [], contact: {} }).incentives;
        return {
          cluster: {
            id: recipient.cluster.id,
            slug: recipient.cluster.slug,
            name_en: recipient.cluster.name_en,
            name_ko: recipient.cluster.name_ko,
            region: recipient.cluster.region,
            designation: recipient.cluster.designation,
            designation_year: recipient.cluster.designation_year,
            center_lat: recipient.cluster.center_lat,
            center_lng: recipient.cluster.center_lng,
            boundary: recipient.cluster.boundary,
            standingIncentiveKinds: [...new Set(standing.map((item) => item.kind))],
          },
          status: recipient.status,
          declineReason: recipient.decline_reason,
          respondedAt: recipient.responded_at,
          offer,
          parcels,
        };
      }),
      density,
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers, viewer, detail } = await loadForContractor(request, params.id ?? "");
  const { t } = getServerT(request);
  const formData = await readFormData(request, headers);
  const intent = formData.get("intent");
  if (intent !== "close" && intent !== "reopen") return json({ formError: t("clusters.form.unknown_intent") }, { status: 400, headers });
  if (!viewer.contractorAdminOrgs.some((org) => org.organizationId === detail.inquiry.contractor_organization_id)) {
    return json({ formError: t("clusters.form.forbidden") }, { status: 403, headers });
  }
  const result = await setInquiryStatus(supabase, { id: detail.inquiry.id, status: intent === "close" ? "closed" : "open" });
  if (!result.ok) return json({ formError: result.error.code === "unavailable" ? t("clusters.form.unavailable") : t("clusters.form.rejected") }, { status: HTTP_STATUS[result.error.code], headers });
  return redirect(`/hosting/${detail.inquiry.id}/compare?notice=${intent === "close" ? "closed" : "reopened"}`, { headers });
}

export default function CompareOffers() {
  const { inquiry, notice, km, kmInvalid, canManage, processLabels, columns, density } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const format = numberFormat(locale);
  const label = (code: string) => (processLabels[code] ? processLabels[code]![locale] : code);
  const grid = densityGrid(
    columns.map((column) => column.cluster.id),
    inquiry.process_codes,
    density,
  );
  const land = new Map(columns.map((column) => [column.cluster.id, summarizeLand(inquiry.land_area_m2, column.parcels, column.offer)]));
  const answered = columns.filter((column) => column.offer);
  const cheapest = bestOf(answered, (column) => land.get(column.cluster.id)?.estimatedLandCost ?? null, "low");
  const largestSubsidy = bestOf(answered, (column) => column.offer?.subsidy_amount ?? null, "high");
  const coveredCount = (clusterId: string) => inquiry.process_codes.length - uncoveredProcesses(grid, clusterId).length;
  const bestCovered = bestOf(columns, (column) => coveredCount(column.cluster.id), "high");
  const mostLand = bestOf(answered, (column) => land.get(column.cluster.id)?.offeredArea ?? null, "high");

  const polygons: MapPolygonFeature[] = [];
  for (const column of columns) {
    const name = localized(locale, column.cluster.name_en, column.cluster.name_ko);
    const boundary = clusterPolygon({ id: column.cluster.id, slug: column.cluster.slug, boundary: column.cluster.boundary, label: name });
    if (boundary) polygons.push(boundary);
    for (const parcel of column.parcels) {
      polygons.push(parcelPolygon({ id: parcel.id, lat: parcel.lat, lng: parcel.lng, area_m2: parcel.area_m2, label: localized(locale, parcel.name_en, parcel.name_ko), sublabel: `${name} · ${formatArea(parcel.area_m2, locale)}` }));
    }
  }

  const Best = ({ on, children }: { on: boolean; children: ReactNode }) =>
    on ? (
      <span className="cm-best">
        {children}
        <span className="visually-hidden"> ({t("clusters.hosting.compare.best")})</span>
      </span>
    ) : (
      <>{children}</>
    );

  return (
    <div className="container page">
      <Breadcrumbs items={[{ to: "/hosting", label: t("clusters.hosting.list.title") }, { label: inquiry.title }]} />
      {notice ? <Alert tone="success">{t(NOTICE_KEYS[notice])}</Alert> : null}
      {failure?.formError ? <Alert tone="error">{failure.formError}</Alert> : null}
      <header className="cm-page-header">
        <div>
          <h1>{t("clusters.hosting.compare.title", { title: inquiry.title })}</h1>
          <p className="muted">
            {t("clusters.hosting.list.summary", { area: formatArea(inquiry.land_area_m2, locale), workforce: format.format(inquiry.workforce), date: formatDate(inquiry.start_by, locale) ?? inquiry.start_by })}
          </p>
          <p className="cm-actions">
            <Badge tone={inquiry.status}>{t(inquiry.status === "open" ? "clusters.hosting.status.open" : "clusters.hosting.status.closed")}</Badge>
            <span>{t("clusters.hosting.list.answers", { offered: answered.length, count: columns.length })}</span>
          </p>
        </div>
        {canManage ? (
          <Form method="post" aria-label={inquiry.status === "open" ? t("clusters.hosting.compare.close") : t("clusters.hosting.compare.reopen")}>
            <input type="hidden" name="intent" value={inquiry.status === "open" ? "close" : "reopen"} />
            <Button variant="secondary" pendingLabel={t("form.submitting")}>
              {inquiry.status === "open" ? t("clusters.hosting.compare.close") : t("clusters.hosting.compare.reopen")}
            </Button>
          </Form>
        ) : null}
      </header>

      <Form method="get" className="cm-scope-form" aria-label={t("clusters.hosting.compare.distance_form")}>
        <div className={`field${kmInvalid ? " field--invalid" : ""}`}>
          <label htmlFor="density-km" className="field__label">
            {t("clusters.hosting.compare.distance")}
          </label>
          <p id="density-km-hint" className="field__hint">
            {t("clusters.hosting.compare.distance_hint", { min: DENSITY_KM.min, max: DENSITY_KM.max })}
          </p>
          <input
            id="density-km"
            name="km"
            type="number"
            min={DENSITY_KM.min}
            max={DENSITY_KM.max}
            step={1}
            defaultValue={km}
            className="field__input"
            aria-describedby={kmInvalid ? "density-km-hint density-km-error" : "density-km-hint"}
            aria-invalid={kmInvalid || undefined}
          />
          {kmInvalid ? (
            <p id="density-km-error" className="field__error">
              {t("clusters.hosting.compare.distance_invalid", { km })}
            </p>
          ) : null}
        </div>
        <Button variant="secondary">{t("clusters.hosting.compare.update_distance")}</Button>
      </Form>

      {columns.length === 0 ? (
        <p className="cm-empty">{t("clusters.hosting.compare.no_clusters")}</p>
      ) : (
        <section className="cm-section" aria-labelledby="compare-table-title">
          <h2 id="compare-table-title">{t("clusters.hosting.compare.side_by_side")}</h2>
          <div className="cm-table-wrap">
            <table className="table cm-compare">
              <caption>{t("clusters.hosting.compare.caption", { count: columns.length, km })}</caption>
              <thead>
                <tr>
                  <td />
                  {columns.map((column) => (
                    <th key={column.cluster.id} scope="col">
                      <Link to={`/clusters/${column.cluster.slug}`}>{localized(locale, column.cluster.name_en, column.cluster.name_ko)}</Link>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">{t("clusters.hosting.compare.answer")}</th>
                  {columns.map((column) => (
                    <td key={column.cluster.id}>
                      <Badge tone={column.status === "pending" ? "pending" : column.status}>{t(`clusters.hosting.recipient.${column.status}`)}</Badge>
                      {column.respondedAt ? <div className="muted">{formatDate(column.respondedAt, locale)}</div> : null}
                      {column.declineReason ? <div>{column.declineReason}</div> : null}
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t("clusters.hosting.compare.designation")}</th>
                  {columns.map((column) => (
                    <td key={column.cluster.id}>
                      {column.cluster.designation === "designated" ? t("clusters.designated_in", { year: column.cluster.designation_year ?? "" }) : t("clusters.designation.candidate")}
                      <div className="muted">{column.cluster.region in REGIONS ? REGIONS[column.cluster.region as RegionCode][locale] : column.cluster.region}</div>
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t("clusters.hosting.compare.parcels")}</th>
                  {columns.map((column) => (
                    <td key={column.cluster.id}>
                      {column.parcels.length === 0 ? (
                        <span className="cm-muted-cell">{t("clusters.hosting.compare.none")}</span>
                      ) : (
                        <ul className="cm-list-plain">
                          {column.parcels.map((parcel) => (
                            <li key={parcel.id}>
                              <strong>{localized(locale, parcel.name_en, parcel.name_ko)}</strong>
                              <div className="muted">
                                {formatArea(parcel.area_m2, locale)} · {zoningLabel(t, parcel.zoning)}
                                {parcel.price_per_m2 !== null ? ` · ${t("clusters.parcel.price_per_m2", { price: formatMoney(parcel.price_per_m2, parcel.currency, locale) ?? "" })}` : ""}
                              </div>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t("clusters.hosting.compare.offered_area", { area: formatArea(inquiry.land_area_m2, locale) })}</th>
                  {columns.map((column) => {
                    const summary = land.get(column.cluster.id)!;
                    return (
                      <td key={column.cluster.id} className="cm-num">
                        {column.offer ? (
                          <Best on={mostLand.has(column)}>
                            {formatArea(summary.offeredArea, locale)} {summary.coversRequestedArea ? `(${t("clusters.hosting.compare.covers")})` : `(${t("clusters.hosting.compare.short")})`}
                          </Best>
                        ) : (
                          "—"
                        )}
                      </td>
                    );
                  })}
                </tr>
                <tr>
                  <th scope="row">{t("clusters.hosting.compare.land_price")}</th>
                  {columns.map((column) => (
                    <td key={column.cluster.id} className="cm-num">
                      {column.offer?.land_price_per_m2 !== null && column.offer?.land_price_per_m2 !== undefined
                        ? formatMoney(column.offer.land_price_per_m2, column.offer.currency, locale)
                        : land.get(column.cluster.id)?.lowestPricePerM2 !== null && column.offer
                          ? t("clusters.hosting.compare.from_price", { price: formatMoney(land.get(column.cluster.id)!.lowestPricePerM2, land.get(column.cluster.id)!.currency, locale) ?? "" })
                          : "—"}
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t("clusters.hosting.compare.land_cost")}</th>
                  {columns.map((column) => {
                    const summary = land.get(column.cluster.id)!;
                    return (
                      <td key={column.cluster.id} className="cm-num">
                        {column.offer && summary.estimatedLandCost !== null ? <Best on={cheapest.has(column)}>{formatMoney(summary.estimatedLandCost, summary.currency, locale)}</Best> : "—"}
                      </td>
                    );
                  })}
                </tr>
                <tr>
                  <th scope="row">{t("clusters.hosting.offer.subsidy")}</th>
                  {columns.map((column) => (
                    <td key={column.cluster.id} className="cm-num">
                      {column.offer?.subsidy_amount !== null && column.offer?.subsidy_amount !== undefined ? (
                        <Best on={largestSubsidy.has(column)}>{formatMoney(column.offer.subsidy_amount, column.offer.currency, locale)}</Best>
                      ) : (
                        "—"
                      )}
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t("clusters.hosting.offer.site_ready_by")}</th>
                  {columns.map((column) => (
                    <td key={column.cluster.id}>{formatDate(column.offer?.site_ready_by, locale) ?? "—"}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t("clusters.hosting.compare.incentives_offered")}</th>
                  {columns.map((column) => (
                    <td key={column.cluster.id}>
                      {column.offer && column.offer.incentives.length > 0 ? (
                        <ul className="cm-list-plain">
                          {column.offer.incentives.map((item) => (
                            <li key={item.kind}>
                              <strong>{incentiveLabel(t, item.kind)}</strong>: {item.description}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        "—"
                      )}
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t("clusters.hosting.compare.sought_answered")}</th>
                  {columns.map((column) => {
                    const offered = column.offer ? column.offer.incentives.map((item) => item.kind) : [];
                    const { matched, missing } = matchIncentives(inquiry.incentives_sought, offered);
                    return (
                      <td key={column.cluster.id}>
                        {inquiry.incentives_sought.length === 0 || !column.offer ? (
                          "—"
                        ) : (
                          <>
                            <div>{t("clusters.hosting.compare.matched", { count: matched.length, total: inquiry.incentives_sought.length })}</div>
                            {missing.length > 0 ? <div className="muted">{t("clusters.hosting.compare.missing", { kinds: missing.map((kind) => incentiveLabel(t, kind)).join(", ") })}</div> : null}
                          </>
                        )}
                      </td>
                    );
                  })}
                </tr>
                <tr>
                  <th scope="row">{t("clusters.hosting.compare.standing_incentives")}</th>
                  {columns.map((column) => (
                    <td key={column.cluster.id}>{column.cluster.standingIncentiveKinds.length > 0 ? column.cluster.standingIncentiveKinds.map((kind) => incentiveLabel(t, kind)).join(", ") : "—"}</td>
                  ))}
                </tr>
                {inquiry.process_codes.map((code) => (
                  <tr key={code}>
                    <th scope="row">{t("clusters.hosting.compare.suppliers_for", { process: label(code), km })}</th>
                    {columns.map((column) => {
                      const count = grid.get(column.cluster.id)?.get(code) ?? 0;
                      return (
                        <td key={column.cluster.id} className={count === 0 ? "cm-num cm-muted-cell" : "cm-num"}>
                          {format.format(count)}
                        </td>
                      );
                    })}
                  </tr>
                ))}
                {inquiry.process_codes.length > 0 ? (
                  <>
                    <tr>
                      <th scope="row">{t("clusters.hosting.compare.covered", { km })}</th>
                      {columns.map((column) => (
                        <td key={column.cluster.id} className="cm-num">
                          <Best on={bestCovered.has(column)}>{t("clusters.hosting.compare.covered_count", { count: coveredCount(column.cluster.id), total: inquiry.process_codes.length })}</Best>
                        </td>
                      ))}
                    </tr>
                    <tr>
                      <th scope="row">{t("clusters.hosting.compare.uncovered", { km })}</th>
                      {columns.map((column) => {
                        const uncovered = uncoveredProcesses(grid, column.cluster.id);
                        return <td key={column.cluster.id}>{uncovered.length === 0 ? t("clusters.hosting.compare.all_covered") : uncovered.map(label).join(", ")}</td>;
                      })}
                    </tr>
                  </>
                ) : null}
                <tr>
                  <th scope="row">{t("clusters.hosting.offer.timeline")}</th>
                  {columns.map((column) => (
                    <td key={column.cluster.id}>{column.offer?.timeline_note ?? "—"}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t("clusters.hosting.offer.message")}</th>
                  {columns.map((column) => (
                    <td key={column.cluster.id}>{column.offer?.message ?? "—"}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t("clusters.hosting.offer.contact")}</th>
                  {columns.map((column) => (
                    <td key={column.cluster.id}>
                      {column.offer ? (
                        <>
                          {column.offer.contact_name}
                          <div>
                            <a href={`mailto:${column.offer.contact_email}`}>{column.offer.contact_email}</a>
                          </div>
                          {column.offer.contact_phone ? <div>{column.offer.contact_phone}</div> : null}
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
          {inquiry.process_codes.length === 0 ? <p className="muted">{t("clusters.hosting.compare.no_processes")}</p> : null}
          <p className="muted">{t("clusters.hosting.compare.density_explained", { km })}</p>
        </section>
      )}

      <section className="cm-section" aria-labelledby="compare-map-title">
        <h2 id="compare-map-title">{t("clusters.hosting.compare.map_heading")}</h2>
        <MapPanel points={[]} polygons={polygons} label={t("clusters.hosting.compare.map_label")} height={420} headingLevel={3} />
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "clusters.hosting.compare.page_title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
