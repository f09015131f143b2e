import { beforeEach, describe, expect, it, vi } from "vitest";

const applied: string[][] = [];
let refused = new Set<string>();

vi.mock("./indexer.server", () => ({
  SWAP_LOCK_KEY: 1,
  applySearchSetup: vi.fn(),
  applyOutboxRows: vi.fn(async (_db: unknown, _admin: unknown, rows: Array<{ id: string }>) => {
    applied.push(rows.map((row) => row.id));
    const bad = rows.find((row) => refused.has(row.id));
    if (bad) throw Object.assign(new Error(`document ${bad.id} refused`), { name: "SearchTaskError" });
    return { upserted: rows.length, deleted: 0 };
  }),
}));

const { SearchSyncWorker } = await import("./sync.server");

type Row = { id: string; index_name: "suppliers"; document_id: string; attempts: number };

function rows(count: number, attempts: Record<string, number> = {}): Row[] {
  return Array.from({ length: count }, (_, index) => {
    const id = String(index + 1);
    return { id, index_name: "suppliers", document_id: `doc-${id}`, attempts: attempts[id] ?? 0 };
  });
}

/** Records what the worker writes back to the outbox. */
function fakeClient() {
  const processed: string[] = [];
  const failures: Array<{ id: string; setAside: boolean }> = [];
  return {
    processed,
    failures,
    query: vi.fn(async (sql: string, values: unknown[]) => {
      if (sql.includes("last_error = null")) processed.push(...(values[0] as string[]));
      else if (sql.includes("last_error = $2")) failures.push({ id: values[0] as string, setAside: values[2] as boolean });
      return { rows: [] };
    }),
  };
}

/** The worker's private steps, reached without a database or Meilisearch. */
type Internals = {
  processInParts: (client: ReturnType<typeof fakeClient>, rows: Row[], taxonomy: unknown, error: unknown) => Promise<void>;
  withinDocumentLimit: <T>(rows: T[]) => T[];
};

function worker(options: { maxAttempts?: number; maxDocuments?: number } = { maxAttempts: 3 }) {
  const sync = new SearchSyncWorker({ databaseUrl: "postgres://unused", meili: { url: "http://127.0.0.1:1", masterKey: "k" }, log: () => undefined, ...options });
  return sync as unknown as Internals;
}

describe("a batch Meilisearch refuses", () => {
  beforeEach(() => {
    applied.length = 0;
  });

  it("is applied in halves until the refused row stands alone, in outbox order", async () => {
    refused = new Set(["6"]);
    const client = fakeClient();
    const batch = rows(16, { "6": 2 });
    // The third failure of row 6 sets it aside; everything else is applied.
    await worker().processInParts(client, batch, {}, new Error("batch refused"));
    expect(client.processed).toEqual(batch.map((row) => row.id).filter((id) => id !== "6"));
    expect(client.failures).toEqual([{ id: "6", setAside: true }]);
    // 16 → 8 → 4 → 2 → 1: a few tasks, not one per row.
    expect(applied.length).toBeLessThanOrEqual(9);
  });

  it("stops at a refused row that has attempts left, leaving it and what follows for the next round", async () => {
    refused = new Set(["3"]);
    const client = fakeClient();
    const batch = rows(8);
    await expect(worker().processInParts(client, batch, {}, new Error("batch refused"))).rejects.toThrow("document 3 refused");
    expect(client.processed).toEqual(["1", "2"]);
    expect(client.failures).toEqual([{ id: "3", setAside: false }]);
  });
});

describe("batches", () => {
  it("hold at most maxDocuments documents, counting rows of one document once", () => {
    const taken = [
      { id: "1", index_name: "suppliers", document_id: "a" },
      { id: "2", index_name: "suppliers", document_id: "b" },
      { id: "3", index_name: "suppliers", document_id: "a" },
      { id: "4", index_name: "clusters", document_id: "a" },
      { id: "5", index_name: "suppliers", document_id: "b" },
    ];
    expect(worker({ maxDocuments: 2 }).withinDocumentLimit(taken).map((row) => row.id)).toEqual(["1", "2", "3"]);
  });
});
