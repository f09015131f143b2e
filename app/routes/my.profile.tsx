import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, NavLink, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert } from "~/components/form";
import { mapPanelLinks } from "~/components/map/MapPanel";
import { localized } from "~/components/supplier/format";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { completenessOf, getSmeMembership, getSupplierProfile } from "~/models/sme.server";
import { todayInKorea } from "~/suppliers/expiry";
import stylesheet from "~/styles/suppliers.css";
import { requireUser } from "~/utils/supabase.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }, ...mapPanelLinks()];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, supabase, headers } = await requireUser(request);
  const membership = await getSmeMembership(supabase, { userId: user.id });
  if (!membership) throw json({ reason: "not_sme" }, { status: 403, headers });
  let supplier = await getSupplierProfile(supabase, { organizationId: membership.organization_id });
  if (!supplier && membership.canEdit) {
    // Sign-up creates the profile; an SME organization made another way gets its empty profile here.
    await supabase.from("sme_profiles").upsert({ organization_id: membership.organization_id }, { onConflict: "organization_id", ignoreDuplicates: true });
    supplier = await getSupplierProfile(supabase, { organizationId: membership.organization_id });
  }
  if (!supplier) throw json({ reason: "no_profile" }, { status: 404, headers });
  const today = todayInKorea();
  return json(
    {
      membership: { organization_id: membership.organization_id, role: membership.role, canEdit: membership.canEdit },
      userEmail: user.email ?? "",
      supplier,
      completeness: completenessOf(supplier, today),
      today,
    },
    { headers },
  );
}

const TABS = [
  { to: "/my/profile", labelKey: "profile.tab.overview", end: true },
  { to: "/my/profile/capabilities", labelKey: "profile.tab.capabilities", end: false },
  { to: "/my/profile/certifications", labelKey: "profile.tab.certifications", end: false },
  { to: "/my/profile/sites", labelKey: "profile.tab.sites", end: false },
  { to: "/my/profile/equipment", labelKey: "profile.tab.equipment", end: false },
  { to: "/my/profile/preview", labelKey: "profile.tab.preview", end: false },
] as const;

export default function ProfileEditorLayout() {
  const t = useT();
  const locale = useLocale();
  const { supplier, membership, completeness } = useLoaderData<typeof loader>();
  const name = localized(locale, supplier.organization.name_en, supplier.organization.name_ko);
  return (
    <div className="container page">
      <header className="editor-header">
        <p className="muted">{t("profile.eyebrow")}</p>
        <h1>{name}</h1>
        <ul className="badge-list" aria-label={t("profile.status_label")}>
          <li>
            <span className={supplier.profile.published ? "badge badge--verified" : "badge badge--pending"}>
              {supplier.profile.published ? t("profile.status.published") : t("profile.status.draft")}
            </span>
          </li>
          <li>
            <span className="badge">{t(`profile.verification.${supplier.profile.verification_status}`)}</span>
          </li>
          <li>
            <span className="badge">{t("profile.completeness_short", { score: completeness.score })}</span>
          </li>
        </ul>
        {!membership.canEdit ? <Alert tone="info">{t("profile.read_only")}</Alert> : null}
        <nav className="editor-tabs" aria-label={t("profile.tabs_label")}>
          <ul>
            {TABS.map((tab) => (
              <li key={tab.to}>
                <NavLink to={tab.to} end={tab.end} prefetch="intent">
                  {t(tab.labelKey)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <Outlet />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "profile.title") }];

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && error.status === 403 && (error.data as { reason?: string } | null)?.reason === "not_sme") {
    return (
      <div className="container page">
        <h1>{t("profile.title")}</h1>
        <Alert tone="info" title={t("profile.not_sme.title")}>
          <p>{t("profile.not_sme.body")}</p>
        </Alert>
      </div>
    );
  }
  return <RouteErrorBoundary />;
}
