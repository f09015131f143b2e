import { AuthApiError, AuthRetryableFetchError, AuthWeakPasswordError } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { describeAuthError } from "./auth-errors";

describe("describeAuthError", () => {
  it("puts a duplicate e-mail on the e-mail field", () => {
    expect(describeAuthError(new AuthApiError("User already registered", 422, "user_already_exists"))).toEqual({
      field: "email",
      message: "auth.error.user_already_exists",
      status: 400,
    });
  });

  it("reports wrong credentials at form level with 400", () => {
    expect(describeAuthError(new AuthApiError("Invalid login credentials", 400, "invalid_credentials"))).toEqual({
      message: "auth.error.invalid_credentials",
      status: 400,
    });
  });

  it("puts a weak password on the password field", () => {
    expect(describeAuthError(new AuthWeakPasswordError("weak", 422, ["length"]))).toMatchObject({ field: "password" });
  });

  it("distinguishes an unreachable Auth server from one that failed", () => {
    expect(describeAuthError(new AuthRetryableFetchError("fetch failed", 0))).toEqual({
      message: "auth.error.service_unavailable",
      status: 503,
    });
    expect(describeAuthError(new AuthApiError("Database error saving new user", 500, "unexpected_failure"))).toEqual({
      message: "auth.error.unexpected",
      status: 502,
    });
  });

  it("maps rate limits to 429", () => {
    expect(describeAuthError(new AuthApiError("slow down", 429, "over_request_rate_limit")).status).toBe(429);
  });

  it("never passes through unknown errors", () => {
    expect(describeAuthError(new Error("boom"))).toEqual({ message: "auth.error.unexpected", status: 502 });
    expect(describeAuthError(new AuthApiError("odd", 400, "something_new"))).toEqual({ message: "auth.error.unexpected", status: 400 });
  });
});
