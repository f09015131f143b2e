import type { SupabaseClient, User } from "@supabase/supabase-js";
import type { Locale, Translate } from "~/i18n";
import { getServerT } from "~/i18n/i18n.server";
import { isAdmin, listMyMemberships, orThrow, type Membership } from "~/models/offsets.server";
import { requireUser } from "~/utils/supabase.server";
import { seoulDate } from "./ledger";

export type OffsetsContext = {
  user: User;
  supabase: SupabaseClient;
  headers: Headers;
  t: Translate;
  locale: Locale;
  /** Contractor organizations the user belongs to. */
  contractors: Membership[];
  /** Government reviewer organizations the user belongs to. */
  reviewers: Membership[];
  today: string;
};

/** Who is asking, in which organizations: the start of every offsets loader and action. */
export async function offsetsContext(request: Request): Promise<OffsetsContext> {
  const { user, supabase, headers } = await requireUser(request);
  const { t, locale } = getServerT(request);
  const memberships = orThrow(await listMyMemberships(supabase, { userId: user.id }));
  return {
    user,
    supabase,
    headers,
    t,
    locale,
    contractors: memberships.filter((org) => org.kind === "contractor"),
    reviewers: memberships.filter((org) => org.kind === "government_reviewer"),
    today: seoulDate(new Date()),
  };
}

export function adminOf(memberships: readonly Membership[], organizationId: string | null | undefined) {
  return memberships.some((org) => org.id === organizationId && isAdmin(org));
}

export function memberOf(memberships: readonly Membership[], organizationId: string | null | undefined) {
  return memberships.some((org) => org.id === organizationId);
}
