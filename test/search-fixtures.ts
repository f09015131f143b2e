/**
 * Fixture suppliers for the search tests, written straight to PostgreSQL (as the platform would
 * through the service role), each run under its own tag and in its own fictional cluster so
 * that filtering by that cluster isolates them from the seed and from other test files.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { appEnvFor, type StackConfig } from "../scripts/stack/config.ts";

export type FixtureSupplier = {
  name_en: string;
  name_ko?: string | null;
  description_en?: string | null;
  description_ko?: string | null;
  employees?: number | null;
  published?: boolean;
  defense_designated?: boolean;
  verification_status?: "unverified" | "verified";
  capabilities?: Array<{ process_code: string; material_codes?: string[] }>;
  certifications?: Array<{ code: string; expires_on?: string | null; verified?: boolean }>;
  sites?: Array<{ lat: number; lng: number; region?: string | null; is_primary?: boolean }>;
};

export function uniqueTag(prefix = "fx") {
  return `${prefix}${randomUUID().replace(/-/g, "").slice(0, 10)}`;
}

/** The app's environment, for modules that call getEnv() (set before importing them). */
export function useAppEnv(stack: StackConfig) {
  Object.assign(process.env, appEnvFor(stack, "test"));
}

export class SearchFixtures {
  readonly pool: pg.Pool;
  readonly clusterSlug: string;
  clusterId = "";
  private readonly organizationIds: string[] = [];

  constructor(stack: StackConfig, readonly tag: string) {
    this.pool = new pg.Pool({ connectionString: stack.databaseUrl, max: 4 });
    this.clusterSlug = `${tag}-cluster`;
  }

  async createCluster() {
    const { rows } = await this.pool.query<{ id: string }>(
      `insert into public.clusters (slug, name_en, name_ko, region, center_lat, center_lng)
       values ($1, $2, $3, 'gyeongnam', 35.1, 128.3) returning id`,
      [this.clusterSlug, `Fixture cluster ${this.tag}`, `시험용 클러스터 ${this.tag}`]
    );
    this.clusterId = rows[0]!.id;
    return this.clusterId;
  }

  async createSupplier(supplier: FixtureSupplier): Promise<string> {
    const client = await this.pool.connect();
    try {
      await client.query("begin");
      const slug = `${this.tag}-${this.organizationIds.length}-${randomUUID().slice(0, 6)}`;
      const { rows } = await client.query<{ id: string }>(
        `insert into public.organizations (slug, kind, name_en, name_ko, is_fictional) values ($1, 'sme', $2, $3, true) returning id`,
        [slug, supplier.name_en, supplier.name_ko ?? null]
      );
      const id = rows[0]!.id;
      const verified = supplier.verification_status === "verified";
      await client.query(
        `insert into public.sme_profiles (organization_id, description_en, description_ko, employees, published,
           defense_designated, cluster_id, verification_status, verified_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          id,
          supplier.description_en ?? null,
          supplier.description_ko ?? null,
          supplier.employees ?? null,
          supplier.published ?? true,
          supplier.defense_designated ?? false,
          this.clusterId || null,
          supplier.verification_status ?? "unverified",
          verified ? new Date() : null,
        ]
      );
      for (const capability of supplier.capabilities ?? []) {
        await client.query("insert into public.sme_capabilities (organization_id, process_code, material_codes) values ($1, $2, $3)", [
          id,
          capability.process_code,
          capability.material_codes ?? [],
        ]);
      }
      for (const certification of supplier.certifications ?? []) {
        await client.query(
          `insert into public.sme_certifications (organization_id, certification_type_code, expires_on, verification_status, verified_at)
           values ($1, $2, $3, $4, $5)`,
          [
            id,
            certification.code,
            certification.expires_on ?? null,
            certification.verified ? "verified" : "unverified",
            certification.verified ? new Date() : null,
          ]
        );
      }
      for (const [index, site] of (supplier.sites ?? []).entries()) {
        await client.query("insert into public.sme_sites (organization_id, lat, lng, region, is_primary) values ($1, $2, $3, $4, $5)", [
          id,
          site.lat,
          site.lng,
          site.region ?? null,
          site.is_primary ?? index === 0,
        ]);
      }
      await client.query("commit");
      this.organizationIds.push(id);
      return id;
    } catch (error) {
      await client.query("rollback");
      throw error;
    } finally {
      client.release();
    }
  }

  /** Resolves when the sync worker has applied every change enqueued so far (or throws). */
  async waitForSync(timeoutMs = 30_000) {
    const { rows } = await this.pool.query<{ id: string | null }>("select max(id)::text as id from public.search_outbox");
    const upTo = rows[0]?.id ?? "0";
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending = await this.pool.query<{ n: number }>(
        "select count(*)::int as n from public.search_outbox where processed_at is null and id <= $1::bigint",
        [upTo]
      );
      if (pending.rows[0]!.n === 0) return;
      if (Date.now() > deadline) throw new Error(`search sync did not catch up within ${timeoutMs} ms (${pending.rows[0]!.n} rows pending)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async cleanup() {
    if (this.organizationIds.length > 0)
      await this.pool.query("delete from public.organizations where id = any ($1::uuid[])", [this.organizationIds]);
    if (this.clusterId) await this.pool.query("delete from public.clusters where id = $1", [this.clusterId]);
    await this.pool.end();
  }
}
