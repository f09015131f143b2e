import type { User } from "@supabase/supabase-js";
import { isAccountType } from "./auth-schemas";
import type { SessionUser } from "./session-user";

export function toSessionUser(user: User): SessionUser {
  const metadata = user.user_metadata ?? {};
  const email = user.email ?? "";
  const displayName = typeof metadata.display_name === "string" && metadata.display_name.trim() !== "" ? metadata.display_name : email;
  return {
    id: user.id,
    email,
    displayName,
    accountType: isAccountType(metadata.account_type) ? metadata.account_type : null,
    createdAt: user.created_at,
  };
}
