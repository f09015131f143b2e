/**
 * supplier_match_cards and supplier_match_facts (the rows match_candidates reads) are rewritten
 * from their sources when a transaction that changed a supplier commits. After every kind of
 * change — capabilities, certificates, sites, profile, organization, publishing, deletion, several
 * statements in one transaction, a process code renamed — they must equal what the sources say,
 * computed here independently the way match_candidates used to compute them at query time.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const stack = inject("stack");
const run = randomUUID().slice(0, 8);
const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
const q = async <T extends pg.QueryResultRow = Record<string, any>>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows;

const EXPECTED_CARDS = `
  select p.organization_id, p.external_id, o.name_en, o.name_ko, p.employees, p.capacity_note,
         coalesce(e.completeness, 0)::smallint as completeness, p.verification_status, p.defense_designated,
         p.security_assessment_passed, p.cluster_id,
         coalesce((select array_agg(c.process_code order by c.process_code) from public.sme_capabilities c
                   where c.organization_id = p.organization_id), '{}') as process_codes,
         coalesce((select array_agg(distinct m order by m) from public.sme_capabilities c, unnest(c.material_codes) m
                   where c.organization_id = p.organization_id), '{}') as material_codes,
         coalesce((select jsonb_agg(jsonb_build_object('id', sc.id, 'type_code', sc.certification_type_code,
                                                       'verification_status', sc.verification_status, 'expires_on', sc.expires_on)
                                    order by sc.certification_type_code, sc.id)
                   from public.sme_certifications sc where sc.organization_id = p.organization_id), '[]') as certifications,
         coalesce((select jsonb_agg(jsonb_build_object('lat', s.lat, 'lng', s.lng, 'is_primary', s.is_primary)
                                    order by s.is_primary desc, s.id)
                   from public.sme_sites s where s.organization_id = p.organization_id), '[]') as sites
  from public.sme_profiles p
  join public.organizations o on o.id = p.organization_id
  left join public.supplier_search_entries e on e.organization_id = p.organization_id
  where p.published and p.organization_id = any ($1::uuid[])`;

const EXPECTED_FACTS = `
  select c.process_code, c.organization_id, coalesce(e.completeness, 0)::smallint as completeness,
         s.lat as site_lat, s.lng as site_lng, coalesce(s.sites > 1, false) as more_sites
  from public.sme_capabilities c
  join public.sme_profiles p on p.organization_id = c.organization_id and p.published
  left join public.supplier_search_entries e on e.organization_id = c.organization_id
  left join lateral (
    select s.lat, s.lng, count(*) over () as sites from public.sme_sites s
    where s.organization_id = c.organization_id order by s.is_primary desc, s.id limit 1) s on true
  where c.organization_id = any ($1::uuid[])`;

const ACTUAL_CARDS = "select * from public.supplier_match_cards where organization_id = any ($1::uuid[])";
const ACTUAL_FACTS = "select * from public.supplier_match_facts where organization_id = any ($1::uuid[])";

/** Rows in one set and not the other, both ways; empty when the match rows mirror the sources. */
async function differences(client: pg.Pool | pg.PoolClient, orgs: string[]) {
  const diff = async (a: string, b: string) =>
    (await client.query(`select * from (${a} except all ${b.replaceAll("$1", "$2")}) d`, [orgs, orgs])).rows;
  return {
    cards_missing: await diff(EXPECTED_CARDS, ACTUAL_CARDS),
    cards_extra: await diff(ACTUAL_CARDS, EXPECTED_CARDS),
    facts_missing: await diff(EXPECTED_FACTS, ACTUAL_FACTS),
    facts_extra: await diff(ACTUAL_FACTS, EXPECTED_FACTS),
  };
}
const NONE = { cards_missing: [], cards_extra: [], facts_missing: [], facts_extra: [] };

let codes: string[] = [];
const smes: string[] = [];

async function newSme(index: number, published: boolean) {
  const [row] = await q<{ id: string }>(
    "insert into public.organizations (slug, kind, name_en, name_ko) values ($1, 'sme', $2, $3) returning id",
    [`match-rows-${run}-${index}`, `Match rows ${run} ${index}`, `매칭 ${index}`],
  );
  const id = row!.id;
  await q("insert into public.sme_profiles (organization_id, published, employees, description_en) values ($1, $2, $3, $4)", [
    id, published, 10 + index, "A supplier made for the match rows test, with a long enough description.",
  ]);
  return id;
}

beforeAll(async () => {
  codes = (await q<{ code: string }>("select code from public.processes order by code limit 4")).map((r) => r.code);
  for (let index = 0; index < 4; index++) smes.push(await newSme(index, index !== 3));
  // One supplier written in one transaction, as an import batch does.
  const client = await db.connect();
  try {
    await client.query("begin");
    for (const [i, org] of smes.entries()) {
      await client.query("insert into public.sme_capabilities (organization_id, process_code, material_codes) values ($1, $2, '{al-7075}'), ($1, $3, '{}')", [
        org, codes[i % codes.length], codes[(i + 1) % codes.length],
      ]);
      await client.query("insert into public.sme_sites (organization_id, lat, lng, is_primary) values ($1, 35.2, 128.6, true)", [org]);
      await client.query("insert into public.sme_certifications (organization_id, certification_type_code, expires_on) values ($1, 'iso-9001', '2031-01-01')", [org]);
    }
    await client.query("commit");
  } finally {
    client.release();
  }
});

afterAll(async () => {
  await q("delete from public.organizations where id = any ($1::uuid[])", [smes]);
  await db.end();
});

describe("match rows", () => {
  it("mirror suppliers written in one transaction, and only published ones", async () => {
    expect(await differences(db, smes)).toEqual(NONE);
    expect(await q(ACTUAL_CARDS, [smes])).toHaveLength(3);
    expect(await q(ACTUAL_FACTS, [smes])).toHaveLength(6);
  });

  // Each change on its own, checked at once: a later change to the same supplier would rewrite
  // its rows anyway and hide a missing trigger.
  const changes: Array<[string, string, (o: string[]) => unknown[]]> = [
    ["a capability added", "insert into public.sme_capabilities (organization_id, process_code) values ($1, $2)", (o) => [o[0], codes[3]]],
    ["a capability removed", "delete from public.sme_capabilities where organization_id = $1 and process_code = $2", (o) => [o[1], codes[1]]],
    ["materials changed", "update public.sme_capabilities set material_codes = '{ti-cp}' where organization_id = $1", (o) => [o[2]]],
    ["a site moved", "update public.sme_sites set lat = lat + 0.5 where organization_id = $1", (o) => [o[0]]],
    ["a second site", "insert into public.sme_sites (organization_id, lat, lng) values ($1, 37.5, 127.0)", (o) => [o[1]]],
    ["the primary site changed", "update public.sme_sites set is_primary = not is_primary where organization_id = $1", (o) => [o[1]]],
    ["sites removed", "delete from public.sme_sites where organization_id = $1", (o) => [o[2]]],
    ["a certificate added", "insert into public.sme_certifications (organization_id, certification_type_code) values ($1, 'as9100d')", (o) => [o[0]]],
    ["a certificate expired", "update public.sme_certifications set expires_on = '2020-01-01' where organization_id = $1", (o) => [o[1]]],
    ["a certificate's status", "update public.sme_certifications set verification_status = 'pending' where organization_id = $1", (o) => [o[0]]],
    ["certificates removed", "delete from public.sme_certifications where organization_id = $1", (o) => [o[2]]],
    ["profile facts", "update public.sme_profiles set employees = 300, capacity_note = 'two shifts', external_id = $2 where organization_id = $1", (o) => [o[0], `MR-${run}`]],
    ["defense designation", "update public.sme_profiles set defense_designated = true, security_assessment_passed = true where organization_id = $1", (o) => [o[1]]],
    ["completeness", "update public.sme_profiles set description_ko = '완성도를 바꾸는 한국어 설명입니다.' where organization_id = $1", (o) => [o[0]]],
    ["names", "update public.organizations set name_en = name_en || ' renamed', name_ko = null where id = $1", (o) => [o[0]]],
    ["unpublished", "update public.sme_profiles set published = false where organization_id = $1", (o) => [o[1]]],
    ["published", "update public.sme_profiles set published = true where organization_id = $1", (o) => [o[3]]],
  ];
  for (const [what, sql, params] of changes) {
    it(`follow a change: ${what}`, async () => {
      await q(sql, params(smes));
      expect(await differences(db, smes)).toEqual(NONE);
    });
  }

  it("hold what the scorer needs after those changes", async () => {
    const [a, b, , d] = smes as [string, string, string, string];
    const [card] = await q("select completeness, employees from public.supplier_match_cards where organization_id = $1", [a]);
    const [entry] = await q("select completeness from public.supplier_search_entries where organization_id = $1", [a]);
    expect(card).toMatchObject({ completeness: entry?.completeness, employees: 300 });
    expect(await q(ACTUAL_CARDS, [[b]])).toHaveLength(0);
    expect(await q(ACTUAL_CARDS, [[d]])).toHaveLength(1);
  });

  it("follow a renamed process code and a deleted supplier", async () => {
    const client = await db.connect();
    try {
      await client.query("begin");
      await client.query("update public.processes set code = code || '-renamed' where code = $1", [codes[0]]);
      // What commit does, without committing a renamed taxonomy for the other tests.
      await client.query("set constraints all immediate");
      expect(await differences(client, smes)).toEqual(NONE);
      await client.query("rollback");
    } finally {
      client.release();
    }
    await q("delete from public.organizations where id = $1", [smes[2]]);
    expect(await differences(db, smes)).toEqual(NONE);
    expect(await q("select 1 from public.supplier_match_facts where organization_id = $1", [smes[2]])).toHaveLength(0);
  });
});
