import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert } from "~/components/form";
import { NeedBadges } from "~/components/needs/badges";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useT } from "~/i18n/react";
import { matchCapabilitiesToNeeds } from "~/matching/candidates.server";
import { getViewer, organizationOfKind } from "~/models/viewer.server";
import { needTitle, organizationName } from "~/needs/types";
import stylesheet from "~/styles/needs.css";
import { requireUser } from "~/utils/supabase.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, supabase, headers } = await requireUser(request);
  const { locale } = getServerT(request);
  const viewer = await getViewer(supabase, user.id);
  const sme = organizationOfKind(viewer, "sme");
  if (!sme) return json({ isSme: false, items: [] }, { headers });
  const items = await matchCapabilitiesToNeeds(supabase, { smeOrganizationId: sme.id, limit: 50, locale });
  return json(
    {
      isSme: true,
      items: items.map((item) => ({
        id: item.need.id,
        title: needTitle(item.need, locale),
        organization: organizationName(item.need.organization, locale),
        kind: item.need.kind,
        status: item.need.status,
        visibility: item.need.visibility,
        export_controlled: item.need.export_controlled,
        offset_eligible: item.need.offset_eligible,
        location_name: item.need.location_name,
        score: item.score,
        meets_required: item.meets_required,
        reasons: item.reasons,
        gaps: item.gaps,
      })),
    },
    { headers },
  );
}

export default function NeedsForYou() {
  const t = useT();
  const { isSme, items } = useLoaderData<typeof loader>();
  return (
    <div className="container page needs-page">
      <p>
        <Link to="/needs">{t("needs.detail.back")}</Link>
      </p>
      <h1>{t("needs.forYou.title")}</h1>
      {!isSme ? (
        <Alert tone="warning">{t("needs.forYou.smes_only")}</Alert>
      ) : (
        <>
          <p className="lead">{t("needs.forYou.lead")}</p>
          {items.length === 0 ? (
            <p className="empty-state">{t("needs.forYou.empty")}</p>
          ) : (
            <ol className="candidate-list" aria-label={t("needs.forYou.title")}>
              {items.map((item) => (
                <li key={item.id}>
                  <article className={item.meets_required ? "candidate" : "candidate candidate--gap"} aria-labelledby={`for-you-${item.id}`}>
                    <header className="candidate__header">
                      <h2 id={`for-you-${item.id}`} className="candidate__title">
                        <Link to={`/needs/${item.id}`}>{item.title}</Link>
                      </h2>
                      <span className="candidate__score">{t("needs.forYou.fit", { score: item.score })}</span>
                    </header>
                    <NeedBadges need={item} />
                    <p className="muted">
                      {t("needs.list.posted_by", { name: item.organization })}
                      {item.location_name ? ` · ${item.location_name}` : ""}
                    </p>
                    {item.reasons.length > 0 ? (
                      <>
                        <p className="candidate__label">{t("needs.owner.reasons_label")}</p>
                        <ul className="reasons">
                          {item.reasons.map((reason) => (
                            <li key={reason}>{reason}</li>
                          ))}
                        </ul>
                      </>
                    ) : null}
                    {item.gaps.length > 0 ? (
                      <>
                        <p className="candidate__label">{t("needs.owner.gap_label")}</p>
                        <ul className="gaps">
                          {item.gaps.map((gap) => (
                            <li key={gap}>{gap}</li>
                          ))}
                        </ul>
                      </>
                    ) : null}
                  </article>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "needs.forYou.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
