import { json, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { docsOperations, fieldRows, localized, type DocsOperation, type FieldRow } from "~/api/docs-model";
import { buildOpenApiDocument } from "~/api/openapi.server";
import { rateLimitsFrom } from "~/api/rate-limit.server";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { getEnv } from "~/env.server";
import { getLocale } from "~/i18n/i18n.server";
import { pageTitle, useT } from "~/i18n/react";
import apiStyles from "~/styles/api.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: apiStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = getLocale(request);
  const document = buildOpenApiDocument(getEnv().SITE_URL);
  const schemas = Object.entries(document.components.schemas)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, schema]) => ({ name, description: localized(schema, "description", locale), rows: fieldRows(schema, locale) }));
  const limits = rateLimitsFrom(process.env);
  return json(
    {
      title: String(document.info.title),
      version: String(document.info.version),
      description: localized(document.info, "description", locale),
      server: document.servers[0]!.url,
      operations: docsOperations(document, locale),
      schemas,
      problems: document["x-problem-types"].map((problem) => ({
        anchor: problem.anchor,
        status: problem.status,
        title: locale === "ko" ? problem.title_ko : problem.title_en,
      })),
      limits,
    },
    { headers: { "Cache-Control": "private, max-age=300", Vary: "Cookie, Accept-Language" } }
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => ({
  "Cache-Control": loaderHeaders.get("Cache-Control") ?? "private, no-cache",
  Vary: "Cookie, Accept-Language",
});

/** Texts in the document mark code with backticks, as OpenAPI descriptions (CommonMark) do. */
function Prose({ text }: { text: string | null }) {
  if (!text) return null;
  return <>{text.split(/`([^`]+)`/).map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}</>;
}

function FieldTable({ rows, caption }: { rows: FieldRow[]; caption: string }) {
  const t = useT();
  if (rows.length === 0) return null;
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="table api-docs__fields">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("api.docs.column.field")}</th>
            <th scope="col">{t("api.docs.column.type")}</th>
            <th scope="col">{t("api.docs.column.required")}</th>
            <th scope="col">{t("api.docs.column.description")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <th scope="row">
                <code>{row.name}</code>
              </th>
              <td>
                {row.ref ? (
                  <a href={`#schema-${row.ref}`}>
                    <code>{row.type}</code>
                  </a>
                ) : (
                  <code>{row.type}</code>
                )}
                {row.constraints.length > 0 ? (
                  <ul className="api-docs__constraints">
                    {row.constraints.map((constraint) => (
                      <li key={constraint}>
                        <code>{constraint}</code>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
              <td className="api-docs__nowrap">{row.required ? t("api.docs.yes") : t("api.docs.no")}</td>
              <td>
                <Prose text={row.description} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OperationSection({ operation }: { operation: DocsOperation }) {
  const t = useT();
  const headingId = `op-${operation.id}`;
  return (
    <section className="panel api-docs__operation" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <span className={`api-docs__method api-docs__method--${operation.method.toLowerCase()}`}>{operation.method}</span>{" "}
        <code className="api-docs__path">{operation.path}</code>
        <span className="api-docs__summary">{operation.summary}</span>
      </h3>
      {operation.description ? (
        <p>
          <Prose text={operation.description} />
        </p>
      ) : null}
      <p className="muted">{operation.requiresAuth ? t("api.docs.auth_required") : t("api.docs.auth_optional")}</p>

      {operation.parameters.length > 0 ? (
        <>
          <h4>{t("api.docs.parameters")}</h4>
          <div className="table-scroll" role="region" aria-label={t("api.docs.parameters_of", { operation: operation.summary })} tabIndex={0}>
            <table className="table api-docs__fields">
              <thead>
                <tr>
                  <th scope="col">{t("api.docs.column.name")}</th>
                  <th scope="col">{t("api.docs.column.in")}</th>
                  <th scope="col">{t("api.docs.column.type")}</th>
                  <th scope="col">{t("api.docs.column.required")}</th>
                  <th scope="col">{t("api.docs.column.description")}</th>
                </tr>
              </thead>
              <tbody>
                {operation.parameters.map((parameter) => (
                  <tr key={`${parameter.in}-${parameter.name}`}>
                    <th scope="row">
                      <code>{parameter.name}</code>
                    </th>
                    <td className="api-docs__nowrap">{t(parameter.in === "path" ? "api.docs.in.path" : "api.docs.in.query")}</td>
                    <td>
                      <code>{parameter.type}</code>
                      {parameter.constraints.length > 0 ? (
                        <ul className="api-docs__constraints">
                          {parameter.constraints.map((constraint) => (
                            <li key={constraint}>
                              <code>{constraint}</code>
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                    <td className="api-docs__nowrap">{parameter.required ? t("api.docs.yes") : t("api.docs.no")}</td>
                    <td>
                      <Prose text={parameter.description} />
                      {parameter.list ? <span className="muted"> {t("api.docs.list_hint")}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      {operation.requestBody ? (
        <>
          <h4>{t("api.docs.request_body")}</h4>
          <p>
            {operation.requestBody.mediaTypes.map((type) => (
              <code key={type} className="api-docs__media">
                {type}
              </code>
            ))}
            {operation.requestBody.schemaRef ? (
              <>
                {" "}
                — <a href={`#schema-${operation.requestBody.schemaRef}`}>{operation.requestBody.schemaRef}</a>
              </>
            ) : null}
          </p>
          {operation.requestBody.description ? (
            <p>
              <Prose text={operation.requestBody.description} />
            </p>
          ) : null}
        </>
      ) : null}

      <h4>{t("api.docs.responses")}</h4>
      <ul className="api-docs__responses">
        {operation.responses.map((response) => (
          <li key={response.status}>
            <strong>{response.status}</strong> <Prose text={response.description} />
            {response.schemaRef ? (
              <>
                {" "}
                — <a href={`#schema-${response.schemaRef}`}>{response.schemaRef}</a>
              </>
            ) : null}
            {response.problemAnchors.length > 0 ? (
              <span className="muted">
                {" "}
                (
                {response.problemAnchors.map((anchor, index) => (
                  <span key={anchor}>
                    {index > 0 ? ", " : ""}
                    <a href={`#${anchor}`}>{anchor.replace(/^problem-/, "")}</a>
                  </span>
                ))}
                )
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function ApiDocs() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const searchExample = `curl -H "Authorization: Bearer $CLUSTERMATCH_API_KEY" \\\n  "${data.server}/suppliers?q=5-axis&cert=as9100d&region=gyeongnam"`;
  const matchExample = `curl -X POST "${data.server}/match" \\\n  -H "Authorization: Bearer $CLUSTERMATCH_API_KEY" \\\n  -H "Content-Type: application/json" \\\n  -d '{"kind":"parts_supply","description":"Machined titanium brackets","processes":["5축 가공"],"required_certifications":["AS9100D"],"location":{"lat":35.23,"lng":128.68},"radius_km":100}'`;
  return (
    <div className="container page api-docs">
      <h1>{t("api.docs.title")}</h1>
      <p className="lead">
        <Prose text={data.description} />
      </p>
      <dl className="definition-list definition-list--compact">
        <div>
          <dt>{t("api.docs.base_url")}</dt>
          <dd>
            <code>{data.server}</code>
          </dd>
        </div>
        <div>
          <dt>{t("api.docs.version")}</dt>
          <dd>{data.version}</dd>
        </div>
        <div>
          <dt>{t("api.docs.machine_readable")}</dt>
          <dd>
            <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1)
          </dd>
        </div>
      </dl>

      <nav aria-labelledby="api-docs-contents" className="panel api-docs__toc">
        <h2 id="api-docs-contents">{t("api.docs.contents")}</h2>
        <ul>
          <li>
            <a href="#authentication">{t("api.docs.authentication")}</a>
          </li>
          <li>
            <a href="#rate-limits">{t("api.docs.rate_limits")}</a>
          </li>
          <li>
            <a href="#errors">{t("api.docs.errors")}</a>
          </li>
          <li>
            <a href="#operations">{t("api.docs.operations")}</a>
            <ul>
              {data.operations.map((operation) => (
                <li key={operation.id}>
                  <a href={`#op-${operation.id}`}>
                    <code>
                      {operation.method} {operation.path}
                    </code>{" "}
                    {operation.summary}
                  </a>
                </li>
              ))}
            </ul>
          </li>
          <li>
            <a href="#schemas">{t("api.docs.schemas")}</a>
          </li>
        </ul>
      </nav>

      <section className="section" aria-labelledby="authentication">
        <h2 id="authentication">{t("api.docs.authentication")}</h2>
        <p>{t("api.docs.authentication_body")}</p>
        <p>
          <Link to="/settings/api-keys">{t("api.docs.manage_keys")}</Link>
        </p>
        <pre className="code-block" aria-label={t("api.docs.example_search")}>
          <code>{searchExample}</code>
        </pre>
        <pre className="code-block" aria-label={t("api.docs.example_match")}>
          <code>{matchExample}</code>
        </pre>
      </section>

      <section className="section" aria-labelledby="rate-limits">
        <h2 id="rate-limits">{t("api.docs.rate_limits")}</h2>
        <p>
          {t("api.docs.rate_limits_body", {
            keyBurst: data.limits.key.burst,
            keyPerMinute: data.limits.key.perMinute,
            ipBurst: data.limits.ip.burst,
            ipPerMinute: data.limits.ip.perMinute,
          })}
        </p>
      </section>

      <section className="section" aria-labelledby="errors">
        <h2 id="errors">{t("api.docs.errors")}</h2>
        <p>{t("api.docs.errors_body")}</p>
        <pre className="code-block" aria-label={t("api.docs.example_problem")}>
          <code>{`{
  "type": "${data.server.replace(/\/api\/v1$/, "")}/api/docs#problem-validation-failed",
  "title": "Invalid request",
  "status": 400,
  "detail": "Some fields are invalid; see errors.",
  "instance": "/api/v1/match",
  "errors": [{ "field": "location.lat", "message_en": "…", "message_ko": "…" }]
}`}</code>
        </pre>
        <dl className="api-docs__problems">
          {data.problems.map((problem) => (
            <div key={problem.anchor} id={problem.anchor} tabIndex={-1}>
              <dt>
                <code>{problem.status}</code> {problem.title}
              </dt>
              <dd>
                <code>#{problem.anchor}</code>
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="section" aria-labelledby="operations">
        <h2 id="operations">{t("api.docs.operations")}</h2>
        {data.operations.map((operation) => (
          <OperationSection key={operation.id} operation={operation} />
        ))}
      </section>

      <section className="section" aria-labelledby="schemas">
        <h2 id="schemas">{t("api.docs.schemas")}</h2>
        {data.schemas.map((schema) => (
          <section key={schema.name} className="api-docs__schema" aria-labelledby={`schema-${schema.name}`}>
            <h3 id={`schema-${schema.name}`} tabIndex={-1}>
              <code>{schema.name}</code>
            </h3>
            {schema.description ? (
              <p>
                <Prose text={schema.description} />
              </p>
            ) : null}
            <FieldTable rows={schema.rows} caption={t("api.docs.fields_of", { schema: schema.name })} />
          </section>
        ))}
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "api.docs.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
