import type { PostgrestError } from "@supabase/supabase-js";

/*
 * What data functions hand back instead of throwing for expected refusals, so routes can answer
 * with the right 4xx and a message in the user's language. Unexpected failures still throw.
 */

export type ModelErrorCode = "not_found" | "forbidden" | "conflict" | "invalid" | "unavailable";
export type ModelError = { code: ModelErrorCode; detail?: string };
export type Result<T> = { ok: true; value: T } | { ok: false; error: ModelError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ModelErrorCode, detail?: string): { ok: false; error: ModelError } => ({ ok: false, error: { code, detail } });

/** PostgreSQL and PostgREST error codes mapped to what the user can do about them. */
export function classifyPostgrestError(error: Pick<PostgrestError, "code" | "message">): ModelError {
  const code = error.code ?? "";
  if (code === "42501" || code === "PGRST301" || code === "PGRST302") return { code: "forbidden", detail: error.message };
  if (code === "P0002" || code === "PGRST116") return { code: "not_found", detail: error.message };
  if (code === "23505") return { code: "conflict", detail: error.message };
  if (code.startsWith("22") || code.startsWith("23") || code === "PGRST204" || code === "PGRST100") return { code: "invalid", detail: error.message };
  if (code === "" || code.startsWith("PGRST0") || code === "57P01" || code === "08006") return { code: "unavailable", detail: error.message };
  return { code: "invalid", detail: error.message };
}

export const HTTP_STATUS: Record<ModelErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  invalid: 400,
  unavailable: 503,
};
