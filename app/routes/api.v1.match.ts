import { requireAuthenticated } from "~/api/auth.server";
import { apiJson, apiRoute, readJsonBody } from "~/api/handler.server";
import { rankForNeed } from "~/api/matching.server";
import { ApiProblem } from "~/api/problem.server";
import { matchRequestSchema } from "~/api/schemas";
import { resolveTerms } from "~/api/terms.server";

// POST /api/v1/match: ranks suppliers for a need described in the body, without saving it.
export const { loader, action } = apiRoute({
  POST: async ({ request, caller, locale }) => {
    requireAuthenticated(caller);
    const body = await readJsonBody(request, matchRequestSchema);
    const terms = await resolveTerms(caller.supabase, [
      { field: "processes", kind: "processes", terms: body.processes },
      { field: "materials", kind: "materials", terms: body.materials },
      { field: "required_certifications", kind: "certification_types", terms: body.required_certifications },
      { field: "preferred_certifications", kind: "certification_types", terms: body.preferred_certifications },
    ]);
    if (!terms.ok) throw new ApiProblem("unprocessable", { detail: "api.problem.unknown_terms", errors: terms.errors });
    const { codes } = terms;
    const ranked = await rankForNeed(
      { supabase: caller.supabase, locale },
      {
        kind: body.kind,
        title: body.title ?? null,
        description: body.description,
        // The body names what the work needs; a supplier lacking it is ranked down, with the gap shown.
        required_process_codes: codes.processes,
        preferred_process_codes: [],
        required_material_codes: codes.materials,
        preferred_material_codes: [],
        required_certification_codes: codes.required_certifications,
        preferred_certification_codes: codes.preferred_certifications.filter((code) => !codes.required_certifications.includes(code)),
        location: body.location ?? null,
        radius_km: body.radius_km ?? null,
      },
      body.limit
    );
    return apiJson({ ...ranked, terms: codes });
  },
});
