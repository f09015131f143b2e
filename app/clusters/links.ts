/** Where pages link to; a plain module so components on both server and browser can use it. */

/** A member SME's public profile. */
export function supplierHref(organizationId: string): string {
  return `/suppliers/${organizationId}`;
}

export function needHref(needId: string): string {
  return `/needs/${needId}`;
}
