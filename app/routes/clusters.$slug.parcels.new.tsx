import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireClusterEditor } from "~/clusters/access.server";
import { localized } from "~/clusters/content";
import { nestedFieldErrors, readFormData } from "~/clusters/form-data";
import { ParcelForm, parcelFormInput, type ParcelFormFailure } from "~/clusters/ParcelForm";
import { landParcelSchema } from "~/clusters/schemas";
import { Breadcrumbs } from "~/clusters/ui";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { createParcel } from "~/models/clusters.server";
import { HTTP_STATUS } from "~/models/result.server";
import clustersStylesheet from "~/styles/clusters.css";
import { formValues } from "~/utils/form-errors";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: clustersStylesheet }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { headers, cluster } = await requireClusterEditor(request, params.slug ?? "");
  return json(
    { cluster: { id: cluster.id, slug: cluster.slug, name_en: cluster.name_en, name_ko: cluster.name_ko, center_lat: cluster.center_lat, center_lng: cluster.center_lng } },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers, cluster } = await requireClusterEditor(request, params.slug ?? "");
  const { t } = getServerT(request);
  const formData = await readFormData(request, headers);
  const values = formValues(formData, ["intent"]);
  const failure = (status: number, fieldErrors: ParcelFormFailure["fieldErrors"], formError: string | null) =>
    json<ParcelFormFailure>({ values, fieldErrors, formError }, { status, headers });
  if (formData.get("intent") !== "save") return failure(400, {}, t("clusters.form.unknown_intent"));
  const parsed = landParcelSchema.safeParse(parcelFormInput(formData));
  if (!parsed.success) return failure(400, nestedFieldErrors(parsed.error, t), t("form.error_summary"));
  const result = await createParcel(supabase, { clusterId: cluster.id, input: parsed.data });
  if (!result.ok) {
    return failure(HTTP_STATUS[result.error.code], {}, result.error.code === "forbidden" ? t("clusters.form.forbidden") : result.error.code === "unavailable" ? t("clusters.form.unavailable") : t("clusters.form.rejected"));
  }
  return redirect(`/clusters/${cluster.slug}?notice=parcel_added#parcel-${result.value}`, { headers });
}

export default function NewParcel() {
  const { cluster } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const name = localized(locale, cluster.name_en, cluster.name_ko);
  return (
    <div className="container page">
      <Breadcrumbs items={[{ to: "/clusters", label: t("clusters.list.title") }, { to: `/clusters/${cluster.slug}`, label: name }, { label: t("clusters.parcel.add") }]} />
      <h1>{t("clusters.parcel.add_heading", { name })}</h1>
      <ParcelForm
        values={{ lat: String(cluster.center_lat), lng: String(cluster.center_lng), currency: "KRW", status: "available" }}
        failure={failure}
        submitLabel={t("clusters.parcel.add_submit")}
        cancelTo={`/clusters/${cluster.slug}`}
        formLabel={t("clusters.parcel.add")}
      />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "clusters.parcel.add") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
