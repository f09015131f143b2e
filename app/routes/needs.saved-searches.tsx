import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button } from "~/components/form";
import { SelectField } from "~/components/needs/fields";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useT } from "~/i18n/react";
import { deleteSavedNeedSearch, listSavedNeedSearches, updateSavedNeedSearch } from "~/models/saved-searches.server";
import { ALERT_FREQUENCIES, listUrlForSavedSearch } from "~/needs/schema";
import stylesheet from "~/styles/needs.css";
import { requireUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const searches = await listSavedNeedSearches(supabase);
  return json(
    { searches: searches.map((search) => ({ ...search, url: listUrlForSavedSearch(search.query, search.filters) })) },
    { headers },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const { t } = getServerT(request);
  const formData = await readFormOrRefuse(request, headers);
  const id = String(formData.get("id") ?? "");
  const intent = formData.get("intent");
  if (intent === "update") {
    const frequency = String(formData.get("alert_frequency") ?? "");
    if (!(ALERT_FREQUENCIES as readonly string[]).includes(frequency)) {
      return json({ ok: false, message: t("needs.validation.invalid") }, { status: 422, headers });
    }
    const result = await updateSavedNeedSearch(supabase, { id, alertFrequency: frequency as (typeof ALERT_FREQUENCIES)[number] });
    if (!result.ok) return json({ ok: false, message: t(result.error.messageKey) }, { status: result.error.status, headers });
    return json({ ok: true, message: t("needs.saved.updated") }, { headers });
  }
  if (intent === "delete") {
    const result = await deleteSavedNeedSearch(supabase, { id });
    if (!result.ok) return json({ ok: false, message: t(result.error.messageKey) }, { status: result.error.status, headers });
    return json({ ok: true, message: t("needs.saved.deleted") }, { headers });
  }
  return json({ ok: false, message: t("needs.error.unexpected") }, { status: 400, headers });
}

export default function SavedSearches() {
  const t = useT();
  const { searches } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="container page needs-page">
      <p>
        <Link to="/needs">{t("needs.detail.back")}</Link>
      </p>
      <h1>{t("needs.saved.title")}</h1>
      <p className="lead">{t("needs.saved.lead")}</p>
      {result?.message ? <Alert tone={result.ok ? "success" : "error"}>{result.message}</Alert> : null}
      {searches.length === 0 ? (
        <p className="empty-state">{t("needs.saved.empty")}</p>
      ) : (
        <ul className="plain-list saved-searches">
          {searches.map((search) => (
            <li key={search.id} className="panel">
              <h2>{search.name}</h2>
              {search.query ? <p>{t("needs.saved.query", { q: search.query })}</p> : null}
              <p>
                <Link to={search.url}>{t("needs.saved.open")}</Link>
              </p>
              <Form method="post" className="inline-form">
                <input type="hidden" name="id" value={search.id} />
                <SelectField
                  name="alert_frequency"
                  label={t("needs.saved.frequency", { name: search.name })}
                  defaultValue={search.alert_frequency}
                  options={ALERT_FREQUENCIES.map((frequency) => ({ value: frequency, label: t(`needs.alert.${frequency}`) }))}
                />
                <Button name="intent" value="update" variant="secondary" className="button--small">
                  {t("needs.saved.update", { name: search.name })}
                </Button>{" "}
                <Button name="intent" value="delete" variant="quiet" className="button--small">
                  {t("needs.saved.delete", { name: search.name })}
                </Button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "needs.saved.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
