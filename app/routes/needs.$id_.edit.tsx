import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { useFocusOnError } from "~/components/form";
import { NeedForm } from "~/components/needs/need-form";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useT } from "~/i18n/react";
import { loadTaxonomy } from "~/matching/taxonomy.server";
import { attachmentLabel } from "~/models/attachments.server";
import { getNeed } from "~/models/needs.server";
import { getViewer, isAdminRole, isMemberOf } from "~/models/viewer.server";
import { needFormDefaults, submitNeedForm } from "~/needs/need-form.server";
import { needTitle } from "~/needs/types";
import stylesheet from "~/styles/needs.css";
import { requireUser } from "~/utils/supabase.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

async function editableNeed(request: Request, id: string | undefined) {
  const { user, supabase, headers } = await requireUser(request);
  const { t, locale } = getServerT(request);
  const need = await getNeed(supabase, { id: id ?? "" });
  if (!need) throw new Response(t("needs.error.not_found"), { status: 404, headers });
  const viewer = await getViewer(supabase, user.id);
  const membership = isMemberOf(viewer, need.organization_id);
  if (!membership || !isAdminRole(membership.role)) throw new Response(t("needs.error.forbidden"), { status: 403, headers });
  return { supabase, headers, need, t, locale };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, need, locale } = await editableNeed(request, params.id);
  const taxonomy = await loadTaxonomy(supabase);
  return json(
    {
      need: { id: need.id, status: need.status, title: needTitle(need, locale) },
      defaults: needFormDefaults(need, taxonomy.labels, locale),
      attachments: need.attachment_paths.map((path) => ({ path, label: attachmentLabel(path) })),
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers, need, t } = await editableNeed(request, params.id);
  const outcome = await submitNeedForm({ request, supabase, t, organizationId: need.organization_id, existing: need });
  if (!outcome.ok) {
    return json({ values: outcome.values, fieldErrors: outcome.fieldErrors, formError: outcome.formError, removing: outcome.removing }, { status: outcome.status, headers });
  }
  return redirect(`/needs/${need.id}?notice=${outcome.published ? "published" : "saved"}`, { headers });
}

export default function EditNeed() {
  const t = useT();
  const { need, defaults, attachments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formRef = useFocusOnError(result);
  return (
    <div className="container page needs-page">
      <p>
        <Link to={`/needs/${need.id}`}>{need.title}</Link>
      </p>
      <h1>{t("needs.form.edit_title")}</h1>
      <NeedForm
        mode="edit"
        status={need.status}
        values={result?.values ?? defaults}
        fieldErrors={result?.fieldErrors ?? {}}
        formError={result?.formError ?? null}
        attachments={attachments}
        removing={result?.removing ?? []}
        formRef={formRef}
      />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "needs.form.edit_title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
