import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, isRouteErrorResponse, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button } from "~/components/form";
import { FileField, SelectField } from "~/components/supplier/fields";
import { formatMoment, formatNumber, localized } from "~/components/supplier/format";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { processInBackground } from "~/import/background.server";
import { createImportRun, isInterrupted, listImportRuns, loadImportContext, sha256Hex, type ImporterKind } from "~/import/commit.server";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "~/import/limits";
import { parseImportFile } from "~/import/parse.server";
import { renderIssue, validateFile } from "~/import/validate";
import { isAdminRole, listMemberships } from "~/models/sme.server";
import type { ActionResult } from "~/suppliers/action-result";
import { echo, refuse } from "~/suppliers/route-helpers.server";
import stylesheet from "~/styles/suppliers.css";
import { MalformedFormError, readFormWithFile } from "~/utils/multipart.server";
import { requireUser } from "~/utils/supabase.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

const MEGABYTES = MAX_IMPORT_BYTES / 1024 / 1024;

/** Organizations the user may import for: cluster authorities and the platform, as owner or admin. */
async function requireImporter(request: Request) {
  const context = await requireUser(request);
  const memberships = await listMemberships(context.supabase, { userId: context.user.id });
  const importers = memberships.filter((membership) => (membership.kind === "cluster_authority" || membership.kind === "platform") && isAdminRole(membership.role));
  if (importers.length === 0) throw json({ reason: "not_importer" }, { status: 403, headers: context.headers });
  return { ...context, importers };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, importers } = await requireImporter(request);
  const organizationIds = importers.map((importer) => importer.organization_id);
  const [runs, clusters] = await Promise.all([
    listImportRuns(supabase, { organizationIds, limit: 20 }),
    supabase.from("clusters").select("id, slug, name_en, name_ko, managing_organization_id").in("managing_organization_id", organizationIds).order("name_en"),
  ]);
  const now = Date.now();
  return json(
    {
      importers: importers.map(({ organization_id, kind, name_en, name_ko }) => ({ organization_id, kind, name_en, name_ko })),
      runs: runs.map((run) => ({ ...run, interrupted: isInterrupted(run, now) })),
      clusters: (clusters.data ?? []) as Array<{ id: string; slug: string; name_en: string; name_ko: string }>,
    },
    { headers },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, importers } = await requireImporter(request);
  const { t } = getServerT(request);
  let formData: FormData;
  let file: Awaited<ReturnType<typeof readFormWithFile>>["file"];
  try {
    ({ formData, file } = await readFormWithFile(request, { fileField: "file", maxBytes: MAX_IMPORT_BYTES }));
  } catch (error) {
    if (error instanceof MalformedFormError) return refuse(400, headers, { intent: "unknown", formError: t("supplier_form.error.invalid") });
    throw error;
  }
  const intent = String(formData.get("intent") ?? "");
  const values = echo(formData);
  if (intent !== "dry_run" && intent !== "commit") return refuse(400, headers, { intent, values, formError: t("supplier_form.error.unknown_action") });
  const importer = importers.find((candidate) => candidate.organization_id === formData.get("organization_id")) ?? (importers.length === 1 ? importers[0] : undefined);
  if (!importer) return refuse(400, headers, { intent, values, fieldErrors: { organization_id: t("supplier_form.choose") }, formError: t("form.error_summary") });
  if (!file) return refuse(400, headers, { intent, values, fieldErrors: { file: t("import.file.required") }, formError: t("form.error_summary") });
  if (file.tooLarge) return refuse(413, headers, { intent, values, fieldErrors: { file: t("import.file.too_large", { maximum: MEGABYTES }) }, formError: t("form.error_summary") });

  const parsed = await parseImportFile({ fileName: file.name, bytes: file.bytes });
  if ("error" in parsed) {
    const issue = renderIssue(parsed.error);
    return refuse(parsed.error.code === "import.file.too_large" ? 413 : 415, headers, {
      intent,
      values,
      fieldErrors: { file: t(issue.code, issue.params) },
      formError: t("form.error_summary"),
    });
  }
  const context = await loadImportContext(supabase, { organizationId: importer.organization_id, kind: importer.kind as ImporterKind });
  const validation = validateFile(parsed, context);
  const runId = await createImportRun(supabase, {
    organizationId: importer.organization_id,
    mode: intent,
    fileName: file.name,
    format: parsed.format,
    sha256: sha256Hex(file.bytes),
    validation,
  });
  if (intent === "commit") {
    const { data } = await supabase.auth.getSession();
    if (data.session?.access_token) processInBackground({ runId, accessToken: data.session.access_token });
  }
  return redirect(`/import/${runId}`, { headers });
}

export default function ImportPage() {
  const t = useT();
  const locale = useLocale();
  const { importers, runs, clusters } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const busyIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const errors = result && !result.ok ? result.fieldErrors : {};
  const chosenOrganization = result && !result.ok ? String(result.values.organization_id ?? "") : importers[0]!.organization_id;

  return (
    <div className="container page supplier-page">
      <header className="editor-header">
        <h1>{t("import.title")}</h1>
        <p className="lead">{t("import.lead")}</p>
        <p>
          <Link to="/import/format">{t("import.format_guide")}</Link>
        </p>
      </header>

      <section className="panel" aria-labelledby="upload-title">
        <h2 id="upload-title">{t("import.upload_title")}</h2>
        <Form method="post" encType="multipart/form-data" className="form" noValidate>
          {result && !result.ok && result.formError ? <Alert tone="error">{result.formError}</Alert> : null}
          {importers.length > 1 ? (
            <SelectField
              name="organization_id"
              label={t("import.organization")}
              hint={t("import.organization_hint")}
              options={importers.map((importer) => ({ value: importer.organization_id, label: localized(locale, importer.name_en, importer.name_ko) }))}
              defaultValue={chosenOrganization}
              error={errors.organization_id}
            />
          ) : (
            <input type="hidden" name="organization_id" value={importers[0]!.organization_id} />
          )}
          <FileField
            name="file"
            label={t("import.file")}
            hint={t("import.file_hint", { megabytes: MEGABYTES, rows: formatNumber(MAX_IMPORT_ROWS, locale) })}
            accept=".csv,.xlsx,.jsonl,.ndjson,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/x-ndjson"
            required
            error={errors.file}
          />
          <div className="inline-actions">
            <Button name="intent" value="dry_run" variant="secondary" disabled={Boolean(busyIntent)}>
              {busyIntent === "dry_run" ? t("import.checking") : t("import.check")}
            </Button>
            <Button name="intent" value="commit" disabled={Boolean(busyIntent)}>
              {busyIntent === "commit" ? t("import.importing") : t("import.commit")}
            </Button>
          </div>
        </Form>
      </section>

      <section className="panel" aria-labelledby="runs-title">
        <h2 id="runs-title">{t("import.recent")}</h2>
        {runs.length === 0 ? (
          <p className="muted">{t("import.recent_empty")}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("import.col.file")}</th>
                  <th scope="col">{t("import.col.started")}</th>
                  <th scope="col">{t("import.col.mode")}</th>
                  <th scope="col">{t("import.col.status")}</th>
                  <th scope="col">{t("import.col.result")}</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id}>
                    <th scope="row">
                      <Link to={`/import/${run.id}`} aria-label={t("import.open_report") + ": " + run.file_name}>
                        {run.file_name}
                      </Link>
                    </th>
                    <td>{formatMoment(run.created_at, locale)}</td>
                    <td>{t(`import.mode.${run.mode}`)}</td>
                    <td>{run.interrupted ? t("import.status.interrupted") : t(`import.status.${run.status}`)}</td>
                    <td>
                      {run.mode === "dry_run"
                        ? t("import.report.dry_run_summary", { valid: run.valid_rows, invalid: run.invalid_rows })
                        : t("import.report.commit_summary", {
                            created: run.created_rows,
                            updated: run.updated_rows,
                            unchanged: run.unchanged_rows,
                            invalid: run.invalid_rows,
                            skipped: run.skipped_rows,
                            failed: run.failed_rows,
                          })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="export-title">
        <h2 id="export-title">{t("export.title")}</h2>
        <p className="muted">{t("export.lead")}</p>
        <Form method="get" action="/export" reloadDocument className="form">
          <SelectField
            name="selection"
            label={t("export.scope")}
            options={[
              ...clusters.map((cluster) => ({ value: `cluster:${cluster.slug}`, label: t("export.scope.cluster", { cluster: localized(locale, cluster.name_en, cluster.name_ko) }) })),
              ...importers.map((importer) => ({
                value: `imported:${importer.organization_id}`,
                label: t("export.scope.imported", { organization: localized(locale, importer.name_en, importer.name_ko) }),
              })),
            ]}
          />
          <SelectField
            name="format"
            label={t("export.format")}
            options={(["csv", "xlsx", "jsonl"] as const).map((format) => ({ value: format, label: t(`export.format.${format}`) }))}
          />
          <Button variant="secondary">{t("export.download")}</Button>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "import.title") }];

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && error.status === 403 && (error.data as { reason?: string } | null)?.reason === "not_importer") {
    return (
      <div className="container page">
        <h1>{t("import.title")}</h1>
        <Alert tone="info">{t("import.not_allowed")}</Alert>
      </div>
    );
  }
  return <RouteErrorBoundary />;
}
