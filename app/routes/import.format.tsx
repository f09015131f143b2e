import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { FIELD_DOCS, INTERCHANGE_FIELDS, REQUIRED_COLUMNS } from "~/import/interchange";
import { loadTaxonomies } from "~/models/taxonomy.server";
import stylesheet from "~/styles/suppliers.css";
import { createSupabaseServerClient } from "~/utils/supabase.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

/** The interchange format as the import reads it: fields straight from the schema, and the taxonomy codes. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = createSupabaseServerClient(request);
  const taxonomies = await loadTaxonomies(supabase);
  const pick = (rows: Array<{ code: string; label_en: string; label_ko: string }>) => rows.map(({ code, label_en, label_ko }) => ({ code, label_en, label_ko }));
  return json(
    { processes: pick(taxonomies.processes), materials: pick(taxonomies.materials), certificationTypes: pick(taxonomies.certificationTypes) },
    { headers },
  );
}

export default function ImportFormat() {
  const t = useT();
  const locale = useLocale();
  const { processes, materials, certificationTypes } = useLoaderData<typeof loader>();
  const vocabularies = [
    { id: "processes", title: t("format.processes"), rows: processes },
    { id: "materials", title: t("format.materials"), rows: materials },
    { id: "certifications", title: t("format.certifications"), rows: certificationTypes },
  ];
  return (
    <div className="container page supplier-page">
      <p>
        <Link to="/import">{t("import.report.back")}</Link>
      </p>
      <h1>{t("format.title")}</h1>
      <p className="lead">{t("format.lead")}</p>
      <section className="panel" aria-labelledby="fields-title">
        <h2 id="fields-title">{t("format.fields")}</h2>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("format.col.field")}</th>
                <th scope="col">{t("format.col.type")}</th>
                <th scope="col">{t("format.col.rule")}</th>
              </tr>
            </thead>
            <tbody>
              {INTERCHANGE_FIELDS.map((field) => (
                <tr key={field}>
                  <th scope="row">
                    <code>{field}</code>
                    {REQUIRED_COLUMNS.includes(field) ? <span className="muted"> ({t("form.required")})</span> : null}
                  </th>
                  <td>
                    <code>{FIELD_DOCS[field].type}</code>
                  </td>
                  <td>{locale === "ko" ? FIELD_DOCS[field].rule_ko : FIELD_DOCS[field].rule}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="panel" aria-labelledby="csv-title">
        <h2 id="csv-title">{t("format.csv.title")}</h2>
        <ul>
          <li>{t("format.csv.header")}</li>
          <li>
            {t("format.csv.lists")} <code>5축 가공;NDT;anodizing</code>
          </li>
          <li>
            {t("format.csv.certifications")} <code>AS9100D|KR-AS-1234|2027-06-30;국방품질경영시스템</code>
          </li>
          <li>
            {t("format.csv.sites")} <code>35.2279|128.6811|본사 공장|경상남도 창원시 성산구 공단로 100</code>
          </li>
          <li>
            {t("format.csv.booleans")} <code>true/false, yes/no, 1/0, 예/아니오</code>
          </li>
          <li>{t("format.csv.encoding")}</li>
          <li>{t("format.csv.rows")}</li>
        </ul>
      </section>
      {vocabularies.map((vocabulary) => (
        <section key={vocabulary.id} className="panel" aria-labelledby={`${vocabulary.id}-title`}>
          <h2 id={`${vocabulary.id}-title`}>{vocabulary.title}</h2>
          <details>
            <summary>{t("format.show_codes", { count: vocabulary.rows.length })}</summary>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("format.col.code")}</th>
                  <th scope="col">English</th>
                  <th scope="col">한국어</th>
                </tr>
              </thead>
              <tbody>
                {vocabulary.rows.map((row) => (
                  <tr key={row.code}>
                    <th scope="row">
                      <code>{row.code}</code>
                    </th>
                    <td lang="en">{row.label_en}</td>
                    <td lang="ko">{row.label_ko}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </section>
      ))}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "format.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
