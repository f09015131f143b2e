/**
 * Writes to Meilisearch: settings for all indexes, outbox batches (the sync worker), and full
 * rebuilds that build each index aside and swap it in, so searches never see a gap.
 */
import { MeilisearchTaskTimeOutError, type EnqueuedTask, type Meilisearch, type Task } from "meilisearch";
import { buildClusterDocument, buildNeedDocument, buildSupplierDocument, type Taxonomy } from "./documents.server";
import { ensureIndex, ensureSearchKey, indexSettings } from "./settings.server";
import {
  INDEX_NAMES,
  countIndexable,
  indexableIds,
  loadClusterSources,
  loadNeedSources,
  loadSupplierSources,
  loadSynonymGroups,
  loadTaxonomy,
  type IndexName,
  type Queryable,
} from "./sources.server";
import { buildSynonyms } from "./synonyms.server";

const TASK_TIMEOUT_MS = 120_000;
const FIRST_POLL_MS = 25;
const LONGEST_POLL_MS = 400;

/**
 * Held shared by the worker around each batch and exclusively by a reindex while it swaps and
 * replays: a batch is then wholly before the swap (and replayed) or wholly after it.
 */
export const SWAP_LOCK_KEY = 727_011;

export class SearchTaskError extends Error {
  constructor(message: string, readonly task: Task) {
    super(message);
  }
}

/**
 * Waits for a task to finish. Polls start every 25 ms, so a small edit is seen as soon as it is
 * applied, and then thin out to an eighth of the time waited so far (at most 400 ms): a bulk
 * batch that indexes for seconds was asked about forty times a second, every ask a request that
 * cost this process and Meilisearch CPU.
 */
export async function waitForTask(admin: Meilisearch, taskUid: number, timeoutMs = TASK_TIMEOUT_MS): Promise<Task> {
  const started = Date.now();
  for (;;) {
    const task = await admin.tasks.getTask(taskUid);
    if (task.status !== "enqueued" && task.status !== "processing") return task;
    const waited = Date.now() - started;
    if (waited > timeoutMs) throw new MeilisearchTaskTimeOutError(taskUid, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, Math.min(LONGEST_POLL_MS, Math.max(FIRST_POLL_MS, waited / 8))));
  }
}

async function waitSucceeded(admin: Meilisearch, enqueued: Promise<EnqueuedTask>, what: string) {
  const task = await waitForTask(admin, (await enqueued).taskUid);
  if (task.status !== "succeeded") throw new SearchTaskError(`${what} failed: ${task.error?.message ?? task.status}`, task);
  return task;
}

export async function currentSynonyms(db: Queryable) {
  return buildSynonyms(await loadSynonymGroups(db));
}

/** Settings on the three live indexes plus the search-only key. Idempotent. */
export async function applySearchSetup(db: Queryable, admin: Meilisearch) {
  const synonyms = await currentSynonyms(db);
  const changes: Record<string, string[]> = {};
  for (const index of INDEX_NAMES) changes[index] = await ensureIndex(admin, index, indexSettings(index, synonyms));
  const key = await ensureSearchKey(admin, INDEX_NAMES);
  return { changes, key, synonymCount: Object.keys(synonyms).length };
}

/** Documents for the given ids; ids with no indexable row are returned as `missing` (delete them). */
export async function buildDocuments(db: Queryable, index: IndexName, ids: string[], taxonomy: Taxonomy, now = new Date()) {
  let documents: Array<Record<string, unknown> & { id: string }>;
  if (index === "suppliers") {
    documents = (await loadSupplierSources(db, ids)).map((source) => buildSupplierDocument(source, taxonomy, now));
  } else if (index === "needs") {
    documents = (await loadNeedSources(db, ids)).map((source) => buildNeedDocument(source, taxonomy));
  } else {
    documents = (await loadClusterSources(db, ids)).map((source) => buildClusterDocument(source, taxonomy));
  }
  const found = new Set(documents.map((document) => document.id));
  return { documents, missing: ids.filter((id) => !found.has(id)) };
}

export type OutboxRow = { id: string; index_name: IndexName; document_id: string };

/**
 * Applies outbox rows to the live indexes: every named document is rebuilt from the database as
 * it is now and upserted, or deleted when it is no longer indexable. Idempotent, so a batch
 * applied twice (at-least-once delivery) leaves the same index. Resolves when Meilisearch has
 * finished the tasks, i.e. when the changes are searchable.
 */
export async function applyOutboxRows(db: Queryable, admin: Meilisearch, rows: OutboxRow[], taxonomy: Taxonomy) {
  const byIndex = new Map<IndexName, Set<string>>();
  for (const row of rows) {
    let ids = byIndex.get(row.index_name);
    if (!ids) byIndex.set(row.index_name, (ids = new Set()));
    ids.add(row.document_id);
  }
  const pending: Array<Promise<Task>> = [];
  let upserted = 0;
  let deleted = 0;
  for (const [index, idSet] of byIndex) {
    // Malformed ids cannot name a document; they are acknowledged as deletions.
    const ids = [...idSet].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    const { documents, missing } = await buildDocuments(db, index, ids, taxonomy);
    const target = admin.index(index);
    if (documents.length > 0)
      pending.push(waitSucceeded(admin, target.addDocuments(documents, { primaryKey: "id" }), `Upserting ${documents.length} ${index}`));
    if (missing.length > 0) pending.push(waitSucceeded(admin, target.deleteDocuments(missing), `Deleting ${missing.length} ${index}`));
    upserted += documents.length;
    deleted += missing.length;
  }
  await Promise.all(pending);
  return { upserted, deleted };
}

type ReindexOptions = { indexes?: readonly IndexName[]; batchSize?: number; log?: (line: string) => void };

/**
 * Rebuilds indexes from the database without a gap: each is filled under a temporary uid from
 * one consistent snapshot, swapped with the live one, and the old one deleted. Outbox rows the
 * worker handled while the copy was being built are then replayed onto the new index, so no
 * change made during the rebuild is lost.
 */
export async function reindexAll(connect: () => Promise<Queryable & { release: () => void }>, admin: Meilisearch, options: ReindexOptions = {}) {
  const log = options.log ?? (() => undefined);
  const batchSize = options.batchSize ?? 1000;
  const indexes = options.indexes ?? INDEX_NAMES;
  const results: Record<string, number> = {};
  for (const index of indexes) {
    const client = await connect();
    let aside = `${index}_rebuild_${Date.now().toString(36)}`;
    let swapped = false;
    try {
      const { rows: started } = await client.query<{ at: string }>("select clock_timestamp()::text as at");
      const buildStartedAt = started[0]!.at;
      const synonyms = await currentSynonyms(client);
      await ensureIndex(admin, index, indexSettings(index, synonyms));
      // An empty live index has no service to keep: fill it in place (first start, new install).
      const direct = (await admin.index(index).getStats()).numberOfDocuments === 0;
      if (direct) aside = index;
      else await ensureIndex(admin, aside, indexSettings(index, synonyms));

      await client.query("begin isolation level repeatable read read only");
      let count = 0;
      try {
        const taxonomy = await loadTaxonomy(client);
        const now = new Date();
        const tasks: Array<Promise<Task>> = [];
        for await (const ids of indexableIds(client, index, batchSize)) {
          const { documents } = await buildDocuments(client, index, ids, taxonomy, now);
          if (documents.length > 0) tasks.push(waitSucceeded(admin, admin.index(aside).addDocuments(documents, { primaryKey: "id" }), `Filling ${aside}`));
          count += documents.length;
          // Bounded in flight: Meilisearch queues tasks anyway, memory here stays small.
          if (tasks.length >= 8) await Promise.all(tasks.splice(0));
        }
        await Promise.all(tasks);
      } finally {
        await client.query("commit");
      }

      await client.query("select pg_advisory_lock($1)", [SWAP_LOCK_KEY]);
      try {
        if (!direct) {
          await waitSucceeded(admin, admin.swapIndexes([{ indexes: [index, aside], rename: false }]), `Swapping ${index}`);
          swapped = true;
        }
        const { rows: replayed } = await client.query<{ n: number }>(
          `with replay as (
             update public.search_outbox set processed_at = null
             where index_name = $1 and processed_at >= $2::timestamptz
             returning 1)
           select count(*)::int as n from replay`,
          [index, buildStartedAt]
        );
        if (replayed[0]!.n > 0) await client.query("select pg_notify('search_outbox', '')");
        log(
          `${index}: ${count} documents, ${direct ? "filled in place" : "swapped in"}${
            replayed[0]!.n > 0 ? `; ${replayed[0]!.n} changes made meanwhile replayed` : ""
          }`
        );
      } finally {
        await client.query("select pg_advisory_unlock($1)", [SWAP_LOCK_KEY]);
      }
      results[index] = count;
    } finally {
      // After a swap the aside uid holds the old index; before it, an unfinished copy. Either way it goes.
      if (aside !== index)
        await admin
          .deleteIndex(aside)
          .then((enqueued) => waitForTask(admin, enqueued.taskUid))
          .catch((error: unknown) => log(`could not delete ${aside}${swapped ? "" : " (unfinished copy)"}: ${String(error)}`));
      client.release();
    }
  }
  return results;
}

/** Whether the live suppliers index is empty although the database has published profiles. */
export async function suppliersIndexNeedsFill(db: Queryable, admin: Meilisearch) {
  const stats = await admin.index("suppliers").getStats();
  const expected = await countIndexable(db, "suppliers");
  return stats.numberOfDocuments === 0 && expected > 0;
}
