import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, useFocusOnError } from "~/components/form";
import { EMPTY_NEED_FORM, NeedForm } from "~/components/needs/need-form";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useT } from "~/i18n/react";
import { getViewer, isAdminRole, organizationOfKind } from "~/models/viewer.server";
import { submitNeedForm } from "~/needs/need-form.server";
import stylesheet from "~/styles/needs.css";
import { requireUser } from "~/utils/supabase.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, supabase, headers } = await requireUser(request);
  const viewer = await getViewer(supabase, user.id);
  const contractor = organizationOfKind(viewer, "contractor");
  const access = !contractor ? "not_contractor" : !isAdminRole(contractor.role) ? "not_admin" : "allowed";
  return json({ access, organization: contractor ? { name_en: contractor.name_en, name_ko: contractor.name_ko } : null }, { headers, status: access === "allowed" ? 200 : 403 });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, supabase, headers } = await requireUser(request);
  const { t } = getServerT(request);
  const viewer = await getViewer(supabase, user.id);
  const contractor = organizationOfKind(viewer, "contractor");
  if (!contractor || !isAdminRole(contractor.role)) {
    return json(
      { values: {}, fieldErrors: {}, formError: t(contractor ? "needs.form.admins_only" : "needs.form.contractors_only"), removing: [] as string[] },
      { status: 403, headers },
    );
  }
  const outcome = await submitNeedForm({ request, supabase, t, organizationId: contractor.id, existing: null });
  if (!outcome.ok) {
    return json({ values: outcome.values, fieldErrors: outcome.fieldErrors, formError: outcome.formError, removing: outcome.removing }, { status: outcome.status, headers });
  }
  return redirect(`/needs/${outcome.id}?notice=${outcome.published ? "published" : "saved"}`, { headers });
}

export default function NewNeed() {
  const t = useT();
  const { access } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formRef = useFocusOnError(result);
  return (
    <div className="container page needs-page">
      <p>
        <Link to="/needs">{t("needs.detail.back")}</Link>
      </p>
      <h1>{t("needs.form.new_title")}</h1>
      {access !== "allowed" ? (
        <Alert tone="warning">{t(access === "not_admin" ? "needs.form.admins_only" : "needs.form.contractors_only")}</Alert>
      ) : (
        <>
          <p className="lead">{t("needs.form.lead")}</p>
          <NeedForm
            mode="create"
            values={result?.values ?? EMPTY_NEED_FORM}
            fieldErrors={result?.fieldErrors ?? {}}
            formError={result?.formError ?? null}
            formRef={formRef}
          />
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "needs.form.new_title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
