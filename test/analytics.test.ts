/**
 * Cluster analytics against counts computed independently from the seed data.
 *
 * Every comparison runs in one REPEATABLE READ transaction on the superuser connection: the
 * expected numbers come from plain reads of the base tables, combined in JavaScript (no SQL
 * function of the feature is used for them), then the analytics functions run in the same
 * snapshot as the signed-in user (role authenticated with that user's JWT claims), so tests in
 * other files writing at the same time cannot make the two sides disagree. The refusals are
 * checked through PostgREST with unmodified supabase-js.
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import ws from "ws";

const stack = inject("stack");
const SEED_PASSWORD = "ClusterMatch!2026";
const FEW = 3;
const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 3 });
const clientOptions = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }, realtime: { transport: ws as never } };

type Seed = { userId: string; client: SupabaseClient };
const users = {} as Record<"cluster" | "platform" | "contractor" | "sme", Seed>;
const clusterIds = {} as Record<string, string>;

beforeAll(async () => {
  for (const [key, email] of [
    ["cluster", "cluster@clustermatch.test"],
    ["platform", "platform@clustermatch.test"],
    ["contractor", "contractor@clustermatch.test"],
    ["sme", "sme@clustermatch.test"],
  ] as const) {
    const client = createClient(stack.supabaseUrl, stack.anonKey, clientOptions);
    const { data, error } = await client.auth.signInWithPassword({ email, password: SEED_PASSWORD });
    if (error || !data.user) throw new Error(`sign in ${email}: ${error?.message}`);
    users[key] = { userId: data.user.id, client };
  }
  for (const row of (await db.query<{ id: string; slug: string }>("select id, slug from public.clusters")).rows) clusterIds[row.slug] = row.id;
});

afterAll(async () => {
  await db.end();
});

/** Runs `work` in one snapshot; `as(user)` switches to that signed-in user, `asSuperuser()` back. */
async function inSnapshot<T>(work: (tx: { query: pg.PoolClient["query"]; as: (userId: string) => Promise<void>; asSuperuser: () => Promise<void> }) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query("begin isolation level repeatable read");
    return await work({
      query: client.query.bind(client) as pg.PoolClient["query"],
      as: async (userId) => {
        await client.query("set local role authenticated");
        await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: userId, role: "authenticated" })]);
      },
      asSuperuser: async () => {
        await client.query("reset role");
        await client.query("select set_config('request.jwt.claims', '', true)");
      },
    });
  } finally {
    await client.query("rollback").catch(() => undefined);
    client.release();
  }
}

// Independent computations --------------------------------------------------------------------

type Tx = { query: pg.PoolClient["query"] };

const seoulDate = (date: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul", year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
const seoulMonth = (date: Date) => seoulDate(date).slice(0, 7);
function addDays(isoDate: string, days: number) {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

async function snapshotNow(tx: Tx): Promise<Date> {
  return (await tx.query<{ now: Date }>("select now() as now")).rows[0]!.now;
}

async function verifiedSuppliers(tx: Tx) {
  const profiles = (
    await tx.query<{ organization_id: string; cluster_id: string | null }>(
      `select p.organization_id, p.cluster_id from public.sme_profiles p join public.organizations o on o.id = p.organization_id
       where p.published and p.verification_status = 'verified' and o.country = 'KR'`,
    )
  ).rows;
  const parents = new Map((await tx.query<{ code: string; parent_code: string | null }>("select code, parent_code from public.processes")).rows.map((r) => [r.code, r.parent_code]));
  const covers = new Map<string, Set<string>>();
  for (const row of (await tx.query<{ organization_id: string; process_code: string }>("select organization_id, process_code from public.sme_capabilities")).rows) {
    const set = covers.get(row.organization_id) ?? new Set<string>();
    set.add(row.process_code);
    const parent = parents.get(row.process_code);
    if (parent) set.add(parent);
    covers.set(row.organization_id, set);
  }
  return profiles.map((profile) => ({ ...profile, covers: covers.get(profile.organization_id) ?? new Set<string>() }));
}

async function expectedGap(tx: Tx, clusterId: string | null) {
  const needs = (
    await tx.query<{ id: string; status: string; visibility: string; export_controlled: boolean; required_process_codes: string[] }>(
      "select id, status::text, visibility::text, export_controlled, required_process_codes from public.needs",
    )
  ).rows.filter((need) => need.status === "open" && (need.visibility === "public" || need.visibility === "registered") && !need.export_controlled);
  const demand = new Map<string, Set<string>>();
  for (const need of needs) for (const code of need.required_process_codes) demand.set(code, (demand.get(code) ?? new Set()).add(need.id));
  const suppliers = await verifiedSuppliers(tx);
  const inScope = (cluster: string | null) => (clusterId === null ? cluster !== null : cluster === clusterId);
  return new Map(
    [...demand].map(([code, ids]) => {
      const covering = suppliers.filter((supplier) => supplier.covers.has(code));
      const scoped = covering.filter((supplier) => inScope(supplier.cluster_id)).length;
      return [code, { open_need_count: ids.size, suppliers_in_scope: scoped, suppliers_in_korea: covering.length, shortfall: scoped < FEW }];
    }),
  );
}

async function scopeProfiles(tx: Tx, clusterId: string | null) {
  return (await tx.query<{ organization_id: string; cluster_id: string | null; verification_status: string }>("select organization_id, cluster_id, verification_status::text from public.sme_profiles")).rows.filter(
    (profile) => clusterId === null || profile.cluster_id === clusterId,
  );
}

async function expectedFunnel(tx: Tx, clusterId: string | null, months: number) {
  const now = await snapshotNow(tx);
  const current = seoulMonth(now);
  const [year, month] = current.split("-").map(Number) as [number, number];
  const keys = Array.from({ length: months }, (_, back) => {
    const date = new Date(Date.UTC(year, month - 1 - (months - 1 - back), 1));
    return date.toISOString().slice(0, 7);
  });
  const members = new Set((await scopeProfiles(tx, clusterId)).map((profile) => profile.organization_id));
  const shortlistedInAudit = new Set(
    (await tx.query<{ entity_id: string }>("select entity_id from public.audit_log where entity_type = 'eois' and action = 'eoi.shortlisted'")).rows.map((r) => r.entity_id),
  );
  const eois = (
    await tx.query<{ id: string; status: string; submitted_at: Date | null; sme_organization_id: string; need_status: string; visibility: string; export_controlled: boolean }>(
      `select e.id, e.status::text, e.submitted_at, e.sme_organization_id, n.status::text as need_status, n.visibility::text, n.export_controlled
       from public.eois e join public.needs n on n.id = e.need_id`,
    )
  ).rows.filter(
    (eoi) =>
      eoi.status !== "draft" &&
      eoi.submitted_at !== null &&
      eoi.need_status !== "draft" &&
      (eoi.visibility === "public" || eoi.visibility === "registered") &&
      !eoi.export_controlled &&
      (clusterId === null || members.has(eoi.sme_organization_id)),
  );
  return keys.map((key) => {
    const inMonth = eois.filter((eoi) => seoulMonth(eoi.submitted_at!) === key);
    return {
      month: key,
      submitted: inMonth.length,
      shortlisted: inMonth.filter((eoi) => eoi.status === "shortlisted" || eoi.status === "awarded" || shortlistedInAudit.has(eoi.id)).length,
      awarded: inMonth.filter((eoi) => eoi.status === "awarded").length,
    };
  });
}

async function expectedVerification(tx: Tx, clusterId: string | null) {
  const today = seoulDate(await snapshotNow(tx));
  const profiles = await scopeProfiles(tx, clusterId);
  const inScope = new Set(profiles.map((profile) => profile.organization_id));
  const certifications = (
    await tx.query<{ organization_id: string; verification_status: string; expires_on: string | null }>(
      "select organization_id, verification_status::text, to_char(expires_on, 'YYYY-MM-DD') as expires_on from public.sme_certifications",
    )
  ).rows.filter((certification) => inScope.has(certification.organization_id));
  const counts: Record<string, number> = {};
  for (const profile of profiles) counts[`profiles/${profile.verification_status}`] = (counts[`profiles/${profile.verification_status}`] ?? 0) + 1;
  for (const certification of certifications) {
    const status = certification.expires_on !== null && certification.expires_on < today ? "expired" : certification.verification_status;
    counts[`certifications/${status}`] = (counts[`certifications/${status}`] ?? 0) + 1;
  }
  return counts;
}

async function expectedExpiring(tx: Tx, clusterId: string | null, days: number) {
  const today = seoulDate(await snapshotNow(tx));
  const horizon = addDays(today, days);
  const inScope = new Set((await scopeProfiles(tx, clusterId)).map((profile) => profile.organization_id));
  const rows = (
    await tx.query<{ id: string; organization_id: string; verification_status: string; expires_on: string | null }>(
      "select id, organization_id, verification_status::text, to_char(expires_on, 'YYYY-MM-DD') as expires_on from public.sme_certifications",
    )
  ).rows.filter((row) => inScope.has(row.organization_id) && row.expires_on !== null && row.expires_on >= today && row.expires_on <= horizon && row.verification_status !== "rejected");
  return { today, byId: new Map(rows.map((row) => [row.id, row.expires_on!])) };
}

async function expectedMap(tx: Tx, clusterId: string | null) {
  const needs = (
    await tx.query<{ id: string; status: string; visibility: string; export_controlled: boolean; location_lat: number | null }>(
      "select id, status::text, visibility::text, export_controlled, location_lat from public.needs",
    )
  ).rows.filter((need) => need.status === "open" && ["public", "registered"].includes(need.visibility) && !need.export_controlled && need.location_lat !== null);
  const verified = new Set(
    (await tx.query<{ organization_id: string; cluster_id: string | null }>("select organization_id, cluster_id from public.sme_profiles where published and verification_status = 'verified'")).rows
      .filter((profile) => clusterId === null || profile.cluster_id === clusterId)
      .map((profile) => profile.organization_id),
  );
  const sites = (await tx.query<{ organization_id: string }>("select organization_id from public.sme_sites where is_primary")).rows.filter((site) => verified.has(site.organization_id));
  return { needs: new Set(needs.map((need) => need.id)), suppliers: new Set(sites.map((site) => site.organization_id)) };
}

// The comparisons ------------------------------------------------------------------------------

const SCOPES = [
  { label: "Changwon, as its cluster authority", user: "cluster" as const, slug: "changwon" },
  { label: "Daejeon, as the platform", user: "platform" as const, slug: "daejeon" },
  { label: "all clusters, as the platform", user: "platform" as const, slug: null },
];

describe.each(SCOPES)("analytics for $label", ({ user, slug }) => {
  const clusterId = () => (slug ? clusterIds[slug]! : null);

  it("ranks the localization gap from the same demand and supply counted independently", async () => {
    await inSnapshot(async (tx) => {
      const expected = await expectedGap(tx, clusterId());
      await tx.as(users[user].userId);
      const actual = (
        await tx.query<{ rank: number; process_code: string; open_need_count: number; suppliers_in_scope: number; suppliers_in_korea: number; shortfall: boolean }>(
          "select rank, process_code, open_need_count, suppliers_in_scope, suppliers_in_korea, shortfall from public.analytics_localization_gap($1, $2)",
          [clusterId(), FEW],
        )
      ).rows;
      expect(actual.length).toBeGreaterThan(0);
      expect(Object.fromEntries(actual.map(({ process_code, rank: _rank, ...rest }) => [process_code, rest]))).toEqual(Object.fromEntries(expected));
      expect(actual.map((row) => row.rank)).toEqual(actual.map((_, index) => index + 1));
      for (let i = 1; i < actual.length; i++) {
        const [a, b] = [actual[i - 1]!, actual[i]!];
        const order = a.suppliers_in_scope - b.suppliers_in_scope || b.open_need_count - a.open_need_count || a.suppliers_in_korea - b.suppliers_in_korea;
        expect(order, `${a.process_code} before ${b.process_code}`).toBeLessThanOrEqual(0);
      }
    });
  });

  it("counts the EOI funnel per month exactly as the EOIs say", async () => {
    await inSnapshot(async (tx) => {
      const expected = await expectedFunnel(tx, clusterId(), 12);
      await tx.as(users[user].userId);
      const actual = (
        await tx.query("select to_char(month, 'YYYY-MM') as month, submitted, shortlisted, awarded from public.analytics_eoi_funnel($1, 12)", [clusterId()])
      ).rows;
      expect(actual).toEqual(expected);
      expect(expected.reduce((sum, row) => sum + row.submitted, 0)).toBeGreaterThan(0);
    });
  });

  it("reports verified shares of profiles and certifications from independent counts", async () => {
    await inSnapshot(async (tx) => {
      const expected = await expectedVerification(tx, clusterId());
      await tx.as(users[user].userId);
      const actual = (await tx.query<{ subject: string; status: string; item_count: number }>("select subject, status, item_count from public.analytics_verification($1)", [clusterId()])).rows;
      expect(actual).toHaveLength(9);
      const nonZero = Object.fromEntries(actual.filter((row) => row.item_count > 0).map((row) => [`${row.subject}/${row.status}`, row.item_count]));
      expect(nonZero).toEqual(expected);
    });
  });

  it("lists exactly the certificates expiring in the next 90 days", async () => {
    await inSnapshot(async (tx) => {
      const { today, byId } = await expectedExpiring(tx, clusterId(), 90);
      await tx.as(users[user].userId);
      const actual = (
        await tx.query<{ certification_id: string; expires_on: string; days_left: number }>(
          "select certification_id, to_char(expires_on, 'YYYY-MM-DD') as expires_on, days_left from public.analytics_expiring_certifications($1, 90)",
          [clusterId()],
        )
      ).rows;
      expect(new Set(actual.map((row) => row.certification_id))).toEqual(new Set(byId.keys()));
      expect(actual.length).toBeGreaterThan(0);
      for (const row of actual) {
        expect(row.expires_on).toBe(byId.get(row.certification_id));
        expect(row.days_left).toBe(Math.round((Date.parse(row.expires_on) - Date.parse(today)) / 86_400_000));
      }
      expect(actual.map((row) => row.expires_on)).toEqual([...actual.map((row) => row.expires_on)].sort());
    });
  });

  it("puts the listed open needs and the verified suppliers in scope on the map", async () => {
    await inSnapshot(async (tx) => {
      const expected = await expectedMap(tx, clusterId());
      await tx.as(users[user].userId);
      const actual = (await tx.query<{ kind: string; id: string }>("select kind, id from public.analytics_map_items($1, 20000)", [clusterId()])).rows;
      expect(new Set(actual.filter((row) => row.kind === "need").map((row) => row.id))).toEqual(expected.needs);
      expect(new Set(actual.filter((row) => row.kind === "supplier").map((row) => row.id))).toEqual(expected.suppliers);
    });
  });
});

describe("what the analytics never count", () => {
  it("leaves drafts, invited-only and export-controlled needs (and EOIs on them) out of every number", async () => {
    await inSnapshot(async (tx) => {
      const [{ organization_id: contractorOrg }] = (
        await tx.query<{ organization_id: string }>("select organization_id from public.memberships where user_id = $1", [users.contractor.userId])
      ).rows as [{ organization_id: string }];
      const demanded = new Set((await expectedGap(tx, null)).keys());
      const code = (await tx.query<{ code: string }>("select code from public.processes order by code")).rows.map((row) => row.code).find((c) => !demanded.has(c))!;
      const [{ organization_id: member }] = (await tx.query<{ organization_id: string }>("select organization_id from public.sme_profiles where cluster_id = $1 order by organization_id limit 1", [clusterIds.changwon])).rows as [
        { organization_id: string },
      ];
      const addNeed = async (visibility: string, exportControlled: boolean, status: string) =>
        (
          await tx.query<{ id: string }>(
            `insert into public.needs (organization_id, kind, title_en, description_en, required_process_codes, visibility, export_controlled, status, location_lat, location_lng, radius_km)
             values ($1, 'parts_supply', 'Analytics probe', 'Probe', $2, $3, $4, $5, 35.2, 128.7, 50) returning id`,
            [contractorOrg, [code], visibility, exportControlled, status],
          )
        ).rows[0]!.id;
      const addEoi = (needId: string) =>
        tx.query("insert into public.eois (need_id, sme_organization_id, status, submitted_at) values ($1, $2, 'submitted', now())", [needId, member]);

      // The viewer also belongs to the needs' owner, so row-level security alone would show it
      // every one of them: only the functions' own filters keep them out of the numbers.
      await tx.query("insert into public.memberships (organization_id, user_id, role) values ($1, $2, 'member')", [contractorOrg, users.platform.userId]);
      const controlled = await addNeed("public", true, "open");
      const invited = await addNeed("invited", false, "open");
      const draft = await addNeed("public", false, "draft");
      await addEoi(controlled);
      await addEoi(invited);

      const read = async () => {
        await tx.as(users.platform.userId);
        const gap = (await tx.query("select process_code, open_need_count from public.analytics_localization_gap(null)")).rows;
        const funnel = (await tx.query("select submitted from public.analytics_eoi_funnel($1, 1)", [clusterIds.changwon])).rows[0]!.submitted as number;
        const map = (await tx.query<{ id: string }>("select id from public.analytics_map_items(null, 1)")).rows.map((row) => row.id);
        await tx.asSuperuser();
        return { gap, funnel, map };
      };
      const hidden = await read();
      expect(hidden.gap.find((row) => row.process_code === code)).toBeUndefined();
      for (const id of [controlled, invited, draft]) expect(hidden.map).not.toContain(id);

      const listed = await addNeed("registered", false, "open");
      await addEoi(listed);
      const shown = await read();
      expect(shown.gap.find((row) => row.process_code === code)).toEqual({ process_code: code, open_need_count: 1 });
      expect(shown.funnel).toBe(hidden.funnel + 1);
      expect(shown.map).toContain(listed);
    });
  });
});

describe("who may see analytics", () => {
  const call = (client: SupabaseClient, fn: string, clusterId: string | null) => client.rpc(fn, { p_cluster_id: clusterId });

  it("refuses contractors, SMEs and anonymous callers", async () => {
    for (const fn of ["analytics_localization_gap", "analytics_eoi_funnel", "analytics_verification", "analytics_expiring_certifications", "analytics_map_items"]) {
      for (const outsider of [users.contractor.client, users.sme.client]) {
        const { error } = await call(outsider, fn, clusterIds.changwon!);
        expect(error?.code, fn).toBe("42501");
      }
      const anonymous = createClient(stack.supabaseUrl, stack.anonKey, clientOptions);
      expect((await call(anonymous, fn, null)).error, fn).not.toBeNull();
    }
  });

  it("keeps a cluster authority to its own cluster; the platform sees every cluster and all of them", async () => {
    expect((await call(users.cluster.client, "analytics_eoi_funnel", clusterIds.changwon!)).error).toBeNull();
    expect((await call(users.cluster.client, "analytics_eoi_funnel", clusterIds.gumi!)).error?.code).toBe("42501");
    expect((await call(users.cluster.client, "analytics_eoi_funnel", null)).error?.code).toBe("42501");
    const all = await call(users.platform.client, "analytics_verification", null);
    expect(all.error).toBeNull();
    expect(all.data).toHaveLength(9);
    expect((await call(users.platform.client, "analytics_verification", "00000000-0000-4000-8000-000000000000")).error?.code).toBe("P0002");
  });
});
