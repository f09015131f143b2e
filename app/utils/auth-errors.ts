import { isAuthError, isAuthRetryableFetchError } from "@supabase/supabase-js";
import type { MessageKey } from "../i18n";

export type AuthProblem = {
  /** The form field the message belongs next to; absent for form-level messages. */
  field?: "email" | "password";
  message: MessageKey;
  status: number;
};

/**
 * Turns a Supabase Auth error into something a form can show. Matches on the stable `code`
 * (GoTrue error codes), never on the English message text.
 */
export function describeAuthError(error: unknown): AuthProblem {
  if (!isAuthError(error)) return { message: "auth.error.unexpected", status: 502 };
  switch (error.code) {
    case "user_already_exists":
    case "email_exists":
      return { field: "email", message: "auth.error.user_already_exists", status: 400 };
    case "email_address_invalid":
      return { field: "email", message: "validation.email_invalid", status: 400 };
    case "invalid_credentials":
      return { message: "auth.error.invalid_credentials", status: 400 };
    case "email_not_confirmed":
      return { message: "auth.error.email_not_confirmed", status: 400 };
    case "weak_password":
      return { field: "password", message: "auth.error.weak_password", status: 400 };
    case "same_password":
      return { field: "password", message: "auth.error.same_password", status: 400 };
    case "over_request_rate_limit":
    case "over_email_send_rate_limit":
      return { message: "auth.error.rate_limited", status: 429 };
  }
  // Network failures and 502/503/504 from the Auth server: worth retrying in a moment.
  if (isAuthRetryableFetchError(error) || !error.status) {
    return { message: "auth.error.service_unavailable", status: 503 };
  }
  if (error.status >= 500) return { message: "auth.error.unexpected", status: 502 };
  if (error.status === 429) return { message: "auth.error.rate_limited", status: 429 };
  return { message: "auth.error.unexpected", status: 400 };
}
