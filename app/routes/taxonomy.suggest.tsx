import { json, type LoaderFunctionArgs } from "@remix-run/node";
import * as z from "zod";
import { getServerT } from "~/i18n/i18n.server";
import { suggestTaxonomyTerms } from "~/models/taxonomy.server";
import { createSupabaseServerClient } from "~/utils/supabase.server";

/*
 * Taxonomy suggestions for search boxes (profile editor, later the needs form): GET
 * /taxonomy/suggest?kind=processes&q=5축&exclude=a,b → { suggestions: [{ code, label_en, label_ko,
 * matched, exact }] }. Matches codes, labels and synonyms in Korean and English. Public data.
 */

const querySchema = z.object({
  kind: z.enum(["processes", "materials", "certification_types"]),
  q: z.string().max(100),
  exclude: z.string().max(4000).optional(),
  limit: z.coerce.number().int().min(1).max(20).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = createSupabaseServerClient(request);
  const { t } = getServerT(request);
  const url = new URL(request.url);
  const parsed = querySchema.safeParse({
    kind: url.searchParams.get("kind") ?? undefined,
    q: url.searchParams.get("q") ?? "",
    exclude: url.searchParams.get("exclude") ?? undefined,
    limit: url.searchParams.get("limit") ?? undefined,
  });
  if (!parsed.success) return json({ suggestions: [], error: t("supplier_form.error.invalid") }, { status: 400, headers });
  const suggestions = await suggestTaxonomyTerms(supabase, {
    kind: parsed.data.kind,
    query: parsed.data.q,
    limit: parsed.data.limit ?? 8,
    exclude: parsed.data.exclude ? parsed.data.exclude.split(",").slice(0, 200) : [],
  });
  headers.set("Cache-Control", "private, max-age=60");
  return json({ suggestions, error: null }, { headers });
}
