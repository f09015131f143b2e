/**
 * The server half of the need form (/needs/new, /needs/$id/edit): reads the multipart post,
 * validates every field and file before anything is written, then writes the need, its files
 * and its status so that a failure at any step leaves nothing behind.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { Locale, Translate } from "~/i18n";
import { loadTaxonomy } from "~/matching/taxonomy.server";
import type { TermLabels } from "~/matching/types";
import { checkUploads, removeObjects, uploadAll, type CheckedUpload } from "~/models/attachments.server";
import { createNeed, setNeedAttachments, transitionNeed, updateNeed } from "~/models/needs.server";
import { deliverMailSoon } from "~/notifications/mailer.server";
import { todayInKorea } from "~/suppliers/expiry";
import { formValues } from "~/utils/form-errors";
import { placeWorkflowError, translateIssues } from "./form-errors";
import { MalformedFormError, readMultipartForm } from "./multipart.server";
import { placeForLocation } from "./places";
import { MAX_ATTACHMENTS, parseNeedForm, TERM_FIELDS } from "./schema";
import type { NeedRecord } from "./types";

export type NeedFormFailure = {
  status: 400 | 403 | 404 | 409 | 413 | 422;
  values: Record<string, string>;
  fieldErrors: Record<string, string>;
  formError: string | null;
  removing: string[];
};

export type NeedFormOutcome = { ok: true; id: string; published: boolean } | ({ ok: false } & NeedFormFailure);

function termText(codes: readonly string[], labels: ReadonlyMap<string, { label_en: string; label_ko: string }>, locale: Locale) {
  return codes.map((code) => {
    const label = labels.get(code);
    return label ? (locale === "ko" ? label.label_ko : label.label_en) : code;
  }).join(", ");
}

/** The form's fields for an existing need, terms written out in the reader's language. */
export function needFormDefaults(need: NeedRecord, labels: TermLabels, locale: Locale): Record<string, string> {
  const place = placeForLocation(need.location_lat === null ? null : Number(need.location_lat), need.location_lng === null ? null : Number(need.location_lng));
  const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));
  const values: Record<string, string> = {
    kind: need.kind,
    title_en: text(need.title_en),
    title_ko: text(need.title_ko),
    description_en: text(need.description_en),
    description_ko: text(need.description_ko),
    program: text(need.program),
    platform: text(need.platform),
    place: place ? place.key : need.location_lat !== null ? "custom" : "",
    location_name: text(need.location_name),
    location_lat: place ? "" : text(need.location_lat),
    location_lng: place ? "" : text(need.location_lng),
    radius_km: text(need.radius_km === null ? null : Number(need.radius_km)),
    quantity: text(need.quantity),
    quantity_unit: text(need.quantity_unit),
    capacity_note: text(need.capacity_note),
    timeline_start: text(need.timeline_start),
    timeline_end: text(need.timeline_end),
    response_deadline: text(need.response_deadline),
    estimated_value: text(need.estimated_value === null ? null : Number(need.estimated_value)),
    currency: need.currency,
    offset_eligible: need.offset_eligible ? "on" : "",
    visibility: need.visibility,
    export_controlled: need.export_controlled ? "on" : "",
  };
  for (const [column, { field, taxonomy }] of Object.entries(TERM_FIELDS)) {
    values[field] = termText(need[column as keyof typeof TERM_FIELDS], labels[taxonomy], locale);
  }
  return values;
}

export async function submitNeedForm(args: {
  request: Request;
  supabase: SupabaseClient;
  t: Translate;
  organizationId: string;
  existing: NeedRecord | null;
}): Promise<NeedFormOutcome> {
  const { supabase, t, existing } = args;
  let received;
  try {
    received = await readMultipartForm(args.request, { maxFiles: MAX_ATTACHMENTS });
  } catch (error) {
    if (error instanceof MalformedFormError) {
      return { ok: false, status: 400, values: {}, fieldErrors: {}, formError: t("needs.validation.invalid"), removing: [] };
    }
    throw error;
  }
  const { formData, files, tooManyFiles } = received;
  const values = formValues(formData, ["attachments", "remove_attachment"]);
  const intent = formData.get("intent");
  const publish = intent === "publish";
  const removing = formData.getAll("remove_attachment").filter((value): value is string => typeof value === "string");
  const fail = (status: NeedFormFailure["status"], fieldErrors: Record<string, string>, formError: string | null = null): NeedFormOutcome => ({
    ok: false,
    status,
    values,
    fieldErrors,
    formError: formError ?? (Object.keys(fieldErrors).length > 0 ? t("needs.validation.invalid") : null),
    removing,
  });

  const taxonomy = await loadTaxonomy(supabase);
  const parsed = parseNeedForm(formData, taxonomy);
  const fieldErrors = parsed.ok ? {} : translateIssues(parsed.issues, t);

  const attachmentFiles = files.filter((file) => file.field === "attachments");
  const kept = (existing?.attachment_paths ?? []).filter((path) => !removing.includes(path));
  let uploads: CheckedUpload[] = [];
  if (tooManyFiles || kept.length + attachmentFiles.length > MAX_ATTACHMENTS) {
    fieldErrors.attachments = t("needs.validation.too_many_files");
  } else {
    const checked = checkUploads(attachmentFiles);
    if (!checked.ok) fieldErrors.attachments = t(checked.issue.key, checked.issue.params);
    else uploads = checked.uploads;
  }
  if (parsed.ok && publish && parsed.input.response_deadline && parsed.input.response_deadline < todayInKorea()) {
    fieldErrors.response_deadline = t("needs.error.deadline_past");
  }
  if (!parsed.ok || Object.keys(fieldErrors).length > 0) {
    const tooBig = attachmentFiles.some((file) => file.tooLarge);
    return fail(tooBig ? 413 : 422, fieldErrors);
  }
  const input = parsed.input;

  if (!existing) {
    const created = await createNeed(supabase, { organizationId: args.organizationId, input, status: "draft" });
    if (!created.ok) {
      const placed = placeWorkflowError(created.error, t);
      return fail(created.error.status, placed.fieldErrors, placed.formError);
    }
    const undo = async (paths: string[]) => {
      await removeObjects(supabase, "need-attachments", paths);
      await supabase.from("needs").delete().eq("id", created.id);
    };
    let paths: string[] = [];
    if (uploads.length > 0) {
      const stored = await uploadAll(supabase, "need-attachments", `${args.organizationId}/${created.id}`, uploads);
      if (!stored.ok) {
        await undo([]);
        return fail(422, { attachments: t("needs.error.upload_failed") });
      }
      paths = stored.paths;
      const saved = await setNeedAttachments(supabase, { id: created.id, paths });
      if (!saved.ok) {
        await undo(paths);
        return fail(saved.error.status, {}, t(saved.error.messageKey));
      }
    }
    if (publish) {
      const opened = await transitionNeed(supabase, { id: created.id, to: "open" });
      if (!opened.ok) {
        await undo(paths);
        const placed = placeWorkflowError(opened.error, t);
        return fail(opened.error.status, placed.fieldErrors, placed.formError);
      }
      deliverMailSoon();
    }
    return { ok: true, id: created.id, published: publish };
  }

  // Editing: only paths the need really has can be removed.
  const removable = removing.filter((path) => existing.attachment_paths.includes(path));
  let added: string[] = [];
  if (uploads.length > 0) {
    const stored = await uploadAll(supabase, "need-attachments", `${existing.organization_id}/${existing.id}`, uploads);
    if (!stored.ok) return fail(422, { attachments: t("needs.error.upload_failed") });
    added = stored.paths;
  }
  const updated = await updateNeed(supabase, {
    id: existing.id,
    input,
    attachmentPaths: [...existing.attachment_paths.filter((path) => !removable.includes(path)), ...added],
  });
  if (!updated.ok) {
    await removeObjects(supabase, "need-attachments", added);
    const placed = placeWorkflowError(updated.error, t);
    return fail(updated.error.status, placed.fieldErrors, placed.formError);
  }
  await removeObjects(supabase, "need-attachments", removable);
  let published = false;
  if (publish && existing.status === "draft") {
    const opened = await transitionNeed(supabase, { id: existing.id, to: "open" });
    if (!opened.ok) {
      const placed = placeWorkflowError(opened.error, t);
      return fail(opened.error.status, placed.fieldErrors, placed.formError);
    }
    published = true;
    deliverMailSoon();
  }
  return { ok: true, id: existing.id, published };
}
