import type { AccountType } from "./auth-schemas";

/**
 * The part of the signed-in user the browser needs; nothing from app_metadata or identities.
 * Built by toSessionUser in session-user.server.ts, which stays out of the browser bundle: it needs
 * auth-schemas, whose zod schemas would otherwise put all of zod into every page's root chunk.
 */
export type SessionUser = {
  id: string;
  email: string;
  displayName: string;
  accountType: AccountType | null;
  createdAt: string;
};
