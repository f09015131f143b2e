import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field, useFocusOnError } from "~/components/form";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { describeAuthError } from "~/utils/auth-errors";
import { DISPLAY_NAME_MAX_LENGTH, displayNameSchema } from "~/utils/auth-schemas";
import { fieldErrorsFrom, formValues, type FormFailure } from "~/utils/form-errors";
import { toSessionUser } from "~/utils/session-user.server";
import { requireUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";
import { dateTimeFormat } from "~/utils/intl-format";

const NOTICES = ["password_updated"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, headers } = await requireUser(request);
  const notice = new URL(request.url).searchParams.get("notice");
  return json(
    {
      user: toSessionUser(user),
      notice: NOTICES.find((known) => known === notice) ?? null,
    },
    { headers },
  );
}

type AccountActionResult = FormFailure & { saved: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const { user, supabase, headers } = await requireUser(request);
  const { t } = getServerT(request);
  const formData = await readFormOrRefuse(request, headers);
  const values = formValues(formData);
  const intent = formData.get("intent");

  if (intent === "update_display_name") {
    const parsed = displayNameSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return json<AccountActionResult>({ saved: false, values, fieldErrors: fieldErrorsFrom(parsed.error, t), formError: null }, { status: 400, headers });
    }
    // The whole metadata object is sent so the update cannot drop account_type or locale.
    const { error } = await supabase.auth.updateUser({
      data: { ...user.user_metadata, display_name: parsed.data.display_name },
    });
    if (error) {
      const problem = describeAuthError(error);
      return json<AccountActionResult>({ saved: false, values, fieldErrors: {}, formError: t(problem.message) }, { status: problem.status, headers });
    }
    return json<AccountActionResult>({ saved: true, values, fieldErrors: {}, formError: null }, { headers });
  }

  return json<AccountActionResult>({ saved: false, values, fieldErrors: {}, formError: t("auth.error.unexpected") }, { status: 400, headers });
}

export default function Account() {
  const t = useT();
  const locale = useLocale();
  const { user, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formRef = useFocusOnError(result && !result.saved ? result : null);
  const errors = result?.fieldErrors ?? {};
  const memberSince = dateTimeFormat(locale === "ko" ? "ko-KR" : "en-GB", { dateStyle: "long", timeZone: "Asia/Seoul" }).format(
    new Date(user.createdAt),
  );

  return (
    <div className="container page">
      <h1>{t("account.title")}</h1>
      {notice === "password_updated" ? <Alert tone="success">{t("account.password_updated")}</Alert> : null}

      <div className="page-grid">
        <section className="panel" aria-labelledby="profile-title">
          <h2 id="profile-title">{t("account.profile")}</h2>
          <dl className="definition-list">
            <div>
              <dt>{t("account.email")}</dt>
              <dd>{user.email}</dd>
            </div>
            <div>
              <dt>{t("account.display_name")}</dt>
              <dd>{user.displayName}</dd>
            </div>
            <div>
              <dt>{t("account.account_type")}</dt>
              <dd>{user.accountType ? t(`account_type.${user.accountType}`) : t("account_type.unknown")}</dd>
            </div>
            <div>
              <dt>{t("account.language")}</dt>
              <dd>
                {t(`language.${locale}`)}
                <span className="muted"> — {t("account.language_hint")}</span>
              </dd>
            </div>
            <div>
              <dt>{t("account.member_since")}</dt>
              <dd>{memberSince}</dd>
            </div>
          </dl>
        </section>

        <section className="panel" aria-labelledby="edit-name-title">
          <h2 id="edit-name-title">{t("account.edit_title")}</h2>
          <Form method="post" noValidate className="form" ref={formRef}>
            {result?.saved ? <Alert tone="success">{t("account.saved")}</Alert> : null}
            {result?.formError ? <Alert tone="error">{result.formError}</Alert> : null}
            <input type="hidden" name="intent" value="update_display_name" />
            <Field
              // Re-mount after a save so the field shows the stored value rather than stale input.
              key={user.displayName}
              name="display_name"
              label={t("field.display_name")}
              autoComplete="name"
              maxLength={DISPLAY_NAME_MAX_LENGTH}
              required
              defaultValue={result && !result.saved ? result.values.display_name : user.displayName}
              error={errors.display_name}
            />
            <Button pendingLabel={t("form.submitting")}>{t("account.save")}</Button>
          </Form>

          <h2 className="panel__subheading">{t("account.security")}</h2>
          <p>
            <Link to="/reset-password">{t("account.change_password")}</Link>
          </p>
        </section>
      </div>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "account.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
