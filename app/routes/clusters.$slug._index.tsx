import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { groupByKind, INCENTIVE_KINDS, INFRASTRUCTURE_KINDS, localized } from "~/clusters/content";
import { clusterPolygon, parcelPolygon } from "~/clusters/geometry";
import { supplierHref } from "~/clusters/links";
import { incentiveLabel, infrastructureLabel, parcelStatusLabel, zoningLabel } from "~/clusters/labels";
import { Badge, Breadcrumbs, formatArea, formatDate, formatMoney, numberFormat } from "~/clusters/ui";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert } from "~/components/form";
import { MapPanel, mapPanelLinks } from "~/components/map/MapPanel";
import type { MapPolygonFeature } from "~/components/map/types";
import { createTranslator, DEFAULT_LOCALE, isLocale } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import {
  getCapabilitySummary,
  getClusterBySlug,
  getViewer,
  listCertificationLabels,
  listMembers,
  listParcels,
  listProcessLabels,
} from "~/models/clusters.server";
import { REGIONS, type RegionCode } from "~/search/query";
import clustersStylesheet from "~/styles/clusters.css";
import { getUser } from "~/utils/supabase.server";

const NOTICES = ["saved", "parcel_added", "parcel_saved", "parcel_deleted"] as const;
const NOTICE_KEYS = {
  saved: "clusters.notice.saved",
  parcel_added: "clusters.notice.parcel_added",
  parcel_saved: "clusters.notice.parcel_saved",
  parcel_deleted: "clusters.notice.parcel_deleted",
} as const;

export const links: LinksFunction = () => [...mapPanelLinks(), { rel: "stylesheet", href: clustersStylesheet }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, supabase, headers } = await getUser(request);
  const cluster = await getClusterBySlug(supabase, { slug: params.slug ?? "" });
  if (!cluster) throw new Response("Not found", { status: 404, headers });
  const searchParams = new URL(request.url).searchParams;
  const pageParam = Number(searchParams.get("members_page") ?? "1");
  const notice = NOTICES.find((known) => known === searchParams.get("notice")) ?? null;
  const page = Number.isInteger(pageParam) && pageParam > 0 ? pageParam : 1;
  const [parcels, summary, members, processes, certifications, viewer] = await Promise.all([
    listParcels(supabase, { clusterId: cluster.id }),
    getCapabilitySummary(supabase, { clusterId: cluster.id }),
    listMembers(supabase, { clusterId: cluster.id, page }),
    listProcessLabels(supabase),
    listCertificationLabels(supabase),
    user ? getViewer(supabase, { userId: user.id }) : null,
  ]);
  const managed = viewer?.managedClusters.find((item) => item.id === cluster.id);
  return json(
    {
      cluster,
      notice,
      parcels,
      summary,
      members,
      processLabels: Object.fromEntries(processes.map((p) => [p.code, { en: p.label_en, ko: p.label_ko }])),
      certificationLabels: Object.fromEntries(certifications.map((c) => [c.code, { en: c.label_en, ko: c.label_ko }])),
      viewer: {
        signedIn: Boolean(user),
        canEdit: Boolean(managed?.canEdit || viewer?.isPlatform),
        isAuthority: Boolean(managed),
        isContractor: Boolean(viewer && viewer.contractorAdminOrgs.length > 0),
      },
    },
    { headers },
  );
}

export default function ClusterPage() {
  const { cluster, notice, parcels, summary, members, processLabels, certificationLabels, viewer } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const format = numberFormat(locale);
  const name = localized(locale, cluster.name_en, cluster.name_ko);
  const label = (labels: Record<string, { en: string; ko: string }>, code: string) => (labels[code] ? labels[code]![locale] : code);
  const regionName = cluster.region in REGIONS ? REGIONS[cluster.region as RegionCode][locale] : cluster.region;
  const focus = locale === "ko" ? cluster.focus_areas_ko : cluster.focus_areas_en;
  const description = localized(locale, cluster.description_en, cluster.description_ko);
  const { content } = cluster;

  const visibleParcels = parcels.filter((parcel) => parcel.status !== "sold");
  const polygons: MapPolygonFeature[] = [
    clusterPolygon({ id: cluster.id, slug: cluster.slug, boundary: cluster.boundary, label: name, sublabel: regionName }),
    ...visibleParcels.map((parcel) =>
      parcelPolygon({
        id: parcel.id,
        lat: parcel.lat,
        lng: parcel.lng,
        area_m2: parcel.area_m2,
        label: localized(locale, parcel.name_en, parcel.name_ko),
        sublabel: `${formatArea(parcel.area_m2, locale)} · ${zoningLabel(t, parcel.zoning)} · ${parcelStatusLabel(t, parcel.status)}`,
        href: `/clusters/${cluster.slug}#parcel-${parcel.id}`,
      }),
    ),
  ].filter((polygon): polygon is MapPolygonFeature => polygon !== null);

  const contactName = localized(locale, content.contact.name_en, content.contact.name_ko);

  return (
    <div className="container page">
      <Breadcrumbs items={[{ to: "/clusters", label: t("clusters.list.title") }, { label: name }]} />
      {notice ? <Alert tone="success">{t(NOTICE_KEYS[notice])}</Alert> : null}
      <header className="cm-page-header">
        <div>
          <h1>{name}</h1>
          <p className="cm-actions">
            {cluster.designation === "designated" ? (
              <Badge tone="designated">{t("clusters.designated_in", { year: cluster.designation_year ?? "" })}</Badge>
            ) : (
              <Badge tone="candidate">{t("clusters.designation.candidate")}</Badge>
            )}
            <span>{regionName}</span>
          </p>
        </div>
        <div className="cm-actions">
          {viewer.canEdit ? (
            <Link to={`/clusters/${cluster.slug}/edit`} className="button button--primary">
              {t("clusters.detail.edit")}
            </Link>
          ) : null}
          {viewer.isAuthority ? <Link to="/cluster/members">{t("clusters.detail.verify_members")}</Link> : null}
          {viewer.isContractor ? (
            <Link to={`/hosting/new?cluster=${cluster.slug}`} className="button button--primary">
              {t("clusters.detail.send_inquiry")}
            </Link>
          ) : !viewer.signedIn ? (
            <Link to={`/sign-in?redirectTo=${encodeURIComponent(`/hosting/new?cluster=${cluster.slug}`)}`}>{t("clusters.detail.sign_in_to_inquire")}</Link>
          ) : null}
        </div>
      </header>

      <div className="cm-grid-2">
        <section className="panel" aria-labelledby="overview-title">
          <h2 id="overview-title">{t("clusters.detail.overview")}</h2>
          {description ? <p>{description}</p> : <p className="muted">{t("clusters.detail.no_description")}</p>}
          <dl className="definition-list">
            <div>
              <dt>{t("clusters.detail.designation_year")}</dt>
              <dd>{cluster.designation_year ?? t("clusters.designation.not_designated")}</dd>
            </div>
            <div>
              <dt>{t("clusters.detail.managing_authority")}</dt>
              <dd>
                {cluster.managingOrganization ? localized(locale, cluster.managingOrganization.name_en, cluster.managingOrganization.name_ko) : t("clusters.detail.no_authority")}
              </dd>
            </div>
            <div>
              <dt>{t("clusters.detail.focus_areas")}</dt>
              <dd>
                {focus.length > 0 ? (
                  <ul className="cm-tags">
                    {focus.map((area) => (
                      <li key={area} className="cm-tag">
                        {area}
                      </li>
                    ))}
                  </ul>
                ) : (
                  "—"
                )}
              </dd>
            </div>
            {cluster.focus_process_codes.length > 0 ? (
              <div>
                <dt>{t("clusters.detail.focus_processes")}</dt>
                <dd>{cluster.focus_process_codes.map((code) => label(processLabels, code)).join(", ")}</dd>
              </div>
            ) : null}
            {cluster.website ? (
              <div>
                <dt>{t("clusters.detail.website")}</dt>
                <dd>
                  <a href={cluster.website} rel="noopener noreferrer">
                    {cluster.website}
                  </a>
                </dd>
              </div>
            ) : null}
          </dl>
        </section>

        <section className="panel" aria-labelledby="contacts-title">
          <h2 id="contacts-title">{t("clusters.detail.contacts")}</h2>
          {contactName || content.contact.email || content.contact.phone ? (
            <dl className="definition-list">
              {contactName ? (
                <div>
                  <dt>{t("clusters.detail.contact_desk")}</dt>
                  <dd>{contactName}</dd>
                </div>
              ) : null}
              {content.contact.email ? (
                <div>
                  <dt>{t("clusters.detail.contact_email")}</dt>
                  <dd>
                    <a href={`mailto:${content.contact.email}`}>{content.contact.email}</a>
                  </dd>
                </div>
              ) : null}
              {content.contact.phone ? (
                <div>
                  <dt>{t("clusters.detail.contact_phone")}</dt>
                  <dd>
                    <a href={`tel:${content.contact.phone.replace(/[^+\d]/g, "")}`}>{content.contact.phone}</a>
                  </dd>
                </div>
              ) : null}
              {cluster.managingOrganization?.contact_email ? (
                <div>
                  <dt>{t("clusters.detail.authority_email")}</dt>
                  <dd>
                    <a href={`mailto:${cluster.managingOrganization.contact_email}`}>{cluster.managingOrganization.contact_email}</a>
                  </dd>
                </div>
              ) : null}
            </dl>
          ) : (
            <p className="muted">{t("clusters.detail.no_contact")}</p>
          )}
        </section>
      </div>

      <section className="cm-section" aria-labelledby="incentives-title">
        <h2 id="incentives-title">{t("clusters.detail.incentives")}</h2>
        {content.incentives.length === 0 ? (
          <p className="cm-empty">{t("clusters.detail.no_incentives")}</p>
        ) : (
          <div className="cm-grid-2">
            {groupByKind(content.incentives, INCENTIVE_KINDS).map((group) => (
              <div key={group.kind} className="cm-stack">
                <h3>{incentiveLabel(t, group.kind)}</h3>
                <ul className="cm-list-plain">
                  {group.items.map((item, index) => (
                    <li key={index} className="cm-item">
                      <h4>{localized(locale, item.title_en, item.title_ko)}</h4>
                      {localized(locale, item.description_en, item.description_ko) ? <p>{localized(locale, item.description_en, item.description_ko)}</p> : null}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        )}
      </section>

      <section className="cm-section" aria-labelledby="infrastructure-title">
        <h2 id="infrastructure-title">{t("clusters.detail.infrastructure")}</h2>
        {content.infrastructure.length === 0 ? (
          <p className="cm-empty">{t("clusters.detail.no_infrastructure")}</p>
        ) : (
          <ul className="cm-list-plain">
            {groupByKind(content.infrastructure, INFRASTRUCTURE_KINDS).flatMap((group) =>
              group.items.map((item, index) => (
                <li key={`${group.kind}-${index}`} className="cm-item">
                  <h3>
                    {localized(locale, item.name_en, item.name_ko)} <span className="muted">· {infrastructureLabel(t, group.kind)}</span>
                  </h3>
                  {localized(locale, item.description_en, item.description_ko) ? <p>{localized(locale, item.description_en, item.description_ko)}</p> : null}
                </li>
              )),
            )}
          </ul>
        )}
      </section>

      <section className="cm-section" aria-labelledby="land-title">
        <h2 id="land-title">{t("clusters.detail.land")}</h2>
        <p className="muted">{t("clusters.detail.land_footprint_note")}</p>
        <MapPanel
          points={[]}
          polygons={polygons}
          label={t("clusters.detail.map_label", { name })}
          height={380}
          listHeading={t("clusters.detail.map_list")}
          headingLevel={3}
        />
        {parcels.length === 0 ? (
          <p className="cm-empty">{t("clusters.detail.no_parcels")}</p>
        ) : (
          <div className="cm-table-wrap">
            <table className="table">
              <caption>{t("clusters.detail.parcels_caption", { count: parcels.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("clusters.parcel.name")}</th>
                  <th scope="col" className="cm-num">
                    {t("clusters.parcel.area")}
                  </th>
                  <th scope="col" className="cm-num">
                    {t("clusters.parcel.price")}
                  </th>
                  <th scope="col">{t("clusters.parcel.zoning")}</th>
                  <th scope="col">{t("clusters.parcel.status")}</th>
                  <th scope="col">{t("clusters.parcel.available_from")}</th>
                  {viewer.canEdit ? <th scope="col">{t("clusters.parcel.actions")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {parcels.map((parcel) => {
                  const parcelName = localized(locale, parcel.name_en, parcel.name_ko);
                  return (
                    <tr key={parcel.id} id={`parcel-${parcel.id}`}>
                      <th scope="row">
                        {parcelName}
                        {localized(locale, parcel.address_en, parcel.address_ko) ? (
                          <div className="muted">{localized(locale, parcel.address_en, parcel.address_ko)}</div>
                        ) : null}
                      </th>
                      <td className="cm-num">{formatArea(parcel.area_m2, locale)}</td>
                      <td className="cm-num">
                        {parcel.price_per_m2 === null ? "—" : t("clusters.parcel.price_per_m2", { price: formatMoney(parcel.price_per_m2, parcel.currency, locale) ?? "" })}
                      </td>
                      <td>{zoningLabel(t, parcel.zoning)}</td>
                      <td>
                        <Badge tone={parcel.status}>{parcelStatusLabel(t, parcel.status)}</Badge>
                      </td>
                      <td>{formatDate(parcel.available_from, locale) ?? "—"}</td>
                      {viewer.canEdit ? (
                        <td>
                          <Link to={`/clusters/${cluster.slug}/parcels/${parcel.id}`} aria-label={t("clusters.parcel.edit_named", { name: parcelName })}>
                            {t("clusters.parcel.edit")}
                          </Link>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {viewer.canEdit ? (
          <p>
            <Link to={`/clusters/${cluster.slug}/parcels/new`}>{t("clusters.parcel.add")}</Link>
          </p>
        ) : null}
      </section>

      <section className="cm-section" aria-labelledby="members-title">
        <h2 id="members-title">{t("clusters.detail.members", { count: members.total })}</h2>
        <div className="cm-grid-2">
          <MemberCoverageTable
            caption={t("clusters.detail.processes_covered")}
            itemHeading={t("clusters.detail.process")}
            emptyText={t("clusters.detail.no_members")}
            rows={summary.processes.map((row) => ({ ...row, label: label(processLabels, row.code) }))}
            format={format}
          />
          <MemberCoverageTable
            caption={t("clusters.detail.certifications_held")}
            itemHeading={t("clusters.detail.certification")}
            emptyText={t("clusters.detail.no_certifications")}
            rows={summary.certifications.map((row) => ({ ...row, label: label(certificationLabels, row.code) }))}
            format={format}
          />
        </div>

        <h3 className="cm-section">{t("clusters.detail.member_list")}</h3>
        {members.members.length === 0 ? (
          <p className="cm-empty">{t("clusters.detail.no_members")}</p>
        ) : (
          <>
            <div className="cm-table-wrap">
              <table className="table">
                <caption className="visually-hidden">{t("clusters.detail.member_list")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("clusters.detail.company")}</th>
                    <th scope="col">{t("clusters.detail.verification")}</th>
                    <th scope="col">{t("clusters.detail.processes")}</th>
                    <th scope="col">{t("clusters.detail.certifications_valid")}</th>
                  </tr>
                </thead>
                <tbody>
                  {members.members.map((member) => (
                    <tr key={member.organization_id}>
                      <th scope="row">
                        <Link to={supplierHref(member.organization_id)}>{localized(locale, member.name_en, member.name_ko)}</Link>
                      </th>
                      <td>
                        <Badge tone={member.verification_status === "verified" ? "verified" : "unverified"}>
                          {member.verification_status === "verified" ? t("clusters.status.verified") : t("clusters.status.not_verified")}
                        </Badge>
                      </td>
                      <td>{member.process_codes.map((code) => label(processLabels, code)).join(", ") || "—"}</td>
                      <td>{member.held_certification_codes.map((code) => label(certificationLabels, code)).join(", ") || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {members.pageCount > 1 ? (
              <nav className="cm-pagination" aria-label={t("clusters.detail.members_pages")}>
                {members.page > 1 ? <Link to={`?members_page=${members.page - 1}#members-title`}>{t("clusters.pagination.previous")}</Link> : null}
                <span>{t("clusters.pagination.page_of", { page: members.page, count: members.pageCount })}</span>
                {members.page < members.pageCount ? <Link to={`?members_page=${members.page + 1}#members-title`}>{t("clusters.pagination.next")}</Link> : null}
              </nav>
            ) : null}
          </>
        )}
      </section>

      <div className="cm-grid-2 cm-section">
        <section aria-labelledby="anchors-title">
          <h2 id="anchors-title">{t("clusters.detail.anchor_companies")}</h2>
          {content.anchorCompanies.length === 0 ? (
            <p className="cm-empty">{t("clusters.detail.no_anchors")}</p>
          ) : (
            <ul className="cm-list-plain">
              {content.anchorCompanies.map((anchor, index) => (
                <li key={index} className="cm-item">
                  <h3>
                    {anchor.organization_id ? (
                      <Link to={supplierHref(anchor.organization_id)}>{localized(locale, anchor.name_en, anchor.name_ko)}</Link>
                    ) : (
                      localized(locale, anchor.name_en, anchor.name_ko)
                    )}
                  </h3>
                  {localized(locale, anchor.description_en, anchor.description_ko) ? <p>{localized(locale, anchor.description_en, anchor.description_ko)}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="stories-title">
          <h2 id="stories-title">{t("clusters.detail.success_stories")}</h2>
          {content.successStories.length === 0 ? (
            <p className="cm-empty">{t("clusters.detail.no_stories")}</p>
          ) : (
            <ul className="cm-list-plain">
              {content.successStories.map((story, index) => (
                <li key={index} className="cm-item">
                  <h3>
                    {localized(locale, story.title_en, story.title_ko)}
                    {story.year ? <span className="muted"> · {story.year}</span> : null}
                  </h3>
                  {localized(locale, story.body_en, story.body_ko) ? <p>{localized(locale, story.body_en, story.body_ko)}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

/** How many members, and how many verified members, cover each process or hold each certificate. */
function MemberCoverageTable(props: {
  caption: string;
  itemHeading: string;
  emptyText: string;
  rows: { code: string; label: string; memberCount: number; verifiedMemberCount: number }[];
  format: Intl.NumberFormat;
}) {
  const t = useT();
  return (
    <div className="cm-table-wrap">
      <table className="table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.itemHeading}</th>
            <th scope="col" className="cm-num">
              {t("clusters.figures.members")}
            </th>
            <th scope="col" className="cm-num">
              {t("clusters.figures.verified_members")}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={3}>{props.emptyText}</td>
            </tr>
          ) : (
            props.rows.map((row) => (
              <tr key={row.code}>
                <th scope="row">{row.label}</th>
                <td className="cm-num">{props.format.format(row.memberCount)}</td>
                <td className="cm-num">{props.format.format(row.verifiedMemberCount)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
  const t = createTranslator(locale);
  const name = data ? localized(locale, data.cluster.name_en, data.cluster.name_ko) : t("clusters.list.title");
  return [{ title: `${name} · ${t("app.name")}` }];
};

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
