import { json, type HeadersFunction, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field, useFocusOnError } from "~/components/form";
import { getEnv } from "~/env.server";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useT } from "~/i18n/react";
import { describeAuthError } from "~/utils/auth-errors";
import { forgotPasswordSchema } from "~/utils/auth-schemas";
import { fieldErrorsFrom, formValues, type FormFailure } from "~/utils/form-errors";
import { refuseAuthAttempt } from "~/security/auth-rate-limit.server";
import { createSupabaseServerClient } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";

type ForgotResult =
  | ({ status: "invalid" } & FormFailure)
  | { status: "sent"; email: string };

export function loader(_: LoaderFunctionArgs) {
  return json({ devOutbox: getEnv().DEV_TOOLS });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { t } = getServerT(request);
  const formData = await readFormOrRefuse(request);
  const values = formValues(formData);
  const refusedHeaders = refuseAuthAttempt("password_reset", context, formData);
  if (refusedHeaders) {
    return json<ForgotResult>({ status: "invalid", values, fieldErrors: {}, formError: t("auth.error.rate_limited") }, { status: 429, headers: refusedHeaders });
  }
  const parsed = forgotPasswordSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return json<ForgotResult>({ status: "invalid", values, fieldErrors: fieldErrorsFrom(parsed.error, t), formError: null }, { status: 400 });
  }
  const { supabase, headers } = createSupabaseServerClient(request);
  const { error } = await supabase.auth.resetPasswordForEmail(parsed.data.email, {
    redirectTo: `${getEnv().SITE_URL}/auth/callback?next=/reset-password`,
  });
  if (error) {
    // Only failures that say nothing about whether the account exists are shown.
    const problem = describeAuthError(error);
    if (problem.status === 429 || problem.status === 503) {
      return json<ForgotResult>(
        { status: "invalid", values, fieldErrors: {}, formError: t(problem.message) },
        { status: problem.status, headers },
      );
    }
  }
  return json<ForgotResult>({ status: "sent", email: parsed.data.email }, { headers });
}

export default function ForgotPassword() {
  const t = useT();
  const { devOutbox } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formRef = useFocusOnError(result?.status === "invalid" ? result : null);

  if (result?.status === "sent") {
    return (
      <div className="auth-page">
        <h1>{t("forgot.title")}</h1>
        <Alert tone="success">
          <p>{t("forgot.sent", { email: result.email })}</p>
        </Alert>
        {devOutbox ? (
          <p>
            <Link to="/dev/outbox">{t("forgot.dev_outbox")}</Link>
          </p>
        ) : null}
        <p>
          <Link to="/sign-in">{t("forgot.back_to_sign_in")}</Link>
        </p>
      </div>
    );
  }

  const values = result?.status === "invalid" ? result.values : {};
  const errors = result?.status === "invalid" ? result.fieldErrors : {};
  const formError = result?.status === "invalid" ? result.formError : null;
  return (
    <div className="auth-page">
      <h1>{t("forgot.title")}</h1>
      <p className="lead">{t("forgot.lead")}</p>
      <Form method="post" noValidate className="form" ref={formRef}>
        {formError ? <Alert tone="error">{formError}</Alert> : null}
        <Field
          name="email"
          type="email"
          label={t("field.email")}
          autoComplete="email"
          inputMode="email"
          spellCheck={false}
          required
          defaultValue={values.email}
          error={errors.email}
        />
        <Button pendingLabel={t("form.submitting")}>{t("forgot.submit")}</Button>
      </Form>
      <p className="auth-page__switch">
        <Link to="/sign-in">{t("forgot.back_to_sign_in")}</Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "forgot.title") }];

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
