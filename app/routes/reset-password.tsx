import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field, useFocusOnError } from "~/components/form";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useT } from "~/i18n/react";
import { describeAuthError } from "~/utils/auth-errors";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, resetPasswordSchema } from "~/utils/auth-schemas";
import { fieldErrorsFrom, type FormFailure } from "~/utils/form-errors";
import { requireUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, headers } = await requireUser(request);
  return json({ email: user.email ?? "" }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const { t } = getServerT(request);
  const parsed = resetPasswordSchema.safeParse(Object.fromEntries(await readFormOrRefuse(request, headers)));
  if (!parsed.success) {
    return json<FormFailure>({ values: {}, fieldErrors: fieldErrorsFrom(parsed.error, t), formError: null }, { status: 400, headers });
  }
  const { error } = await supabase.auth.updateUser({ password: parsed.data.password });
  if (error) {
    const problem = describeAuthError(error);
    const message = t(problem.message);
    return json<FormFailure>(
      problem.field === "password"
        ? { values: {}, fieldErrors: { password: message }, formError: null }
        : { values: {}, fieldErrors: {}, formError: message },
      { status: problem.status, headers },
    );
  }
  throw redirect("/account?notice=password_updated", { headers });
}

export default function ResetPassword() {
  const t = useT();
  const { email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formRef = useFocusOnError(result);
  const errors = result?.fieldErrors ?? {};
  return (
    <div className="auth-page">
      <h1>{t("reset.title")}</h1>
      <p className="lead">{t("reset.lead", { email })}</p>
      <Form method="post" noValidate className="form" ref={formRef}>
        {result?.formError ? <Alert tone="error">{result.formError}</Alert> : null}
        {/* Lets password managers attach the new password to the right account. */}
        <input type="hidden" name="username" autoComplete="username" value={email} />
        <Field
          name="password"
          type="password"
          label={t("field.new_password")}
          hint={t("field.password_hint", { min: PASSWORD_MIN_LENGTH })}
          autoComplete="new-password"
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          required
          error={errors.password}
        />
        <Field
          name="confirm_password"
          type="password"
          label={t("field.confirm_password")}
          autoComplete="new-password"
          required
          error={errors.confirm_password}
        />
        <Button pendingLabel={t("form.submitting")}>{t("reset.submit")}</Button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "reset.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
