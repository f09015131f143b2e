import { json, type HeadersFunction, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field, useFocusOnError } from "~/components/form";
import { getEnv } from "~/env.server";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { describeAuthError } from "~/utils/auth-errors";
import { safeRedirectPath, signInSchema } from "~/utils/auth-schemas";
import { fieldErrorsFrom, formValues, type FormFailure } from "~/utils/form-errors";
import { SEED_USER_PASSWORD, seedUsers } from "~/utils/seed-users";
import { refuseAuthAttempt } from "~/security/auth-rate-limit.server";
import { createSupabaseServerClient, getUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";

const AFTER_SIGN_IN = "/account";

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), AFTER_SIGN_IN);
  const { user, headers } = await getUser(request);
  if (user) throw redirect(redirectTo, { headers });
  // Seed credentials reach the page only in development; they are not in the client bundle.
  const devUsers = getEnv().DEV_TOOLS ? seedUsers : [];
  return json({ redirectTo, devUsers, devPassword: getEnv().DEV_TOOLS ? SEED_USER_PASSWORD : null }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { t } = getServerT(request);
  const formData = await readFormOrRefuse(request);
  const values = formValues(formData, ["password"]);
  const refusedHeaders = refuseAuthAttempt("sign_in", context, formData);
  if (refusedHeaders) {
    return json<FormFailure>({ values, fieldErrors: {}, formError: t("auth.error.rate_limited") }, { status: 429, headers: refusedHeaders });
  }
  const parsed = signInSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return json<FormFailure>({ values, fieldErrors: fieldErrorsFrom(parsed.error, t), formError: null }, { status: 400 });
  }
  const { supabase, headers } = createSupabaseServerClient(request);
  const { error } = await supabase.auth.signInWithPassword(parsed.data);
  if (error) {
    const problem = describeAuthError(error);
    return json<FormFailure>({ values, fieldErrors: {}, formError: t(problem.message) }, { status: problem.status, headers });
  }
  throw redirect(safeRedirectPath(formData.get("redirectTo"), AFTER_SIGN_IN), { headers });
}

export default function SignIn() {
  const t = useT();
  const locale = useLocale();
  const { redirectTo, devUsers, devPassword } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formRef = useFocusOnError(result);
  const values = result?.values ?? {};
  const errors = result?.fieldErrors ?? {};
  return (
    <div className="auth-page">
      <h1>{t("sign_in.title")}</h1>
      <p className="lead">{t("sign_in.lead")}</p>
      <Form method="post" noValidate className="form" ref={formRef}>
        {result?.formError ? <Alert tone="error">{result.formError}</Alert> : null}
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="email"
          type="email"
          label={t("field.email")}
          autoComplete="username"
          inputMode="email"
          spellCheck={false}
          required
          defaultValue={values.email}
          error={errors.email}
        />
        <Field
          name="password"
          type="password"
          label={t("field.password")}
          autoComplete="current-password"
          required
          error={errors.password}
        />
        <Button pendingLabel={t("form.submitting")}>{t("sign_in.submit")}</Button>
      </Form>
      <p className="auth-page__switch">
        <Link to="/forgot-password">{t("sign_in.forgot")}</Link>
      </p>
      <p className="auth-page__switch">
        {t("sign_in.no_account")} <Link to="/sign-up">{t("nav.sign_up")}</Link>
      </p>

      {devUsers.length > 0 && devPassword ? (
        <section className="dev-box" aria-labelledby="dev-users-title">
          <h2 id="dev-users-title">{t("sign_in.dev_users.title")}</h2>
          <p>{t("sign_in.dev_users.body")}</p>
          <p>
            <code>{t("sign_in.dev_users.password", { password: devPassword })}</code>
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("sign_in.dev_users.role")}</th>
                <th scope="col">{t("sign_in.dev_users.email")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("sign_in.submit")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {devUsers.map((seedUser) => (
                <tr key={seedUser.email}>
                  <td>{seedUser.role[locale]}</td>
                  <td>
                    <code>{seedUser.email}</code>
                  </td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="email" value={seedUser.email} />
                      <input type="hidden" name="password" value={seedUser.password} />
                      <input type="hidden" name="redirectTo" value={redirectTo} />
                      <button type="submit" className="button button--secondary button--small">
                        {t("sign_in.dev_users.use", { email: seedUser.email })}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "sign_in.title") }];

// The 429's Retry-After comes from the action; a document response only carries what this returns.
export const headers: HeadersFunction = ({ actionHeaders, parentHeaders }) => {
  const headers = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
