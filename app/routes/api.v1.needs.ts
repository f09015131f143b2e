import { requireAuthenticated } from "~/api/auth.server";
import { apiJson, apiRoute, parseQuery, readJsonBody } from "~/api/handler.server";
import { needRepresentation, needSummaryRepresentation, problemFromWorkflow } from "~/api/needs.server";
import { actingOrganization, callerOrganizationIds } from "~/api/organization.server";
import { ApiProblem, fieldError, fieldErrorsFromZod, parseWithInput, validationProblem } from "~/api/problem.server";
import { needCreateSchema, needsListQuerySchema } from "~/api/schemas";
import { resolveTerms } from "~/api/terms.server";
import { getEnv } from "~/env.server";
import { createNeed, getNeed, listNeeds } from "~/models/needs.server";
import { loadTaxonomies } from "~/models/taxonomy.server";
import { needInputSchema } from "~/needs/schema";

// GET /api/v1/needs: needs the caller may see. POST /api/v1/needs: post one for a contractor.
export const { loader, action } = apiRoute({
  GET: async ({ url, caller }) => {
    const query = parseQuery(url, needsListQuerySchema, ["kind", "status", "process"]);
    let organizationId = query.organization_id;
    if (query.mine) {
      if (caller.kind === "anonymous") throw new ApiProblem("unauthorized");
      const own = await callerOrganizationIds(caller);
      if (organizationId !== undefined && !own.includes(organizationId)) {
        throw validationProblem([fieldError("organization_id", "api.error.not_your_organization")]);
      }
      organizationId ??= own.length === 1 ? own[0] : undefined;
      if (organizationId === undefined) throw validationProblem([fieldError("mine", "api.error.organization_required")]);
    }
    const [list, taxonomies] = await Promise.all([
      listNeeds(caller.supabase, {
        q: query.q,
        kinds: query.kind,
        statuses: query.status,
        processCodes: query.process,
        offsetEligible: query.offset_eligible,
        organizationId,
        page: query.page,
        pageSize: query.per_page,
      }),
      loadTaxonomies(caller.supabase),
    ]);
    const siteUrl = getEnv().SITE_URL;
    return apiJson({
      needs: list.needs.map((need) => needSummaryRepresentation(need, taxonomies, siteUrl)),
      total: list.total,
      page: list.page,
      per_page: list.pageSize,
    });
  },

  POST: async ({ request, url, caller }) => {
    requireAuthenticated(caller);
    const organization = await actingOrganization(caller, {
      kinds: ["contractor"],
      requested: url.searchParams.get("organization_id"),
      forbidden: "api.problem.contractors_only",
    });
    const body = await readJsonBody(request, needCreateSchema);
    const terms = await resolveTerms(caller.supabase, [
      { field: "required_processes", kind: "processes", terms: body.required_processes },
      { field: "preferred_processes", kind: "processes", terms: body.preferred_processes },
      { field: "required_materials", kind: "materials", terms: body.required_materials },
      { field: "preferred_materials", kind: "materials", terms: body.preferred_materials },
      { field: "required_certifications", kind: "certification_types", terms: body.required_certifications },
      { field: "preferred_certifications", kind: "certification_types", terms: body.preferred_certifications },
    ]);
    if (!terms.ok) throw new ApiProblem("unprocessable", { detail: "api.problem.unknown_terms", errors: terms.errors });
    const { codes } = terms;
    const input = parseWithInput(needInputSchema, {
      kind: body.kind,
      title_en: body.title_en ?? null,
      title_ko: body.title_ko ?? null,
      description_en: body.description_en ?? null,
      description_ko: body.description_ko ?? null,
      program: body.program ?? null,
      platform: body.platform ?? null,
      required_process_codes: codes.required_processes,
      preferred_process_codes: codes.preferred_processes.filter((code) => !codes.required_processes.includes(code)),
      required_material_codes: codes.required_materials,
      preferred_material_codes: codes.preferred_materials.filter((code) => !codes.required_materials.includes(code)),
      required_certification_codes: codes.required_certifications,
      preferred_certification_codes: codes.preferred_certifications.filter((code) => !codes.required_certifications.includes(code)),
      location_name: body.location?.name ?? null,
      location_lat: body.location?.lat ?? null,
      location_lng: body.location?.lng ?? null,
      radius_km: body.radius_km ?? null,
      quantity: body.quantity ?? null,
      quantity_unit: body.quantity_unit ?? null,
      capacity_note: body.capacity_note ?? null,
      timeline_start: body.timeline_start ?? null,
      timeline_end: body.timeline_end ?? null,
      response_deadline: body.response_deadline ?? null,
      estimated_value: body.estimated_value ?? null,
      currency: body.currency,
      offset_eligible: body.offset_eligible,
      visibility: body.visibility,
      export_controlled: body.export_controlled,
    });
    if (!input.success) throw validationProblem(fieldErrorsFromZod(input.error));
    const created = await createNeed(caller.supabase, { organizationId: organization.id, input: input.data, status: body.status });
    if (!created.ok) throw problemFromWorkflow(created.error);
    const [need, taxonomies] = await Promise.all([getNeed(caller.supabase, { id: created.id }), loadTaxonomies(caller.supabase)]);
    if (!need) throw new ApiProblem("internal_error");
    const representation = needRepresentation(need, taxonomies, getEnv().SITE_URL);
    return apiJson(representation, { status: 201, headers: { Location: representation.url } });
  },
});
