import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator, useActionData } from "@remix-run/react";
import { useEffect } from "react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button } from "~/components/form";
import { formatMoment, localized } from "~/components/supplier/format";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { isProcessingHere, processInBackground } from "~/import/background.server";
import { commitDryRun, getImportRun, isInterrupted, listReportRows } from "~/import/commit.server";
import { renderIssue } from "~/import/validate";
import { isUuid } from "~/models/sme.server";
import type { ActionResult } from "~/suppliers/action-result";
import { refuse } from "~/suppliers/route-helpers.server";
import stylesheet from "~/styles/suppliers.css";
import { requireUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

const PAGE_SIZE = 100;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const runId = params.runId ?? "";
  const run = isUuid(runId) ? await getImportRun(supabase, { runId }) : null;
  if (!run) throw json(null, { status: 404, headers });
  const url = new URL(request.url);
  const page = Math.max(1, Math.min(10_000, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  const [report, organization] = await Promise.all([
    listReportRows(supabase, { runId, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    supabase.from("organizations").select("name_en, name_ko").eq("id", run.organization_id).maybeSingle(),
  ]);
  const rows = report.rows.map((row) => ({ ...row, issues: row.issues.map(renderIssue) }));
  return json(
    {
      run,
      organization: organization.data as { name_en: string; name_ko: string | null } | null,
      fileIssues: run.file_issues.map(renderIssue),
      rows,
      page,
      pages: Math.max(1, Math.ceil(report.total / PAGE_SIZE)),
      interrupted: isInterrupted(run) && !isProcessingHere(run.id),
    },
    { headers: { ...Object.fromEntries(headers), "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const { t } = getServerT(request);
  const runId = params.runId ?? "";
  const formData = await readFormOrRefuse(request, headers);
  const intent = String(formData.get("intent") ?? "");
  const run = isUuid(runId) ? await getImportRun(supabase, { runId }) : null;
  if (!run) return refuse(404, headers, { intent, formError: t("import.report.not_found") });
  const { data } = await supabase.auth.getSession();
  const accessToken = data.session?.access_token;
  if (!accessToken) return refuse(401, headers, { intent, formError: t("supplier_form.error.forbidden") });

  if (intent === "commit_valid") {
    if (run.mode !== "dry_run" || run.status !== "completed") return refuse(409, headers, { intent, formError: t("supplier_form.error.conflict") });
    try {
      const newRunId = await commitDryRun(supabase, { runId });
      processInBackground({ runId: newRunId, accessToken });
      return redirect(`/import/${newRunId}`, { headers });
    } catch (error) {
      const code = (error as { code?: string }).code;
      return refuse(code === "42501" ? 403 : 409, headers, { intent, formError: t(code === "42501" ? "supplier_form.error.forbidden" : "supplier_form.error.conflict") });
    }
  }

  if (intent === "resume") {
    if (run.mode !== "commit" || run.status !== "running") return refuse(409, headers, { intent, formError: t("supplier_form.error.conflict") });
    processInBackground({ runId, accessToken });
    return redirect(`/import/${runId}`, { headers });
  }

  return refuse(400, headers, { intent, formError: t("supplier_form.error.unknown_action") });
}

export default function ImportReport() {
  const t = useT();
  const locale = useLocale();
  const { run, organization, fileIssues, rows, page, pages, interrupted } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const revalidator = useRevalidator();
  const running = run.mode === "commit" && run.status === "running" && !interrupted;

  // Progress comes from the run's counters; poll while the database is still writing rows.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  const processed = run.created_rows + run.updated_rows + run.unchanged_rows + run.skipped_rows + run.failed_rows;
  const toWrite = processed + run.pending_rows;
  const message = (issue: { message_en: string; message_ko: string }) => (locale === "ko" ? issue.message_ko : issue.message_en);

  return (
    <div className="container page supplier-page">
      <p>
        <Link to="/import">{t("import.report.back")}</Link>
      </p>
      <header className="editor-header">
        <h1>{t("import.report.title")}</h1>
        <p className="lead">
          {t("import.report.file", { file: run.file_name })} · {t(`import.mode.${run.mode}`)} · {organization ? localized(locale, organization.name_en, organization.name_ko) : ""} ·{" "}
          {formatMoment(run.created_at, locale)}
        </p>
      </header>
      {result && !result.ok && result.formError ? <Alert tone="error">{result.formError}</Alert> : null}

      {run.mode === "commit" && (running || interrupted) ? (
        <section className="panel progress" aria-labelledby="progress-title">
          <h2 id="progress-title">{t("import.report.progress_label")}</h2>
          <progress max={Math.max(1, toWrite)} value={processed} aria-labelledby="progress-title" aria-describedby="progress-text" />
          <p id="progress-text" role="status">
            {t("import.report.progress", { done: processed, total: toWrite })}
          </p>
          {interrupted ? (
            <>
              <Alert tone="warning">{t("import.report.interrupted")}</Alert>
              <Form method="post">
                <input type="hidden" name="intent" value="resume" />
                <Button pendingLabel={t("form.submitting")}>{t("import.report.resume")}</Button>
              </Form>
            </>
          ) : null}
        </section>
      ) : null}

      {run.status === "failed" ? <Alert tone="error">{t("import.report.failed", { reason: run.error_message ?? "" })}</Alert> : null}

      {run.status === "completed" ? (
        <section className="panel" aria-labelledby="summary-title">
          <h2 id="summary-title">{run.mode === "dry_run" ? t("import.report.dry_run_done") : t("import.report.commit_done")}</h2>
          <p role="status">
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
          </p>
          {run.mode === "dry_run" && run.valid_rows > 0 ? (
            <p>{t("import.report.would_write", { create: run.would_create_rows, update: run.valid_rows - run.would_create_rows })}</p>
          ) : null}
          {run.warning_rows > 0 ? <p>{t("import.report.warnings", { count: run.warning_rows })}</p> : null}
          <dl className="summary-grid">
            {(run.mode === "dry_run"
              ? ([
                  ["import.report.col.valid", run.valid_rows],
                  ["import.report.col.invalid", run.invalid_rows],
                  ["import.report.col.warnings", run.warning_rows],
                ] as const)
              : ([
                  ["import.report.col.created", run.created_rows],
                  ["import.report.col.updated", run.updated_rows],
                  ["import.report.col.unchanged", run.unchanged_rows],
                  ["import.report.col.invalid", run.invalid_rows],
                  ["import.report.col.skipped", run.skipped_rows],
                  ["import.report.col.failed", run.failed_rows],
                ] as const)
            ).map(([key, count]) => (
              <div key={key}>
                <dt>{t(key)}</dt>
                <dd>{count}</dd>
              </div>
            ))}
          </dl>
          <div className="inline-actions">
            {run.mode === "dry_run" && run.valid_rows > 0 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="commit_valid" />
                <Button pendingLabel={t("form.submitting")}>{t("import.report.commit_valid", { count: run.valid_rows })}</Button>
              </Form>
            ) : null}
            <a href={`/import/${run.id}/report.csv`} download>
              {t("import.report.download")}
            </a>
          </div>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="issues-title">
        <h2 id="issues-title">{t("import.report.issues")}</h2>
        {fileIssues.length === 0 && rows.length === 0 ? (
          <p>{t("import.report.no_issues")}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("import.report.col.row")}</th>
                  <th scope="col">{t("import.report.col.external_id")}</th>
                  <th scope="col">{t("import.report.col.field")}</th>
                  <th scope="col">{t("import.report.col.severity")}</th>
                  <th scope="col">{t("import.report.col.message")}</th>
                </tr>
              </thead>
              <tbody>
                {page === 1
                  ? fileIssues.map((issue, index) => (
                      <tr key={`file-${index}`}>
                        <th scope="row">{t("import.report.file_level")}</th>
                        <td>—</td>
                        <td>{issue.field || "—"}</td>
                        <td className={`severity--${issue.severity}`}>{t(`import.report.severity.${issue.severity}`)}</td>
                        <td>{message(issue)}</td>
                      </tr>
                    ))
                  : null}
                {rows.flatMap((row) =>
                  row.issues.map((issue, index) => (
                    <tr key={`${row.row}-${index}`}>
                      <th scope="row">{row.row}</th>
                      <td>{row.external_id ?? "—"}</td>
                      <td>{issue.field || "—"}</td>
                      <td className={`severity--${issue.severity}`}>{t(`import.report.severity.${issue.severity}`)}</td>
                      <td>{message(issue)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 ? (
          <nav className="pagination" aria-label={t("import.report.page", { page, pages })}>
            {page > 1 ? <Link to={`?page=${page - 1}`}>{t("import.report.previous")}</Link> : null}
            <span>{t("import.report.page", { page, pages })}</span>
            {page < pages ? <Link to={`?page=${page + 1}`}>{t("import.report.next")}</Link> : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "import.report.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
