import { json } from "@remix-run/node";
import type { SupabaseClient, User } from "@supabase/supabase-js";
import type { MessageKey, Translate } from "~/i18n";
import { getSmeMembership, type Membership } from "~/models/sme.server";
import { HTTP_STATUS, type ModelError } from "~/models/result.server";
import type { UploadRefusal } from "~/models/sme.server";
import type { ActionResult } from "./action-result";
import type { FieldErrors } from "./field-errors";
import { requireUser } from "~/utils/supabase.server";

export function refuse(
  status: number,
  headers: Headers,
  body: { intent: string; itemId?: string | null; values?: Record<string, string | string[]>; fieldErrors?: FieldErrors; formError?: string | null },
) {
  return json<ActionResult>(
    { ok: false, intent: body.intent, itemId: body.itemId ?? null, values: body.values ?? {}, fieldErrors: body.fieldErrors ?? {}, formError: body.formError ?? null },
    { status, headers },
  );
}

export function succeed(headers: Headers, body: { intent: string; itemId?: string | null; notice?: string | null }) {
  return json<ActionResult>({ ok: true, intent: body.intent, itemId: body.itemId ?? null, notice: body.notice ?? null }, { headers });
}

const MODEL_MESSAGES: Record<ModelError["code"], MessageKey> = {
  not_found: "supplier_form.error.not_found",
  forbidden: "supplier_form.error.forbidden",
  conflict: "supplier_form.error.conflict",
  invalid: "supplier_form.error.invalid",
  unavailable: "supplier_form.error.unavailable",
};

export function modelFailure(t: Translate, error: ModelError) {
  return { status: HTTP_STATUS[error.code], message: t(MODEL_MESSAGES[error.code]) };
}

const UPLOAD_MESSAGES: Record<UploadRefusal, MessageKey> = {
  empty: "supplier_form.upload.empty",
  too_large: "supplier_form.upload.too_large",
  type_not_allowed: "supplier_form.upload.type",
};

export function uploadRefusalMessage(t: Translate, refusal: UploadRefusal, maxMegabytes: number) {
  return t(UPLOAD_MESSAGES[refusal], { megabytes: maxMegabytes });
}

/** Form values for re-display: strings, and arrays for repeated fields. */
export function echo(formData: FormData, arrays: readonly string[] = []): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of formData) {
    if (typeof value !== "string") continue;
    if (arrays.includes(name)) values[name] = [...((values[name] as string[] | undefined) ?? []), value];
    else values[name] = value;
  }
  return values;
}

export type SmeEditorContext = { user: User; supabase: SupabaseClient; headers: Headers; membership: Membership & { canEdit: boolean } };

/** The signed-in user's SME, for editor actions: only its owners and admins may change it. */
export async function requireSmeEditor(request: Request): Promise<SmeEditorContext> {
  const { user, supabase, headers } = await requireUser(request);
  const membership = await getSmeMembership(supabase, { userId: user.id });
  if (!membership) throw json({ reason: "not_sme" }, { status: 403, headers });
  if (!membership.canEdit) throw json({ reason: "read_only" }, { status: 403, headers });
  return { user, supabase, headers, membership };
}

