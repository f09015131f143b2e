/**
 * Where the search jobs find PostgreSQL and Meilisearch: the environment when set (the launcher
 * passes appEnvFor(config); a hosted deployment sets DATABASE_URL, MEILI_URL, MEILI_MASTER_KEY),
 * otherwise the local stack's defaults.
 */
import { resolveStackConfig } from "../stack/config.ts";
import type { MeiliConfig } from "../../app/search/meili.server.ts";

export function searchJobConfig(env: Record<string, string | undefined> = process.env): { databaseUrl: string; meili: MeiliConfig } {
  const stack = resolveStackConfig(env);
  const databaseUrl = env.DATABASE_URL || stack.databaseUrl;
  const meili = { url: env.MEILI_URL || stack.meiliUrl, masterKey: env.MEILI_MASTER_KEY || stack.meiliMasterKey };
  if (!databaseUrl)
    throw new Error("DATABASE_URL is not set: the search jobs read the database directly (Project settings → Database → connection string).");
  if (!meili.masterKey) throw new Error("MEILI_MASTER_KEY is not set: the search jobs manage indexes and keys with it.");
  return { databaseUrl, meili };
}
