/**
 * Meilisearch clients. Only the server talks to Meilisearch: page loaders and the API query
 * with a search-only key; the master key is for server jobs (settings, sync, reindex).
 */
import { createHmac } from "node:crypto";
import { Meilisearch } from "meilisearch";

export type MeiliConfig = { url: string; masterKey: string };

/**
 * Fixed uid of the search-only key. Meilisearch derives a key's value as
 * HMAC-SHA256(master key, uid), so the app computes the value instead of storing it, and
 * `search:setup` creates the key under this uid with the "search" action only.
 */
export const SEARCH_KEY_UID = "c1a5e7d2-4b8f-4e0a-9d36-7f2b8a1c5e90";

export function deriveSearchKey(masterKey: string): string {
  return createHmac("sha256", masterKey).update(SEARCH_KEY_UID).digest("hex");
}

const CLIENT_AGENT = "ClusterMatch";

/**
 * Node's fetch asks for gzip/br, and Meilisearch then compresses every answer. That costs little
 * CPU but about 40 ms of waiting per answer (measured with the benchmark's 200 searches at 100,000
 * suppliers: Meilisearch's CPU per search the same, 30 ms; the time to the whole answer 73 ms
 * without compression, 109 ms with it). The app and Meilisearch sit side by side, so bytes are cheap.
 */
const UNCOMPRESSED = { headers: { "Accept-Encoding": "identity" } };

export function createAdminClient(config: MeiliConfig, timeoutMs = 30_000): Meilisearch {
  return new Meilisearch({ host: config.url, apiKey: config.masterKey, timeout: timeoutMs, clientAgents: [CLIENT_AGENT], requestInit: UNCOMPRESSED });
}

/** Short timeout: a slow or absent Meilisearch must not hold a page; the fallback answers instead. */
export function createSearchClient(config: MeiliConfig, timeoutMs = 1_000): Meilisearch {
  return new Meilisearch({ host: config.url, apiKey: deriveSearchKey(config.masterKey), timeout: timeoutMs, clientAgents: [CLIENT_AGENT], requestInit: UNCOMPRESSED });
}
