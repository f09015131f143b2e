import { json, type LoaderFunctionArgs } from "@remix-run/node";
import * as z from "zod";
import { getServerT } from "~/i18n/i18n.server";
import { loadInterchangeRecords, MAX_EXPORT_SUPPLIERS, type ExportSelection } from "~/import/export.server";
import { EXPORT_FORMATS, serialize } from "~/import/serialize.server";
import { isUuid } from "~/models/sme.server";
import { parseSupplierSearch } from "~/search/query";
import { searchSuppliers, SearchUnavailableError } from "~/search/suppliers.server";
import { getUser } from "~/utils/supabase.server";

/*
 * Suppliers in the interchange format (CSV, XLSX, JSON Lines), the same format the import reads.
 *
 *   /export?format=csv&scope=cluster&cluster=changwon        members of a cluster
 *   /export?format=xlsx&scope=imported&organization=<uuid>   suppliers an organization imported
 *   /export?format=jsonl&scope=search&q=titanium&cert=as9100d  a search result; takes the same
 *                                                             parameters as GET /api/v1/suppliers
 *   /export?format=csv&selection=cluster:changwon             the import page's single selector
 *
 * Everything is read through the caller's own client: an export holds only what they may see.
 */

const PAGE_SIZE = 100;

const baseSchema = z.object({
  format: z.enum(["csv", "xlsx", "jsonl"]),
  scope: z.enum(["cluster", "imported", "search"]),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await getUser(request);
  const { t, locale } = getServerT(request);
  const url = new URL(request.url);
  const params = url.searchParams;
  // The import page's combined selector: selection=cluster:<slug> or imported:<organization id>.
  const selection = params.get("selection");
  if (selection) {
    const [scope, value] = selection.split(":", 2);
    params.set("scope", scope ?? "");
    if (scope === "cluster") params.set("cluster", value ?? "");
    if (scope === "imported") params.set("organization", value ?? "");
  }
  const base = baseSchema.safeParse({ format: params.get("format"), scope: params.get("scope") });
  if (!base.success) return json({ error: t("export.invalid") }, { status: 400, headers });
  const { format, scope } = base.data;

  let target: ExportSelection;
  let label: string;
  if (scope === "cluster") {
    const slug = params.get("cluster") ?? "";
    const { data: cluster, error } = await supabase.from("clusters").select("id, slug").eq("slug", slug).maybeSingle();
    if (error) return json({ error: t("supplier_form.error.unavailable") }, { status: 503, headers });
    if (!cluster) return json({ error: t("export.invalid") }, { status: 404, headers });
    target = { kind: "cluster", clusterId: cluster.id as string };
    label = `cluster-${cluster.slug}`;
  } else if (scope === "imported") {
    const organization = params.get("organization") ?? "";
    if (!isUuid(organization)) return json({ error: t("export.invalid") }, { status: 400, headers });
    target = { kind: "imported", organizationId: organization };
    label = "imported";
  } else {
    // The search module's own parameters and validation, as GET /api/v1/suppliers uses them.
    const searchParams = new URLSearchParams(params);
    for (const name of ["format", "scope", "selection", "page", "per_page"]) searchParams.delete(name);
    const parsed = parseSupplierSearch(searchParams);
    if (!parsed.success) return json({ error: t("export.invalid"), fieldErrors: parsed.fieldErrors }, { status: 400, headers });
    const ids: string[] = [];
    try {
      for (let page = 1; ids.length < MAX_EXPORT_SUPPLIERS; page++) {
        const result = await searchSuppliers({ supabase, locale }, { ...parsed.search, page, perPage: PAGE_SIZE });
        ids.push(...result.hits.map((hit) => hit.id));
        if (page >= result.totalPages || result.hits.length === 0) break;
      }
    } catch (error) {
      if (error instanceof SearchUnavailableError) return json({ error: t("supplier_form.error.unavailable") }, { status: 503, headers });
      throw error;
    }
    target = { kind: "organizations", organizationIds: ids };
    label = "search";
  }

  const records = await loadInterchangeRecords(supabase, target);
  const body = await serialize(records, format);
  const day = new Date().toISOString().slice(0, 10);
  headers.set("Content-Type", EXPORT_FORMATS[format].mime);
  headers.set("Content-Disposition", `attachment; filename="suppliers-${label}-${day}.${EXPORT_FORMATS[format].extension}"`);
  headers.set("Cache-Control", "private, no-store");
  headers.set("X-Export-Count", String(records.length));
  return new Response(body as Uint8Array<ArrayBuffer>, { headers });
}
