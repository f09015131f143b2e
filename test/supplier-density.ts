import type pg from "pg";

export type DensityTarget = { id: string; center_lat: number; center_lng: number };

/**
 * Supplier density written independently of the SQL function hosting_supplier_density: plain
 * reads of the base tables, the distance and the process tree done in JavaScript. Keys are
 * "<cluster id>/<process code>".
 */
export async function independentDensity(client: pg.ClientBase, targets: DensityTarget[], processCodes: string[], km: number): Promise<Record<string, number>> {
  const sites = (
    await client.query<{ organization_id: string; lat: number; lng: number }>(
      `select s.organization_id, s.lat, s.lng
       from public.sme_sites s join public.sme_profiles p on p.organization_id = s.organization_id
       where p.published and p.verification_status = 'verified'`,
    )
  ).rows;
  const parents = new Map((await client.query<{ code: string; parent_code: string | null }>("select code, parent_code from public.processes")).rows.map((row) => [row.code, row.parent_code]));
  const covers = new Map<string, Set<string>>();
  for (const row of (await client.query<{ organization_id: string; process_code: string }>("select organization_id, process_code from public.sme_capabilities")).rows) {
    const set = covers.get(row.organization_id) ?? new Set<string>();
    set.add(row.process_code);
    const parent = parents.get(row.process_code);
    if (parent) set.add(parent);
    covers.set(row.organization_id, set);
  }
  const expected: Record<string, number> = {};
  for (const cluster of targets) {
    const near = new Set(sites.filter((site) => greatCircleKm(cluster.center_lat, cluster.center_lng, site.lat, site.lng) <= km).map((site) => site.organization_id));
    for (const code of processCodes) {
      expected[`${cluster.id}/${code}`] = [...near].filter((org) => covers.get(org)?.has(code)).length;
    }
  }
  return expected;
}

function greatCircleKm(lat1: number, lng1: number, lat2: number, lng2: number) {
  const rad = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}
