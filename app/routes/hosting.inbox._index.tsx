import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { localized } from "~/clusters/content";
import { Badge, formatArea, formatDate, numberFormat } from "~/clusters/ui";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { getViewer } from "~/models/clusters.server";
import { listInbox } from "~/models/hosting.server";
import clustersStylesheet from "~/styles/clusters.css";
import { requireUser } from "~/utils/supabase.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: clustersStylesheet }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, supabase, headers } = await requireUser(request);
  const viewer = await getViewer(supabase, { userId: user.id });
  if (viewer.managedClusters.length === 0) throw new Response("Forbidden", { status: 403, headers });
  const items = await listInbox(supabase, { clusterIds: viewer.managedClusters.map((cluster) => cluster.id) });
  return json({ items, severalClusters: viewer.managedClusters.length > 1 }, { headers });
}

export default function HostingInbox() {
  const { items, severalClusters } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const format = numberFormat(locale);
  const waiting = items.filter((item) => item.status === "pending" && item.inquiry.status === "open").length;
  return (
    <div className="container page">
      <header className="cm-page-header">
        <div>
          <h1>{t("clusters.hosting.inbox.title")}</h1>
          <p className="lead">{t("clusters.hosting.inbox.lead")}</p>
        </div>
      </header>
      <p role="status">{t("clusters.hosting.inbox.waiting", { count: waiting })}</p>
      {items.length === 0 ? (
        <p className="cm-empty">{t("clusters.hosting.inbox.empty")}</p>
      ) : (
        <div className="cm-table-wrap">
          <table className="table">
            <caption>{t("clusters.hosting.inbox.caption", { count: items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("clusters.hosting.field.title")}</th>
                <th scope="col">{t("clusters.hosting.inbox.contractor")}</th>
                {severalClusters ? <th scope="col">{t("clusters.hosting.inbox.cluster")}</th> : null}
                <th scope="col">{t("clusters.hosting.inbox.needs")}</th>
                <th scope="col">{t("clusters.hosting.inbox.received")}</th>
                <th scope="col">{t("clusters.hosting.inbox.your_answer")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={`${item.inquiry.id}-${item.cluster.id}`}>
                  <th scope="row">
                    <Link to={`/hosting/inbox/${item.inquiry.id}`}>{item.inquiry.title}</Link>
                    {item.inquiry.status === "closed" ? (
                      <>
                        {" "}
                        <Badge tone="closed">{t("clusters.hosting.status.closed")}</Badge>
                      </>
                    ) : null}
                  </th>
                  <td>{item.inquiry.contractor ? localized(locale, item.inquiry.contractor.name_en, item.inquiry.contractor.name_ko) : "—"}</td>
                  {severalClusters ? <td>{localized(locale, item.cluster.name_en, item.cluster.name_ko)}</td> : null}
                  <td>
                    {formatArea(item.inquiry.land_area_m2, locale)} · {t("clusters.hosting.people", { count: format.format(item.inquiry.workforce) })}
                  </td>
                  <td>{formatDate(item.received_at, locale)}</td>
                  <td>
                    <Badge tone={item.status === "pending" ? "pending" : item.status}>{t(`clusters.hosting.recipient.${item.status}`)}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "clusters.hosting.inbox.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
