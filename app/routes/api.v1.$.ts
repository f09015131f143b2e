import { apiRoute } from "~/api/handler.server";
import { ApiProblem } from "~/api/problem.server";

// Any other path under /api/v1, whatever the method: a problem+json 404, not the site's HTML page.
export const { loader, action } = apiRoute(
  {},
  {
    anyMethod: async () => {
      throw new ApiProblem("not_found");
    },
  }
);
