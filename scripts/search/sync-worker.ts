/**
 * `npm run search:sync`: the search sync worker on its own (the launcher also starts it as the
 * "search-sync" service). Stops cleanly on SIGINT/SIGTERM; a kill -9 loses nothing, since rows are
 * marked processed only after Meilisearch has applied them.
 */
import { SearchSyncWorker } from "../../app/search/sync.server.ts";
import { searchJobConfig } from "./job-config.ts";

const worker = new SearchSyncWorker(searchJobConfig());
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
await worker.start();
