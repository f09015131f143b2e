import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import * as z from "zod";
import { apiKeyNameSchema } from "~/api/key-name";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field, useFocusOnError } from "~/components/form";
import type { Locale } from "~/i18n";
import { getEnv } from "~/env.server";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { createApiKey, listApiKeyActivity, listApiKeys, revokeApiKey, type CreatedApiKey } from "~/models/api-keys.server";
import { HTTP_STATUS } from "~/models/result.server";
import { isAdminRole, listMemberships, type Membership } from "~/models/sme.server";
import { fieldErrorsFrom, formValues, type FieldErrors } from "~/utils/form-errors";
import apiStyles from "~/styles/api.css";
import { requireUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";
import { dateTimeFormat } from "~/utils/intl-format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: apiStyles }];

const createSchema = z.object({ name: apiKeyNameSchema });
const revokeSchema = z.object({ key_id: z.guid({ error: "api.keys.error.unknown_key" }) });
const organizationSchema = z.guid();

type AdminOrganization = Pick<Membership, "organization_id" | "name_en" | "name_ko" | "kind">;

async function adminOrganizations(request: Request) {
  const session = await requireUser(request);
  const memberships = await listMemberships(session.supabase, { userId: session.user.id });
  const organizations: AdminOrganization[] = memberships
    .filter((membership) => isAdminRole(membership.role))
    .map(({ organization_id, name_en, name_ko, kind }) => ({ organization_id, name_en, name_ko, kind }));
  return { ...session, organizations, isMember: memberships.length > 0 };
}

function pickOrganization(organizations: AdminOrganization[], wanted: unknown): AdminOrganization | null {
  return organizations.find((organization) => organization.organization_id === wanted) ?? organizations[0] ?? null;
}

const NO_STORE = { "Cache-Control": "private, no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, organizations, isMember } = await adminOrganizations(request);
  for (const [name, value] of Object.entries(NO_STORE)) headers.set(name, value);
  const organization = pickOrganization(organizations, new URL(request.url).searchParams.get("org"));
  const apiBase = new URL("/api/v1", getEnv().SITE_URL).href;
  if (!organization) {
    return json({ organizations, organization: null, keys: [], activity: [], isMember, apiBase }, { status: 403, headers });
  }
  const [keys, activity] = await Promise.all([
    listApiKeys(supabase, { organizationId: organization.organization_id }),
    listApiKeyActivity(supabase, { organizationId: organization.organization_id }),
  ]);
  return json({ organizations, organization, keys, activity, isMember, apiBase }, { headers });
}

type ActionResult =
  | { intent: "create"; created: CreatedApiKey | null; fieldErrors: FieldErrors; formError: string | null; values: Record<string, string> }
  | { intent: "revoke"; revokedName: string | null; formError: string | null }
  | { intent: "unknown"; formError: string };

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, organizations } = await adminOrganizations(request);
  for (const [name, value] of Object.entries(NO_STORE)) headers.set(name, value);
  const { t } = getServerT(request);
  const formData = await readFormOrRefuse(request, headers);
  const intent = formData.get("intent");
  const requested = organizationSchema.safeParse(formData.get("organization_id"));
  const organization = requested.success ? organizations.find((item) => item.organization_id === requested.data) : undefined;
  if (!organization) {
    return json<ActionResult>({ intent: "unknown", formError: t("api.keys.error.not_admin") }, { status: 403, headers });
  }

  if (intent === "create") {
    const values = formValues(formData);
    const parsed = createSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return json<ActionResult>(
        { intent: "create", created: null, fieldErrors: fieldErrorsFrom(parsed.error, t), formError: null, values },
        { status: 400, headers }
      );
    }
    const result = await createApiKey(supabase, { organizationId: organization.organization_id, name: parsed.data.name });
    if (!result.ok) {
      return json<ActionResult>(
        { intent: "create", created: null, fieldErrors: {}, formError: t("api.keys.error.create_failed"), values },
        { status: HTTP_STATUS[result.error.code], headers }
      );
    }
    return json<ActionResult>({ intent: "create", created: result.value, fieldErrors: {}, formError: null, values: {} }, { headers });
  }

  if (intent === "revoke") {
    const parsed = revokeSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return json<ActionResult>({ intent: "revoke", revokedName: null, formError: t("api.keys.error.unknown_key") }, { status: 400, headers });
    }
    const keys = await listApiKeys(supabase, { organizationId: organization.organization_id });
    const key = keys.find((item) => item.id === parsed.data.key_id);
    const result = await revokeApiKey(supabase, { organizationId: organization.organization_id, keyId: parsed.data.key_id });
    if (!result.ok) {
      const message = result.error.code === "not_found" ? t("api.keys.error.unknown_key") : t("api.keys.error.revoke_failed");
      return json<ActionResult>({ intent: "revoke", revokedName: null, formError: message }, { status: HTTP_STATUS[result.error.code], headers });
    }
    return json<ActionResult>({ intent: "revoke", revokedName: key?.name ?? null, formError: null }, { headers });
  }

  return json<ActionResult>({ intent: "unknown", formError: t("auth.error.unexpected") }, { status: 400, headers });
}

function formatDateTime(value: string, locale: Locale) {
  return dateTimeFormat(locale === "ko" ? "ko-KR" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Seoul" }).format(
    new Date(value)
  );
}

function organizationName(organization: Pick<AdminOrganization, "name_en" | "name_ko">, locale: Locale) {
  return locale === "ko" ? organization.name_ko ?? organization.name_en : organization.name_en;
}

/** The new key, once: selectable text plus a copy button that says whether copying worked. */
function NewKey({ created, apiBase }: { created: CreatedApiKey; apiBase: string }) {
  const t = useT();
  const inputId = useId();
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const panelRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    panelRef.current?.focus();
  }, [created.key]);
  return (
    <div className="alert alert--success api-key-created" role="status" tabIndex={-1} ref={panelRef}>
      <p className="alert__title">{t("api.keys.created_title", { name: created.name })}</p>
      <div className="alert__body">
        <p>{t("api.keys.created_once")}</p>
        <label htmlFor={inputId} className="field__label">
          {t("api.keys.created_label")}
        </label>
        <div className="api-key-created__row">
          <input
            id={inputId}
            className="field__input api-key-created__value"
            readOnly
            value={created.key}
            spellCheck={false}
            autoComplete="off"
            onFocus={(event) => event.currentTarget.select()}
          />
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              navigator.clipboard.writeText(created.key).then(
                () => setCopied("copied"),
                () => setCopied("failed")
              );
            }}
          >
            {t("api.keys.copy")}
          </button>
        </div>
        <p aria-live="polite" className="muted">
          {copied === "copied" ? t("api.keys.copied") : copied === "failed" ? t("api.keys.copy_failed") : ""}
        </p>
        <p>{t("api.keys.usage_hint")}</p>
        <pre className="code-block">
          <code>{`curl -H "Authorization: Bearer ${created.key}" \\\n  "${apiBase}/needs?mine=true"`}</code>
        </pre>
      </div>
    </div>
  );
}

export default function ApiKeysSettings() {
  const t = useT();
  const locale = useLocale();
  const { organizations, organization, keys, activity, isMember, apiBase } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const createResult = result?.intent === "create" ? result : null;
  const formRef = useFocusOnError(createResult && !createResult.created ? createResult : null);
  const submittingCreate = navigation.state === "submitting" && navigation.formData?.get("intent") === "create";

  if (!organization) {
    return (
      <div className="container page">
        <h1>{t("api.keys.title")}</h1>
        <Alert tone="warning" title={t("api.keys.not_admin_title")}>
          <p>{isMember ? t("api.keys.not_admin_body") : t("api.keys.no_organization_body")}</p>
        </Alert>
        <p>
          <Link to="/api/docs">{t("api.keys.docs_link")}</Link>
        </p>
      </div>
    );
  }

  const activeKeys = keys.filter((key) => !key.revoked_at);
  return (
    <div className="container page">
      <h1>{t("api.keys.title")}</h1>
      <p className="lead">{t("api.keys.lead", { organization: organizationName(organization, locale) })}</p>
      <p>
        <Link to="/api/docs">{t("api.keys.docs_link")}</Link>
      </p>

      {organizations.length > 1 ? (
        <Form method="get" className="form api-keys__org" aria-label={t("api.keys.organization_switch")}>
          <div className="field">
            <label htmlFor="api-keys-org" className="field__label">
              {t("api.keys.organization")}
            </label>
            <select id="api-keys-org" name="org" className="field__input" defaultValue={organization.organization_id}>
              {organizations.map((item) => (
                <option key={item.organization_id} value={item.organization_id}>
                  {organizationName(item, locale)}
                </option>
              ))}
            </select>
          </div>
          <Button variant="secondary">{t("api.keys.organization_show")}</Button>
        </Form>
      ) : null}

      {createResult?.created ? <NewKey created={createResult.created} apiBase={apiBase} /> : null}
      {result?.intent === "revoke" && result.revokedName !== null ? (
        <Alert tone="success">{t("api.keys.revoked", { name: result.revokedName })}</Alert>
      ) : null}
      {result && result.intent !== "create" && result.formError ? <Alert tone="error">{result.formError}</Alert> : null}

      <div className="page-grid">
        <section className="panel" aria-labelledby="create-key-title">
          <h2 id="create-key-title">{t("api.keys.create_title")}</h2>
          <p>{t("api.keys.create_body")}</p>
          <Form method="post" noValidate className="form" ref={formRef}>
            {createResult?.formError ? <Alert tone="error">{createResult.formError}</Alert> : null}
            <input type="hidden" name="intent" value="create" />
            <input type="hidden" name="organization_id" value={organization.organization_id} />
            <Field
              key={createResult?.created?.id ?? "new"}
              name="name"
              label={t("api.keys.name")}
              hint={t("api.keys.name_hint")}
              maxLength={100}
              required
              autoComplete="off"
              defaultValue={createResult && !createResult.created ? createResult.values.name : ""}
              error={createResult?.fieldErrors.name}
            />
            <Button pendingLabel={t("form.submitting")} disabled={submittingCreate}>
              {t("api.keys.create")}
            </Button>
          </Form>
        </section>

        <section className="panel" aria-labelledby="limits-title">
          <h2 id="limits-title">{t("api.keys.about_title")}</h2>
          <ul className="checklist">
            <li>{t("api.keys.about_scope")}</li>
            <li>{t("api.keys.about_hash")}</li>
            <li>{t("api.keys.about_limits")}</li>
            <li>{t("api.keys.about_audit")}</li>
          </ul>
        </section>
      </div>

      <section className="section" aria-labelledby="keys-title">
        <h2 id="keys-title">{t("api.keys.list_title")}</h2>
        {keys.length === 0 ? (
          <p className="muted">{t("api.keys.empty")}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="keys-title" tabIndex={0}>
            <table className="table">
              <caption className="visually-hidden">{t("api.keys.list_caption", { active: activeKeys.length, total: keys.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("api.keys.column.name")}</th>
                  <th scope="col">{t("api.keys.column.prefix")}</th>
                  <th scope="col">{t("api.keys.column.created")}</th>
                  <th scope="col">{t("api.keys.column.last_used")}</th>
                  <th scope="col">{t("api.keys.column.status")}</th>
                  <th scope="col">{t("api.keys.column.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key.id}>
                    <th scope="row">{key.name}</th>
                    <td>
                      <code>{key.prefix}_…</code>
                    </td>
                    <td>
                      {formatDateTime(key.created_at, locale)}
                      {key.created_by_name ? <span className="muted"> · {key.created_by_name}</span> : null}
                    </td>
                    <td>{key.last_used_at ? formatDateTime(key.last_used_at, locale) : t("api.keys.never_used")}</td>
                    <td>
                      {key.revoked_at ? t("api.keys.status.revoked", { date: formatDateTime(key.revoked_at, locale) }) : t("api.keys.status.active")}
                    </td>
                    <td>
                      {key.revoked_at ? (
                        <span className="muted">—</span>
                      ) : (
                        <details className="api-keys__revoke">
                          <summary>{t("api.keys.revoke_open", { name: key.name })}</summary>
                          <Form method="post" className="form">
                            <p>{t("api.keys.revoke_warning")}</p>
                            <input type="hidden" name="intent" value="revoke" />
                            <input type="hidden" name="organization_id" value={organization.organization_id} />
                            <input type="hidden" name="key_id" value={key.id} />
                            <Button variant="secondary" pendingLabel={t("form.submitting")}>
                              {t("api.keys.revoke_confirm", { name: key.name })}
                            </Button>
                          </Form>
                        </details>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="section" aria-labelledby="activity-title">
        <h2 id="activity-title">{t("api.keys.activity_title")}</h2>
        {activity.length === 0 ? (
          <p className="muted">{t("api.keys.activity_empty")}</p>
        ) : (
          <ul className="api-keys__activity">
            {activity.map((entry) => (
              <li key={entry.id}>
                <time dateTime={entry.occurred_at}>{formatDateTime(entry.occurred_at, locale)}</time>{" "}
                {t(
                  entry.action === "api_key.created"
                    ? "api.keys.activity.created"
                    : entry.action === "api_key.revoked"
                    ? "api.keys.activity.revoked"
                    : "api.keys.activity.renamed",
                  { name: entry.key_name ?? "—", prefix: entry.key_prefix ?? "—", actor: entry.actor_name ?? t("api.keys.activity.someone") }
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "api.keys.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
