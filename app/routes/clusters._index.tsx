import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { localized } from "~/clusters/content";
import { clusterPolygon } from "~/clusters/geometry";
import { Badge, formatArea, numberFormat } from "~/clusters/ui";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { MapPanel, mapPanelLinks } from "~/components/map/MapPanel";
import type { MapPolygonFeature } from "~/components/map/types";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { getViewer, listClusters } from "~/models/clusters.server";
import { REGIONS, type RegionCode } from "~/search/query";
import clustersStylesheet from "~/styles/clusters.css";
import { getUser } from "~/utils/supabase.server";

export const links: LinksFunction = () => [...mapPanelLinks(), { rel: "stylesheet", href: clustersStylesheet }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, supabase, headers } = await getUser(request);
  const [clusters, viewer] = await Promise.all([listClusters(supabase), user ? getViewer(supabase, { userId: user.id }) : null]);
  return json(
    {
      clusters,
      shortcuts: viewer
        ? {
            managed: viewer.managedClusters.map((cluster) => ({ slug: cluster.slug, name_en: cluster.name_en, name_ko: cluster.name_ko, canEdit: cluster.canEdit })),
            isContractor: viewer.contractorOrgIds.length > 0,
            isPlatform: viewer.isPlatform,
          }
        : null,
    },
    { headers },
  );
}

export default function ClustersIndex() {
  const { clusters, shortcuts } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const format = numberFormat(locale);
  const regionName = (region: string) => (region in REGIONS ? REGIONS[region as RegionCode][locale] : region);

  const polygons = clusters
    .map((cluster) =>
      clusterPolygon({
        id: cluster.id,
        slug: cluster.slug,
        boundary: cluster.boundary,
        label: localized(locale, cluster.name_en, cluster.name_ko),
        sublabel: regionName(cluster.region),
      }),
    )
    .filter((polygon): polygon is MapPolygonFeature => polygon !== null);

  return (
    <div className="container page">
      <header className="cm-page-header">
        <div>
          <h1>{t("clusters.list.title")}</h1>
          <p className="lead">{t("clusters.list.lead")}</p>
        </div>
      </header>

      {shortcuts && (shortcuts.managed.length > 0 || shortcuts.isContractor || shortcuts.isPlatform) ? (
        <section className="panel" aria-labelledby="cluster-shortcuts-title">
          <h2 id="cluster-shortcuts-title">{t("clusters.list.shortcuts")}</h2>
          <ul className="cm-list-plain">
            {shortcuts.managed.map((cluster) => (
              <li key={cluster.slug} className="cm-actions">
                <strong>{localized(locale, cluster.name_en, cluster.name_ko)}</strong>
                <Link to={`/clusters/${cluster.slug}`}>{t("clusters.list.view_page")}</Link>
                {cluster.canEdit ? <Link to={`/clusters/${cluster.slug}/edit`}>{t("clusters.detail.edit")}</Link> : null}
                <Link to="/hosting/inbox">{t("clusters.hosting.inbox.title")}</Link>
                <Link to={`/analytics?cluster=${cluster.slug}`}>{t("clusters.analytics.title")}</Link>
                <Link to="/cluster/members">{t("clusters.detail.verify_members")}</Link>
              </li>
            ))}
            {shortcuts.isContractor ? (
              <li className="cm-actions">
                <Link to="/hosting/new" className="button button--primary button--small">
                  {t("clusters.hosting.new.title")}
                </Link>
                <Link to="/hosting">{t("clusters.hosting.list.title")}</Link>
              </li>
            ) : null}
            {shortcuts.isPlatform ? (
              <li>
                <Link to="/analytics">{t("clusters.analytics.title")}</Link>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}

      <section className="cm-section" aria-labelledby="clusters-map-title">
        <h2 id="clusters-map-title" className="visually-hidden">
          {t("clusters.list.map_heading")}
        </h2>
        <MapPanel points={[]} polygons={polygons} label={t("clusters.list.map_label", { count: polygons.length })} height={380} listHeading={t("clusters.list.map_list")} headingLevel={3} />
      </section>

      <section className="cm-section" aria-labelledby="clusters-list-title">
        <h2 id="clusters-list-title">{t("clusters.list.heading", { count: clusters.length })}</h2>
        {clusters.length === 0 ? (
          <p className="cm-empty">{t("clusters.list.empty")}</p>
        ) : (
          <ul className="cm-cluster-list">
            {clusters.map((cluster) => {
              const focus = locale === "ko" ? cluster.focus_areas_ko : cluster.focus_areas_en;
              return (
                <li key={cluster.id} className={`cm-cluster-card${cluster.designation === "candidate" ? " cm-cluster-card--candidate" : ""}`}>
                  <h3>
                    <Link to={`/clusters/${cluster.slug}`}>{localized(locale, cluster.name_en, cluster.name_ko)}</Link>
                  </h3>
                  <p className="cm-actions">
                    {cluster.designation === "designated" ? (
                      <Badge tone="designated">{t("clusters.designated_in", { year: cluster.designation_year ?? "" })}</Badge>
                    ) : (
                      <Badge tone="candidate">{t("clusters.designation.candidate")}</Badge>
                    )}
                    <span className="muted">{regionName(cluster.region)}</span>
                  </p>
                  {focus.length > 0 ? (
                    <ul className="cm-tags" aria-label={t("clusters.detail.focus_areas")}>
                      {focus.map((area) => (
                        <li key={area} className="cm-tag">
                          {area}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  <dl className="cm-figures">
                    <div>
                      <dt>{t("clusters.figures.members")}</dt>
                      <dd>{format.format(cluster.memberCount)}</dd>
                    </div>
                    <div>
                      <dt>{t("clusters.figures.verified_members")}</dt>
                      <dd>{format.format(cluster.verifiedMemberCount)}</dd>
                    </div>
                    <div>
                      <dt>{t("clusters.figures.available_land")}</dt>
                      <dd>
                        {t("clusters.figures.parcels_area", { count: cluster.availableParcelCount, area: formatArea(cluster.availableAreaM2, locale) })}
                      </dd>
                    </div>
                  </dl>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "clusters.list.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
