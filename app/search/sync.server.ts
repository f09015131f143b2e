/**
 * The search sync worker: follows public.search_outbox and keeps Meilisearch equal to the
 * database. Wakes on NOTIFY (and polls, in case a notification is lost), takes unprocessed rows
 * in id order, applies them (indexer.server.ts), and marks them processed only once Meilisearch
 * has finished, so delivery is at least once and, documents being rebuilt from the database,
 * idempotent. When PostgreSQL or Meilisearch is away it keeps retrying with exponential backoff
 * and logs once per change of state.
 */
import type { Meilisearch } from "meilisearch";
import pg from "pg";
import { applyOutboxRows, applySearchSetup, SWAP_LOCK_KEY, type OutboxRow } from "./indexer.server";
import { createAdminClient, type MeiliConfig } from "./meili.server";
import { loadTaxonomy } from "./sources.server";
import type { Taxonomy } from "./documents.server";

export type SyncWorkerOptions = {
  databaseUrl: string;
  meili: MeiliConfig;
  batchSize?: number;
  /** Documents per batch at most (outbox rows name a document once or several times). */
  maxDocuments?: number;
  pollIntervalMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Rows that fail on their own this many times are set aside (processed, with the error). */
  maxAttempts?: number;
  log?: (line: string) => void;
};

type WorkerState = "starting" | "ok" | "database unavailable" | "search unavailable" | "failing";

/** Only one worker applies changes at a time, so the index sees them in outbox order. */
const LEADER_LOCK_KEY = 727_010;
const TAXONOMY_TTL_MS = 60_000;
const EXPIRY_SWEEP_INTERVAL_MS = 10 * 60_000;

function isDatabaseError(error: unknown) {
  const code = (error as { code?: string }).code ?? "";
  const message = String((error as Error)?.message ?? "");
  return (
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03", "08000", "08003", "08006"].includes(code) ||
    /Connection terminated|connection closed|Client has encountered a connection error|not queryable/i.test(message)
  );
}

function isSearchUnavailable(error: unknown) {
  const name = (error as Error)?.name ?? "";
  // The client names its errors "Meilisearch…" (older versions "MeiliSearch…"); a task that
  // outlasts the wait is a busy Meilisearch too, not a document it refuses.
  return /^MeiliSearch(Request|RequestTimeOut|TaskTimeOut)Error$/i.test(name) || /fetch failed|ECONNREFUSED/i.test(String(error));
}

export class SearchSyncWorker {
  private readonly options: Required<Omit<SyncWorkerOptions, "log">> & { log: (line: string) => void };
  private readonly admin: Meilisearch;
  private client: pg.Client | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private inBackoff = false;
  private notified = false;
  private settingsDirty = true;
  private state: WorkerState = "starting";
  private taxonomy: { value: Taxonomy; loadedAt: number } | null = null;
  private lastExpirySweep = 0;
  private loop: Promise<void> | null = null;
  /** Rows applied since start; for tests and the lag benchmark. */
  applied = 0;

  constructor(options: SyncWorkerOptions) {
    this.options = {
      // Meilisearch spends a good second on every task whatever its size (2.5 s at 100,000
      // suppliers, most of it rewriting its geo index), so a bulk import's backlog is drained in
      // tasks as large as the backlog (an imported supplier leaves about four outbox rows); an
      // edit alone still goes out at once in a task of its own.
      batchSize: 20_000,
      // About 3 KB a supplier document: a task stays far below Meilisearch's 100 MB payload limit.
      maxDocuments: 5_000,
      pollIntervalMs: 1000,
      initialBackoffMs: 250,
      maxBackoffMs: 5_000,
      maxAttempts: 8,
      log: (line) => console.log(`[search-sync] ${line}`),
      ...options,
    } as typeof this.options;
    this.admin = createAdminClient(options.meili, 15_000);
  }

  start() {
    this.loop ??= this.run();
    return this.loop;
  }

  async stop() {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    await this.disconnect();
  }

  private setState(next: WorkerState, detail?: string) {
    if (next === this.state) return;
    const previous = this.state;
    this.state = next;
    if (next === "ok") this.options.log(previous === "starting" ? "running" : `recovered (was: ${previous})`);
    else this.options.log(`${next}${detail ? `: ${detail}` : ""}; retrying with backoff`);
  }

  private async disconnect() {
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: "clustermatch-search-sync" });
    client.on("error", () => {
      if (this.client === client) this.client = null;
      if (!this.inBackoff) this.wake?.();
    });
    client.on("end", () => {
      if (this.client === client) this.client = null;
      if (!this.inBackoff) this.wake?.();
    });
    client.on("notification", (message) => {
      if (message.channel === "search_settings") {
        this.settingsDirty = true;
        this.taxonomy = null;
      }
      this.notified = true;
      // During a backoff only stop() cuts the sleep short; edits must not hammer a failing service.
      if (!this.inBackoff) this.wake?.();
    });
    try {
      await client.connect();
      // Wait to become the single active worker; a second worker idles here until the first exits.
      for (;;) {
        const { rows } = await client.query<{ ok: boolean }>("select pg_try_advisory_lock($1) as ok", [LEADER_LOCK_KEY]);
        if (rows[0]!.ok) break;
        if (this.stopped) throw new Error("stopped");
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      await client.query("listen search_outbox");
      await client.query("listen search_settings");
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    // Anything enqueued while disconnected, and settings that may have changed meanwhile.
    this.notified = true;
    this.settingsDirty = true;
    return client;
  }

  private async taxonomyFor(client: pg.Client): Promise<Taxonomy> {
    if (!this.taxonomy || Date.now() - this.taxonomy.loadedAt > TAXONOMY_TTL_MS) {
      this.taxonomy = { value: await loadTaxonomy(client), loadedAt: Date.now() };
    }
    return this.taxonomy.value;
  }

  /**
   * Documents say which certificates are valid "today"; when a day passes, suppliers whose
   * certificates expired since the last sweep are re-enqueued so that stays true.
   */
  private async sweepExpiries(client: pg.Client) {
    if (Date.now() - this.lastExpirySweep < EXPIRY_SWEEP_INTERVAL_MS) return;
    await client.query(
      `with last as (
         select coalesce((select value::date from private.search_sync_state where key = 'expiry_swept_on'), current_date) as day
       ), enqueued as (
         insert into public.search_outbox (index_name, document_id, op)
         select distinct 'suppliers', c.organization_id::text, 'upsert'::public.search_outbox_op
         from public.sme_certifications c
         join public.sme_profiles p on p.organization_id = c.organization_id and p.published
         where c.expires_on >= (select day from last) - 1 and c.expires_on < current_date
         returning 1
       )
       insert into private.search_sync_state (key, value, updated_at)
       values ('expiry_swept_on', current_date::text, now())
       on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`
    );
    this.lastExpirySweep = Date.now();
  }

  /** One batch; returns how many outbox rows it handled and whether more were waiting. */
  private async processBatch(client: pg.Client): Promise<{ handled: number; more: boolean }> {
    await client.query("select pg_advisory_lock_shared($1)", [SWAP_LOCK_KEY]);
    try {
      const { rows: taken } = await client.query<OutboxRow & { attempts: number }>(
        `select id::text, index_name, document_id, attempts from public.search_outbox
         where processed_at is null order by id limit $1`,
        [this.options.batchSize]
      );
      if (taken.length === 0) return { handled: 0, more: false };
      const rows = this.withinDocumentLimit(taken);
      const more = taken.length === this.options.batchSize || rows.length < taken.length;
      const taxonomy = await this.taxonomyFor(client);
      try {
        await applyOutboxRows(client, this.admin, rows, taxonomy);
        await client.query(
          "update public.search_outbox set processed_at = clock_timestamp(), attempts = attempts + 1, last_error = null where id = any ($1::bigint[])",
          [rows.map((row) => row.id)]
        );
        this.applied += rows.length;
        return { handled: rows.length, more };
      } catch (error) {
        if (isDatabaseError(error) || isSearchUnavailable(error)) throw error;
        // A document Meilisearch refuses must not block everything behind it.
        await this.processInParts(client, rows, taxonomy, error);
        return { handled: rows.length, more };
      }
    } finally {
      await client.query("select pg_advisory_unlock_shared($1)", [SWAP_LOCK_KEY]).catch(() => undefined);
    }
  }

  /** The rows in outbox order up to the one that would name a document past maxDocuments. */
  private withinDocumentLimit<T extends OutboxRow>(rows: T[]): T[] {
    const documents = new Set<string>();
    for (let index = 0; index < rows.length; index++) {
      const key = `${rows[index]!.index_name}/${rows[index]!.document_id}`;
      if (documents.has(key)) continue;
      if (documents.size === this.options.maxDocuments) return rows.slice(0, index);
      documents.add(key);
    }
    return rows;
  }

  /**
   * Applies a refused batch in halves, and those in halves, until the rows at fault stand alone:
   * the rest goes out in a few tasks rather than one per row. Parts are applied in outbox order;
   * a row that fails alone counts an attempt and, until it is set aside, stops the batch there.
   */
  private async processInParts(client: pg.Client, rows: Array<OutboxRow & { attempts: number }>, taxonomy: Taxonomy, batchError: unknown) {
    this.options.log(`batch of ${rows.length} failed (${String(batchError)}); applying it in parts`);
    const parts = [rows];
    while (parts.length > 0) {
      const part = parts.shift()!;
      try {
        await applyOutboxRows(client, this.admin, part, taxonomy);
        await client.query(
          "update public.search_outbox set processed_at = clock_timestamp(), attempts = attempts + 1, last_error = null where id = any ($1::bigint[])",
          [part.map((row) => row.id)]
        );
        this.applied += part.length;
      } catch (error) {
        if (isDatabaseError(error) || isSearchUnavailable(error)) throw error;
        if (part.length > 1) {
          const half = Math.ceil(part.length / 2);
          parts.unshift(part.slice(0, half), part.slice(half));
          continue;
        }
        const row = part[0]!;
        const giveUp = row.attempts + 1 >= this.options.maxAttempts;
        await client.query(
          `update public.search_outbox set attempts = attempts + 1, last_error = $2,
             processed_at = case when $3 then clock_timestamp() else null end
           where id = $1`,
          [row.id, String(error).slice(0, 2000), giveUp]
        );
        this.options.log(`${row.index_name}/${row.document_id}: ${String(error)}${giveUp ? " — set aside after repeated failures" : ""}`);
        if (!giveUp) throw error;
      }
    }
  }

  /** Sleeps until the timeout, a notification or stop(); `force` ignores a pending notification. */
  private async idle(ms: number, force = false) {
    if ((this.notified && !force) || this.stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = null;
  }

  private async run() {
    let backoff = this.options.initialBackoffMs;
    while (!this.stopped) {
      try {
        const client = await this.connect();
        if (this.settingsDirty) {
          await applySearchSetup(client, this.admin);
          this.settingsDirty = false;
        }
        await this.sweepExpiries(client);
        this.notified = false;
        const { more } = await this.processBatch(client);
        this.setState("ok");
        backoff = this.options.initialBackoffMs;
        if (!more) await this.idle(this.options.pollIntervalMs);
      } catch (error) {
        if (this.stopped) break;
        const databaseDown = isDatabaseError(error) || !this.client;
        if (databaseDown) await this.disconnect();
        this.setState(
          databaseDown ? "database unavailable" : isSearchUnavailable(error) ? "search unavailable" : "failing",
          String((error as Error)?.message ?? error)
        );
        this.inBackoff = true;
        await this.idle(backoff, true);
        this.inBackoff = false;
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs);
      }
    }
  }
}
