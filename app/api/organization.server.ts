import * as z from "zod";
import type { MessageKey } from "~/i18n";
import { isAdminRole, listMemberships } from "~/models/sme.server";
import type { ApiKeyCaller, OrganizationKind, SessionCaller } from "./auth.server";
import { ApiProblem, fieldError } from "./problem.server";

/*
 * The organization a write acts for. An API key acts for its own organization. A signed-in user
 * acts for an organization they administer, of a kind that may do the operation; when several
 * qualify they name one with ?organization_id=.
 */

export type ActingOrganization = { id: string; kind: OrganizationKind };

const organizationIdSchema = z.guid();

export async function actingOrganization(
  caller: ApiKeyCaller | SessionCaller,
  options: { kinds: readonly OrganizationKind[]; requested: string | null; forbidden: MessageKey }
): Promise<ActingOrganization> {
  if (caller.kind === "api_key") {
    if (options.requested !== null && options.requested.toLowerCase() !== caller.organizationId) {
      throw new ApiProblem("forbidden", { detail: "api.problem.other_organization" });
    }
    if (!options.kinds.includes(caller.organizationKind)) throw new ApiProblem("forbidden", { detail: options.forbidden });
    return { id: caller.organizationId, kind: caller.organizationKind };
  }
  if (options.requested !== null && !organizationIdSchema.safeParse(options.requested).success) {
    throw new ApiProblem("validation_failed", { errors: [fieldError("organization_id", "api.error.uuid")] });
  }
  const memberships = await listMemberships(caller.supabase, { userId: caller.userId });
  const eligible = memberships.filter((membership) => isAdminRole(membership.role) && options.kinds.includes(membership.kind));
  const chosen = options.requested
    ? eligible.find((membership) => membership.organization_id === options.requested!.toLowerCase())
    : eligible.length === 1
    ? eligible[0]
    : undefined;
  if (!chosen) {
    if (!options.requested && eligible.length > 1) {
      throw new ApiProblem("validation_failed", { errors: [fieldError("organization_id", "api.error.organization_required")] });
    }
    throw new ApiProblem("forbidden", { detail: options.forbidden });
  }
  return { id: chosen.organization_id, kind: chosen.kind };
}

/** Organizations the caller belongs to (any role), for "my needs". */
export async function callerOrganizationIds(caller: ApiKeyCaller | SessionCaller): Promise<string[]> {
  if (caller.kind === "api_key") return [caller.organizationId];
  const memberships = await listMemberships(caller.supabase, { userId: caller.userId });
  return memberships.map((membership) => membership.organization_id);
}
