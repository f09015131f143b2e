import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireClusterEditor } from "~/clusters/access.server";
import { localized } from "~/clusters/content";
import { nestedFieldErrors, readFormData } from "~/clusters/form-data";
import { ParcelForm, parcelFormInput, type ParcelFormFailure } from "~/clusters/ParcelForm";
import { landParcelSchema } from "~/clusters/schemas";
import { Breadcrumbs } from "~/clusters/ui";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button } from "~/components/form";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { deleteParcel, getParcel, updateParcel } from "~/models/clusters.server";
import { HTTP_STATUS } from "~/models/result.server";
import clustersStylesheet from "~/styles/clusters.css";
import { formValues } from "~/utils/form-errors";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: clustersStylesheet }];

async function loadParcel(request: Request, slug: string, parcelId: string) {
  const context = await requireClusterEditor(request, slug);
  const parcel = await getParcel(context.supabase, { clusterId: context.cluster.id, parcelId });
  if (!parcel) throw new Response("Not found", { status: 404, headers: context.headers });
  return { ...context, parcel };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { headers, cluster, parcel } = await loadParcel(request, params.slug ?? "", params.parcelId ?? "");
  return json({ cluster: { slug: cluster.slug, name_en: cluster.name_en, name_ko: cluster.name_ko }, parcel }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers, cluster, parcel } = await loadParcel(request, params.slug ?? "", params.parcelId ?? "");
  const { t } = getServerT(request);
  const formData = await readFormData(request, headers);
  const values = formValues(formData, ["intent"]);
  const intent = formData.get("intent");
  const failure = (status: number, fieldErrors: ParcelFormFailure["fieldErrors"], formError: string | null) =>
    json<ParcelFormFailure>({ values, fieldErrors, formError }, { status, headers });
  const refusal = (code: keyof typeof HTTP_STATUS) =>
    failure(HTTP_STATUS[code], {}, code === "forbidden" ? t("clusters.form.forbidden") : code === "unavailable" ? t("clusters.form.unavailable") : t("clusters.form.rejected"));

  if (intent === "delete") {
    const result = await deleteParcel(supabase, { clusterId: cluster.id, parcelId: parcel.id });
    if (!result.ok) return refusal(result.error.code);
    return redirect(`/clusters/${cluster.slug}?notice=parcel_deleted#land-title`, { headers });
  }
  if (intent !== "save") return failure(400, {}, t("clusters.form.unknown_intent"));
  const parsed = landParcelSchema.safeParse(parcelFormInput(formData));
  if (!parsed.success) return failure(400, nestedFieldErrors(parsed.error, t), t("form.error_summary"));
  const result = await updateParcel(supabase, { clusterId: cluster.id, parcelId: parcel.id, input: parsed.data });
  if (!result.ok) return refusal(result.error.code);
  return redirect(`/clusters/${cluster.slug}?notice=parcel_saved#parcel-${parcel.id}`, { headers });
}

export default function EditParcel() {
  const { cluster, parcel } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const clusterName = localized(locale, cluster.name_en, cluster.name_ko);
  const parcelName = localized(locale, parcel.name_en, parcel.name_ko);
  const text = (value: string | number | null) => (value === null ? "" : String(value));
  const stored = {
    name_en: parcel.name_en,
    name_ko: parcel.name_ko,
    address_en: text(parcel.address_en),
    address_ko: text(parcel.address_ko),
    area_m2: text(parcel.area_m2),
    price_per_m2: text(parcel.price_per_m2),
    currency: parcel.currency,
    zoning: parcel.zoning,
    status: parcel.status,
    available_from: text(parcel.available_from),
    lat: text(parcel.lat),
    lng: text(parcel.lng),
    description_en: text(parcel.description_en),
    description_ko: text(parcel.description_ko),
  };
  return (
    <div className="container page">
      <Breadcrumbs
        items={[
          { to: "/clusters", label: t("clusters.list.title") },
          { to: `/clusters/${cluster.slug}`, label: clusterName },
          { label: parcelName },
        ]}
      />
      <h1>{t("clusters.parcel.edit_heading", { name: parcelName })}</h1>
      <ParcelForm
        values={stored}
        failure={failure}
        submitLabel={t("clusters.parcel.save")}
        cancelTo={`/clusters/${cluster.slug}`}
        formLabel={t("clusters.parcel.edit_named", { name: parcelName })}
      />
      <section className="cm-section panel" aria-labelledby="delete-parcel-title">
        <h2 id="delete-parcel-title">{t("clusters.parcel.delete_heading")}</h2>
        <p>{t("clusters.parcel.delete_explain")}</p>
        {failure && !failure.values.name_en && failure.formError ? <Alert tone="error">{failure.formError}</Alert> : null}
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <Button variant="secondary" pendingLabel={t("form.submitting")}>
            {t("clusters.parcel.delete")}
          </Button>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "clusters.parcel.edit") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
