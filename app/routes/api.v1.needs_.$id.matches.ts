import { requireAuthenticated } from "~/api/auth.server";
import { apiJson, apiRoute, parseQuery, uuidParam } from "~/api/handler.server";
import { rankForNeed } from "~/api/matching.server";
import { callerOrganizationIds } from "~/api/organization.server";
import { ApiProblem } from "~/api/problem.server";
import { needMatchesQuerySchema } from "~/api/schemas";
import { getNeed } from "~/models/needs.server";
import { toMatchableNeed } from "~/needs/types";

// GET /api/v1/needs/{id}/matches: ranked suppliers for one of the caller's organization's needs.
export const { loader, action } = apiRoute({
  GET: async ({ params, url, caller, locale }) => {
    requireAuthenticated(caller);
    const id = uuidParam(params, "id");
    const query = parseQuery(url, needMatchesQuerySchema);
    const need = await getNeed(caller.supabase, { id });
    if (!need) throw new ApiProblem("not_found");
    // Seeing a need (e.g. as an invited SME) is not owning it: the ranking of rivals is the owner's.
    const own = await callerOrganizationIds(caller);
    if (!own.includes(need.organization_id)) throw new ApiProblem("forbidden", { detail: "api.problem.not_need_owner" });
    const ranked = await rankForNeed({ supabase: caller.supabase, locale }, toMatchableNeed(need), query.limit ?? 20);
    return apiJson({ need_id: need.id, ...ranked });
  },
});
