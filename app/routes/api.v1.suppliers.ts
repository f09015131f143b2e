import { apiJson, apiRoute } from "~/api/handler.server";
import { ApiProblem, fieldError, fieldErrorsFromKeys } from "~/api/problem.server";
import { splitHighlights } from "~/search/highlight";
import { parseSupplierSearch, serializeSupplierSearch, type SupplierHit, type SupplierSearchResult } from "~/search/query";
import { SearchFieldError, searchSuppliers, SearchUnavailableError } from "~/search/suppliers.server";

/*
 * GET /api/v1/suppliers — supplier search as JSON. The query parameters are the search page's
 * (app/search/query.ts): q, process, material, cert, cluster, region, size (repeat a parameter or
 * separate values with commas), designated, verified, expired (1/0), place (city:<id> or
 * cluster:<slug>) or lat+lng, radius_km, bbox=south,west,north,east, sort
 * (relevance|distance|completeness), page, per_page (≤ 100).
 * Runs in the public API's frame (app/api/handler.server.ts): API keys, session or anonymous,
 * rate limits, and RFC 9457 problem details for every error; documented in /api/v1/openapi.json.
 */

function hitJson(hit: SupplierHit) {
  return {
    id: hit.id,
    slug: hit.slug,
    name_en: hit.name.en,
    name_ko: hit.name.ko,
    is_fictional: hit.isFictional,
    verified: hit.verified,
    defense_designated: hit.designated,
    security_assessment_passed: hit.securityAssessed,
    employees: hit.employees,
    size_band: hit.sizeBand,
    completeness: hit.completeness,
    region: hit.region,
    cluster: hit.cluster ? { slug: hit.cluster.slug, name_en: hit.cluster.name.en, name_ko: hit.cluster.name.ko } : null,
    processes: hit.processes.map((process) => ({ code: process.code, label_en: process.label.en, label_ko: process.label.ko })),
    certifications: hit.certifications.map((certification) => ({
      code: certification.code,
      label_en: certification.label.en,
      label_ko: certification.label.ko,
      verified: certification.verified,
      expired: certification.expired,
      expires_on: certification.expiresOn,
    })),
    location: hit.geo,
    distance_km: hit.distanceKm,
    // Segments rather than markup: clients render highlights without parsing HTML.
    snippet: hit.snippet ? { lang: hit.snippet.lang, segments: splitHighlights(hit.snippet.text) } : null,
  };
}

function resultJson(result: SupplierSearchResult, canonicalQuery: string) {
  return {
    mode: result.mode,
    query: canonicalQuery,
    total: result.total,
    page: result.page,
    per_page: result.perPage,
    total_pages: result.totalPages,
    results: result.hits.map(hitJson),
    facets: {
      process: result.facets.process,
      material: result.facets.material,
      cert: result.facets.cert,
      cluster: result.facets.cluster,
      region: result.facets.region,
      size: result.facets.size,
      designated: result.facets.designated,
      verified: result.facets.verified,
    },
  };
}

export const { loader, action } = apiRoute({
  GET: async ({ url, caller, locale }) => {
    const parsed = parseSupplierSearch(url.searchParams);
    if (!parsed.success) {
      throw new ApiProblem("validation_failed", { detail: "search.api.invalid_detail", errors: fieldErrorsFromKeys(parsed.fieldErrors) });
    }
    try {
      const result = await searchSuppliers({ supabase: caller.supabase, locale }, parsed.search);
      return apiJson(resultJson(result, serializeSupplierSearch(parsed.search).toString()), {
        headers: { "Cache-Control": "private, no-cache", "X-Search-Mode": result.mode },
      });
    } catch (error) {
      if (error instanceof SearchFieldError) {
        throw new ApiProblem("validation_failed", { detail: "search.api.invalid_detail", errors: [fieldError(error.field, error.messageKey)] });
      }
      if (!(error instanceof SearchUnavailableError)) console.error("[api/v1/suppliers] unexpected error", error);
      throw new ApiProblem("service_unavailable", { detail: "search.api.unavailable_detail", headers: { "Retry-After": "30" } });
    }
  },
});
