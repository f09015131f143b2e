import { apiJson, apiRoute } from "~/api/handler.server";
import { buildOpenApiDocument } from "~/api/openapi.server";
import { getEnv } from "~/env.server";

// GET /api/v1/openapi.json: the OpenAPI 3.1 description of API v1.
export const { loader, action } = apiRoute({
  GET: async () => apiJson(buildOpenApiDocument(getEnv().SITE_URL), { headers: { "Cache-Control": "public, max-age=300" } }),
});
