import { apiJson, apiRoute, uuidParam } from "~/api/handler.server";
import { ApiProblem } from "~/api/problem.server";
import { supplierRepresentation } from "~/api/representations.server";
import { getEnv } from "~/env.server";
import { getSupplierProfile } from "~/models/sme.server";

// GET /api/v1/suppliers/{id}: one supplier profile, as row-level security lets the caller see it.
export const { loader, action } = apiRoute({
  GET: async ({ params, caller }) => {
    const id = uuidParam(params, "id");
    let supplier;
    try {
      supplier = await getSupplierProfile(caller.supabase, { organizationId: id });
    } catch {
      throw new ApiProblem("service_unavailable");
    }
    if (!supplier) throw new ApiProblem("not_found");
    return apiJson(supplierRepresentation(supplier, getEnv().SITE_URL));
  },
});
