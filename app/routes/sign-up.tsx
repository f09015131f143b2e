import { json, type HeadersFunction, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, ChoiceField, Field, useFocusOnError } from "~/components/form";
import { getEnv } from "~/env.server";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useT } from "~/i18n/react";
import { describeAuthError } from "~/utils/auth-errors";
import { ACCOUNT_TYPES, DISPLAY_NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, signUpSchema } from "~/utils/auth-schemas";
import { fieldErrorsFrom, formValues, type FormFailure } from "~/utils/form-errors";
import { refuseAuthAttempt } from "~/security/auth-rate-limit.server";
import { createSupabaseServerClient, getUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";

type SignUpResult =
  | ({ status: "invalid" } & FormFailure)
  | { status: "check_email"; email: string };

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, headers } = await getUser(request);
  if (user) throw redirect("/account", { headers });
  return json(null, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { t, locale } = getServerT(request);
  const formData = await readFormOrRefuse(request);
  // Passwords are never echoed back into the page.
  const values = formValues(formData, ["password"]);
  const refusedHeaders = refuseAuthAttempt("sign_up", context, formData);
  if (refusedHeaders) {
    return json<SignUpResult>({ status: "invalid", values, fieldErrors: {}, formError: t("auth.error.rate_limited") }, { status: 429, headers: refusedHeaders });
  }
  const parsed = signUpSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return json<SignUpResult>({ status: "invalid", values, fieldErrors: fieldErrorsFrom(parsed.error, t), formError: null }, { status: 400 });
  }

  const { supabase, headers } = createSupabaseServerClient(request);
  const { email, password, display_name, account_type } = parsed.data;
  const { data, error } = await supabase.auth.signUp({
    email,
    password,
    options: {
      data: { display_name, account_type, locale },
      // Where the confirmation link lands when confirmations are on: the callback verifies the token.
      emailRedirectTo: `${getEnv().SITE_URL}/auth/callback?next=/account`,
    },
  });
  if (error) {
    const problem = describeAuthError(error);
    const message = t(problem.message);
    return json<SignUpResult>(
      {
        status: "invalid",
        values,
        fieldErrors: problem.field ? { [problem.field]: message } : {},
        formError: problem.field ? null : message,
      },
      { status: problem.status, headers },
    );
  }
  if (data.session) throw redirect("/account", { headers });
  // Confirmation required (or, on hosted Supabase, an existing address answered without revealing it).
  return json<SignUpResult>({ status: "check_email", email }, { headers });
}

export default function SignUp() {
  const t = useT();
  const result = useActionData<typeof action>();
  const formRef = useFocusOnError(result?.status === "invalid" ? result : null);

  if (result?.status === "check_email") {
    return (
      <div className="auth-page">
        <h1>{t("sign_up.check_email.title")}</h1>
        <Alert tone="success">
          <p>{t("sign_up.check_email.body", { email: result.email })}</p>
        </Alert>
      </div>
    );
  }

  const values = result?.status === "invalid" ? result.values : {};
  const errors = result?.status === "invalid" ? result.fieldErrors : {};
  const formError = result?.status === "invalid" ? result.formError : null;
  return (
    <div className="auth-page">
      <h1>{t("sign_up.title")}</h1>
      <p className="lead">{t("sign_up.lead")}</p>
      <Form method="post" noValidate className="form" ref={formRef}>
        {formError ? <Alert tone="error">{formError}</Alert> : null}
        {!formError && Object.keys(errors).length > 0 ? <Alert tone="error">{t("form.error_summary")}</Alert> : null}
        <Field
          name="display_name"
          label={t("field.display_name")}
          hint={t("field.display_name_hint")}
          autoComplete="name"
          maxLength={DISPLAY_NAME_MAX_LENGTH}
          required
          defaultValue={values.display_name}
          error={errors.display_name}
        />
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
        <Field
          name="password"
          type="password"
          label={t("field.password")}
          hint={t("field.password_hint", { min: PASSWORD_MIN_LENGTH })}
          autoComplete="new-password"
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          required
          error={errors.password}
        />
        <ChoiceField
          name="account_type"
          legend={t("field.account_type")}
          required
          defaultValue={values.account_type}
          error={errors.account_type}
          choices={ACCOUNT_TYPES.map((type) => ({
            value: type,
            label: t(`account_type.${type}`),
            hint: t(`account_type.${type}.hint`),
          }))}
        />
        <Button pendingLabel={t("form.submitting")}>{t("sign_up.submit")}</Button>
      </Form>
      <p className="auth-page__switch">
        {t("sign_up.have_account")} <Link to="/sign-in">{t("nav.sign_in")}</Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "sign_up.title") }];

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
