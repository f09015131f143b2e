import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { EmailOtpType } from "@supabase/supabase-js";
import { Link } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert } from "~/components/form";
import { pageTitle, useT } from "~/i18n/react";
import { safeRedirectPath } from "~/utils/auth-schemas";
import { createSupabaseServerClient } from "~/utils/supabase.server";

/*
 * Landing page of the links in our e-mails: /auth/callback?token_hash=…&type=…&next=/path.
 * We verify the one-time token server-side (no PKCE code exchange, no tokens in the URL fragment),
 * which sets the session cookies. On a hosted Supabase project the e-mail templates must link
 * here, e.g. {{ .SiteURL }}/auth/callback?token_hash={{ .TokenHash }}&type=recovery&next=/reset-password
 */

const EMAIL_OTP_TYPES = ["signup", "invite", "magiclink", "recovery", "email_change", "email"] as const;

function isEmailOtpType(value: string | null): value is EmailOtpType {
  return (EMAIL_OTP_TYPES as readonly (string | null)[]).includes(value);
}

function defaultDestination(type: EmailOtpType) {
  return type === "recovery" ? "/reset-password" : "/account";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const tokenHash = params.get("token_hash");
  const type = params.get("type");
  const { supabase, headers } = createSupabaseServerClient(request);
  if (tokenHash && isEmailOtpType(type)) {
    const { error } = await supabase.auth.verifyOtp({ token_hash: tokenHash, type });
    if (!error) throw redirect(safeRedirectPath(params.get("next"), defaultDestination(type)), { headers });
  }
  return json({ invalid: true }, { status: 400, headers });
}

export default function AuthCallback() {
  const t = useT();
  return (
    <div className="auth-page">
      <h1>{t("callback.error.title")}</h1>
      <Alert tone="error">
        <p>{t("callback.error.body")}</p>
      </Alert>
      <p>
        <Link className="button button--primary" to="/forgot-password">
          {t("callback.error.retry")}
        </Link>
      </p>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "callback.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
