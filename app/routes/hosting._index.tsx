import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { localized } from "~/clusters/content";
import { Badge, formatArea, formatDate, numberFormat } from "~/clusters/ui";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { getViewer } from "~/models/clusters.server";
import { listContractorInquiries } from "~/models/hosting.server";
import clustersStylesheet from "~/styles/clusters.css";
import { requireUser } from "~/utils/supabase.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: clustersStylesheet }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, supabase, headers } = await requireUser(request);
  const viewer = await getViewer(supabase, { userId: user.id });
  const inquiries = await listContractorInquiries(supabase, { organizationIds: viewer.contractorOrgIds });
  return json(
    {
      inquiries,
      isContractor: viewer.contractorOrgIds.length > 0,
      canSend: viewer.contractorAdminOrgs.length > 0,
      isAuthority: viewer.managedClusters.length > 0,
    },
    { headers },
  );
}

export default function HostingIndex() {
  const { inquiries, isContractor, canSend, isAuthority } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const format = numberFormat(locale);
  return (
    <div className="container page">
      <header className="cm-page-header">
        <div>
          <h1>{t("clusters.hosting.list.title")}</h1>
          <p className="lead">{t("clusters.hosting.list.lead")}</p>
        </div>
        <div className="cm-actions">
          {canSend ? (
            <Link to="/hosting/new" className="button button--primary">
              {t("clusters.hosting.new.title")}
            </Link>
          ) : null}
          {isAuthority ? (
            <Link to="/hosting/inbox" className="button button--secondary">
              {t("clusters.hosting.inbox.title")}
            </Link>
          ) : null}
        </div>
      </header>

      {!isContractor ? (
        <p className="cm-empty">{isAuthority ? t("clusters.hosting.list.authority_hint") : t("clusters.hosting.list.contractors_only")}</p>
      ) : inquiries.length === 0 ? (
        <p className="cm-empty">{t("clusters.hosting.list.empty")}</p>
      ) : (
        <ul className="cm-list-plain">
          {inquiries.map((inquiry) => {
            const offered = inquiry.recipients.filter((recipient) => recipient.status === "offered").length;
            return (
              <li key={inquiry.id} className="cm-item cm-stack">
                <div className="cm-actions">
                  <h2 className="cm-item__title">
                    <Link to={`/hosting/${inquiry.id}/compare`}>{inquiry.title}</Link>
                  </h2>
                  <Badge tone={inquiry.status}>{t(inquiry.status === "open" ? "clusters.hosting.status.open" : "clusters.hosting.status.closed")}</Badge>
                </div>
                <p className="muted">
                  {t("clusters.hosting.list.summary", {
                    area: formatArea(inquiry.land_area_m2, locale),
                    workforce: format.format(inquiry.workforce),
                    date: formatDate(inquiry.start_by, locale) ?? inquiry.start_by,
                  })}
                </p>
                <p>{t("clusters.hosting.list.answers", { offered, count: inquiry.recipients.length })}</p>
                <ul className="cm-tags" aria-label={t("clusters.hosting.list.sent_to")}>
                  {inquiry.recipients.map((recipient) => (
                    <li key={recipient.cluster_id} className="cm-tag">
                      {localized(locale, recipient.name_en, recipient.name_ko)} · {t(`clusters.hosting.recipient.${recipient.status}`)}
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "clusters.hosting.list.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
