import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert } from "~/components/form";
import { mapPanelLinks } from "~/components/map/MapPanel";
import { localized } from "~/components/supplier/format";
import { SupplierProfile } from "~/components/supplier/SupplierProfile";
import { createTranslator, DEFAULT_LOCALE, isLocale } from "~/i18n";
import { useT } from "~/i18n/react";
import { getSupplierProfile } from "~/models/sme.server";
import { todayInKorea } from "~/suppliers/expiry";
import stylesheet from "~/styles/suppliers.css";
import { getUser } from "~/utils/supabase.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }, ...mapPanelLinks()];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await getUser(request);
  // Row-level security decides: published profiles for everyone, drafts for the SME, its cluster
  // authority and contractors it answered.
  const supplier = await getSupplierProfile(supabase, { organizationId: params.id ?? "" });
  if (!supplier) throw json(null, { status: 404, headers });
  return json({ supplier, today: todayInKorea() }, { headers });
}

export default function SupplierPage() {
  const t = useT();
  const { supplier, today } = useLoaderData<typeof loader>();
  return (
    <div className="container page supplier-page">
      {!supplier.profile.published ? <Alert tone="warning">{t("supplier.draft_notice")}</Alert> : null}
      <SupplierProfile supplier={supplier} today={today} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: string } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
  const t = createTranslator(locale);
  if (!data) return [{ title: `${t("error.not_found.title")} · ${t("app.name")}` }];
  const { organization, profile } = data.supplier;
  const description = localized(locale, profile.description_en, profile.description_ko);
  return [
    { title: `${localized(locale, organization.name_en, organization.name_ko)} · ${t("app.name")}` },
    ...(description ? [{ name: "description", content: description.slice(0, 160) }] : []),
    ...(!profile.published ? [{ name: "robots", content: "noindex" }] : []),
  ];
};

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
