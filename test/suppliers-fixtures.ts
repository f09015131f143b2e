/**
 * People and organizations for the supplier publishing and import tests: real users signed in
 * through the gateway (so row-level security and storage policies apply exactly as in the app),
 * created through the Auth admin API; the few rows only the platform may create (a platform
 * organization, clusters) are written with the superuser connection. Every name carries a tag, so
 * test files never see each other's rows.
 */
import { randomUUID } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import ws from "ws";
import type { StackConfig } from "../scripts/stack/config.ts";

export const PASSWORD = "Fixture-Password-2026!";

export function tagOf(prefix: string) {
  return `${prefix}${randomUUID().replace(/-/g, "").slice(0, 8)}`;
}

export type Person = { userId: string; email: string; client: SupabaseClient; organizationId: string };

export class SupplierFixtures {
  readonly admin: SupabaseClient;
  readonly pool: pg.Pool;

  constructor(readonly stack: StackConfig) {
    this.admin = this.newClient(stack.serviceRoleKey);
    this.pool = new pg.Pool({ connectionString: stack.databaseUrl, max: 3 });
  }

  newClient(key = this.stack.anonKey): SupabaseClient {
    return createClient(this.stack.supabaseUrl, key, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: ws as never },
    });
  }

  async query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values: unknown[] = []) {
    return (await this.pool.query<T>(sql, values)).rows;
  }

  /** A confirmed user of the given account type; sign-up creates their organization as it does in the app. */
  async person(tag: string, accountType: "sme" | "cluster_authority" | "contractor" | null, name = tag): Promise<Person> {
    const email = `${tag}-${randomUUID().slice(0, 6)}@fixtures.example`;
    const { data, error } = await this.admin.auth.admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { display_name: name, ...(accountType ? { account_type: accountType } : {}) },
    });
    if (error || !data.user) throw new Error(`Could not create ${email}: ${error?.message}`);
    const client = this.newClient();
    const signedIn = await client.auth.signInWithPassword({ email, password: PASSWORD });
    if (signedIn.error) throw new Error(`Could not sign in ${email}: ${signedIn.error.message}`);
    const [membership] = await this.query<{ organization_id: string }>(
      "select organization_id from public.memberships where user_id = $1 order by created_at limit 1",
      [data.user.id],
    );
    return { userId: data.user.id, email, client, organizationId: membership?.organization_id ?? "" };
  }

  /** An organization of the platform kind with this person as its owner. */
  async platformPerson(tag: string): Promise<Person> {
    const person = await this.person(tag, null, `Platform ${tag}`);
    const [organization] = await this.query<{ id: string }>(
      "insert into public.organizations (slug, kind, name_en, name_ko) values ($1, 'platform', $2, $3) returning id",
      [`${tag}-platform`, `Platform ${tag}`, `플랫폼 ${tag}`],
    );
    await this.query("insert into public.memberships (organization_id, user_id, role) values ($1, $2, 'owner')", [organization!.id, person.userId]);
    return { ...person, organizationId: organization!.id };
  }

  /** A cluster managed by the given authority organization. */
  async cluster(tag: string, managingOrganizationId: string) {
    const slug = `${tag}-cluster`;
    const [cluster] = await this.query<{ id: string }>(
      `insert into public.clusters (slug, name_en, name_ko, region, center_lat, center_lng, managing_organization_id)
       values ($1, $2, $3, 'gyeongnam', 35.2, 128.6, $4) returning id`,
      [slug, `Fixture cluster ${tag}`, `시험 클러스터 ${tag}`, managingOrganizationId],
    );
    return { id: cluster!.id, slug };
  }

  /** The clusters the sample file names, in case the seed that normally provides them is absent. */
  async ensureSampleClusters() {
    for (const [slug, region, lat, lng] of [
      ["changwon", "gyeongnam", 35.228, 128.681],
      ["daejeon", "daejeon", 36.35, 127.38],
      ["gumi", "gyeongbuk", 36.12, 128.34],
      ["nonsan", "chungnam", 36.19, 127.1],
      ["jeonbuk", "jeonbuk", 35.86, 127.12],
    ] as const) {
      await this.query(
        `insert into public.clusters (slug, name_en, name_ko, region, center_lat, center_lng)
         values ($1, $2, $3, $4, $5, $6) on conflict (slug) do nothing`,
        [slug, `Cluster ${slug}`, `클러스터 ${slug}`, region, lat, lng],
      );
    }
  }

  async close() {
    await this.pool.end();
  }
}
