import type { User } from "@supabase/supabase-js";
import { isAccountType, type AccountType } from "./auth-schemas";

/** The part of the signed-in user the browser needs; nothing from app_metadata or identities. */
export type SessionUser = {
  id: string;
  email: string;
  displayName: string;
  accountType: AccountType | null;
  createdAt: string;
};

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
