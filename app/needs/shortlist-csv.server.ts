/**
 * The shortlist export: one row per shortlisted SME with its score, reasons and gaps for this
 * need, the contractor's note, whether it was invited and where its EOI stands. UTF-8 with a BOM
 * so spreadsheet programs read Korean names correctly; cells that a spreadsheet would run as a
 * formula are defused.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import Papa from "papaparse";
import { createTranslator, type Locale } from "~/i18n";
import { scoreSuppliersForNeed } from "~/matching/candidates.server";
import { listEoisForNeed } from "~/models/eois.server";
import { getNeed, listInvitations, listShortlist } from "~/models/needs.server";
import { toMatchableNeed } from "./types";

/** A cell starting with =, +, -, @, tab or carriage return is read as a formula by spreadsheets. */
export function defuseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export async function buildShortlistCsv(
  supabase: SupabaseClient,
  args: { needId: string; locale: Locale; siteUrl: string },
): Promise<{ needId: string; body: string } | null> {
  const need = await getNeed(supabase, { id: args.needId });
  if (!need) return null;
  // Only the need's organization can read the shortlist (RLS); anyone else gets "not found".
  const { count, error } = await supabase.from("memberships").select("id", { count: "exact", head: true }).eq("organization_id", need.organization_id);
  if (error || !count) return null;
  const t = createTranslator(args.locale);
  const [shortlist, invitations, eois] = await Promise.all([
    listShortlist(supabase, { needId: need.id }),
    listInvitations(supabase, { needId: need.id }),
    listEoisForNeed(supabase, { needId: need.id }),
  ]);
  const scores = new Map(
    (await scoreSuppliersForNeed(supabase, { need: toMatchableNeed(need), supplierIds: shortlist.map((entry) => entry.sme_organization_id), locale: args.locale })).map(
      (result) => [result.supplier_id, result],
    ),
  );
  const invited = new Set(invitations.map((invitation) => invitation.sme_organization_id));
  const eoiBySme = new Map(eois.map((eoi) => [eoi.sme_organization_id, eoi]));
  const rows = shortlist.map((entry) => {
    const score = scores.get(entry.sme_organization_id);
    const eoi = eoiBySme.get(entry.sme_organization_id);
    return [
      entry.sme?.name_en ?? "",
      entry.sme?.name_ko ?? "",
      score?.external_id ?? "",
      score ? String(score.score) : "",
      score ? t(score.meets_required ? "needs.csv.yes" : "needs.csv.no") : "",
      score?.distance_km !== null && score?.distance_km !== undefined ? String(score.distance_km) : "",
      score?.reasons.join("; ") ?? "",
      score?.gaps.join("; ") ?? "",
      entry.note ?? "",
      t(invited.has(entry.sme_organization_id) ? "needs.csv.yes" : "needs.csv.no"),
      eoi ? t(`eois.status.${eoi.status}`) : "",
      new URL(`/suppliers/${entry.sme_organization_id}`, args.siteUrl).toString(),
    ].map(defuseCell);
  });
  const header = [
    "needs.csv.supplier",
    "needs.csv.supplier_ko",
    "needs.csv.external_id",
    "needs.csv.score",
    "needs.csv.meets_required",
    "needs.csv.distance",
    "needs.csv.reasons",
    "needs.csv.gaps",
    "needs.csv.note",
    "needs.csv.invited",
    "needs.csv.eoi_status",
    "needs.csv.profile_url",
  ] as const;
  const body = `\uFEFF${Papa.unparse({ fields: header.map((key) => t(key)), data: rows }, { newline: "\r\n" })}\r\n`;
  return { needId: need.id, body };
}
