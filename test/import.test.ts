import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createImportRun, fullReport, getImportRun, loadImportContext, processImportRun, runImport, commitDryRun } from "~/import/commit.server";
import { loadInterchangeRecords } from "~/import/export.server";
import { parseImportFile } from "~/import/parse.server";
import { serialize, toJsonLines, type InterchangeRecord } from "~/import/serialize.server";
import { validateFile } from "~/import/validate";
import { SupplierFixtures, tagOf, type Person } from "./suppliers-fixtures.ts";

const stack = inject("stack");
const fixtures = new SupplierFixtures(stack);
const samplesDir = path.resolve("docs/samples");
const sampleJsonl = fs.readFileSync(path.join(samplesDir, "suppliers.jsonl"));
const sampleCsv = fs.readFileSync(path.join(samplesDir, "suppliers.csv"));

/** Everything an import writes for an importer's suppliers, with timestamps, for before/after comparison. */
async function snapshot(importerId: string) {
  return fixtures.query(
    `select p.external_id, p.organization_id, p.updated_at as profile_updated, o.updated_at as org_updated,
            (select json_agg(json_build_array(c.process_code, c.material_codes, c.updated_at) order by c.process_code) from public.sme_capabilities c where c.organization_id = p.organization_id) as capabilities,
            (select json_agg(json_build_array(c.certification_type_code, c.certificate_number, c.expires_on, c.updated_at) order by c.certification_type_code, c.certificate_number) from public.sme_certifications c where c.organization_id = p.organization_id) as certifications,
            (select json_agg(json_build_array(s.id, s.lat, s.lng, s.updated_at) order by s.is_primary desc, s.lat) from public.sme_sites s where s.organization_id = p.organization_id) as sites
     from public.sme_profiles p join public.organizations o on o.id = p.organization_id
     where p.imported_by_organization_id = $1 order by p.external_id`,
    [importerId],
  );
}

async function supplierCount(importerId: string) {
  const [row] = await fixtures.query<{ count: string }>("select count(*) from public.sme_profiles where imported_by_organization_id = $1", [importerId]);
  return Number(row!.count);
}

let platform: Person;
let authority: Person;
let authorityCluster: { id: string; slug: string };

beforeAll(async () => {
  await fixtures.ensureSampleClusters();
  platform = await fixtures.platformPerson(tagOf("imp"));
  authority = await fixtures.person(tagOf("auth"), "cluster_authority", "Import authority");
  authorityCluster = await fixtures.cluster(tagOf("impc"), authority.organizationId);
});

afterAll(async () => {
  await fixtures.close();
});

describe("importing the sample file", () => {
  it("creates the 50 sample suppliers, and importing it again (as JSONL or CSV) changes nothing", async () => {
    const first = await runImport(platform.client, {
      organizationId: platform.organizationId,
      importerKind: "platform",
      fileName: "suppliers.jsonl",
      bytes: sampleJsonl,
      mode: "commit",
    });
    expect(first.run).toMatchObject({ status: "completed", total_rows: 50, created_rows: 50, invalid_rows: 0, failed_rows: 0 });
    expect(await supplierCount(platform.organizationId)).toBe(50);
    const before = await snapshot(platform.organizationId);
    expect(before).toHaveLength(50);
    expect(before.every((row) => (row.sites as unknown[]).length >= 1 && (row.capabilities as unknown[]).length >= 1)).toBe(true);
    const [outboxBefore] = await fixtures.query<{ max: string | null }>("select max(id) from public.search_outbox");

    const again = await runImport(platform.client, {
      organizationId: platform.organizationId,
      importerKind: "platform",
      fileName: "suppliers.jsonl",
      bytes: sampleJsonl,
      mode: "commit",
    });
    expect(again.run).toMatchObject({ status: "completed", created_rows: 0, updated_rows: 0, unchanged_rows: 50 });

    const asCsv = await runImport(platform.client, {
      organizationId: platform.organizationId,
      importerKind: "platform",
      fileName: "suppliers.csv",
      bytes: sampleCsv,
      mode: "commit",
    });
    expect(asCsv.run).toMatchObject({ status: "completed", created_rows: 0, updated_rows: 0, unchanged_rows: 50 });

    // Same suppliers, same rows, not even a touched timestamp, and nothing queued for the index.
    expect(await snapshot(platform.organizationId)).toEqual(before);
    const [outboxAfter] = await fixtures.query<{ count: string }>(
      "select count(*) from public.search_outbox where id > coalesce($1::bigint, 0) and document_id = any($2::text[])",
      [outboxBefore!.max, before.map((row) => row.organization_id)],
    );
    expect(Number(outboxAfter!.count)).toBe(0);
  });

  it("reads the CSV sample exactly as the JSON Lines sample", async () => {
    const context = await loadImportContext(platform.client, { organizationId: platform.organizationId, kind: "platform" });
    const jsonl = await parseImportFile({ fileName: "suppliers.jsonl", bytes: sampleJsonl });
    const csv = await parseImportFile({ fileName: "suppliers.csv", bytes: sampleCsv });
    if ("error" in jsonl || "error" in csv) throw new Error("samples must parse");
    const payloads = (file: typeof jsonl) => validateFile(file, context).rows.map((row) => row.payload);
    expect(payloads(csv)).toEqual(payloads(jsonl));
    expect(payloads(jsonl).every(Boolean)).toBe(true);
  });

  it("exports the imported suppliers in the same format, and re-importing the export changes nothing (CSV, XLSX, JSONL)", async () => {
    const records = await loadInterchangeRecords(platform.client, { kind: "imported", organizationId: platform.organizationId });
    expect(records).toHaveLength(50);
    expect(records.every((record) => record.fictional === true)).toBe(true);
    for (const format of ["csv", "xlsx", "jsonl"] as const) {
      const bytes = await serialize(records, format);
      const outcome = await runImport(platform.client, {
        organizationId: platform.organizationId,
        importerKind: "platform",
        fileName: `export.${format}`,
        bytes,
        mode: "commit",
      });
      expect(outcome.run, format).toMatchObject({ status: "completed", unchanged_rows: 50, created_rows: 0, updated_rows: 0, invalid_rows: 0 });
    }
  });

  it("runs from the command line with a dry run that prints the report and writes nothing", async () => {
    const tag = tagOf("cli");
    await fixtures.query("insert into public.organizations (slug, kind, name_en) values ($1, 'platform', $2)", [tag, `CLI ${tag}`]);
    const [organization] = await fixtures.query<{ id: string }>("select id from public.organizations where slug = $1", [tag]);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "scripts/import.ts", path.join(samplesDir, "suppliers.csv"), "--org", tag, "--dry-run"],
      { env: { ...process.env, SUPABASE_URL: stack.supabaseUrl, SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey }, timeout: 60_000 },
    );
    expect(stdout).toContain("50 valid, 0 with errors");
    expect(stdout).toContain("nothing written");
    expect(stdout).toMatch(/warning\s+row \d+\s+processes\[\d+\]/);
    expect(await supplierCount(organization!.id)).toBe(0);
  });
});

/** 30 good suppliers and 20 bad rows, each bad in its own way; row numbers are JSON Lines lines. */
function mixedFile(clusterSlug: string) {
  const good: InterchangeRecord[] = Array.from({ length: 30 }, (_, index) => ({
    external_id: `GOOD-${index + 1}`,
    name_en: `Mixed Good ${index + 1} (fictional)`,
    name_ko: `혼합 정상 ${index + 1}`,
    description_en: "Fictional supplier for the import test.",
    processes: ["5축 가공", "anodizing"],
    materials: ["titanium"],
    certifications: [{ type: "AS9100D", number: `M-${index}`, expires_on: "2028-01-31" }],
    sites: [{ lat: 35.2 + index / 1000, lng: 128.6, name: "Plant", address: "경상남도 창원시 성산구" }],
    cluster: index % 2 === 0 ? clusterSlug : null,
    tags: [],
    fictional: true,
  }));
  const base = { name_en: "Bad (fictional)", description_en: "Fictional.", sites: [{ lat: 35, lng: 128 }] };
  const bad: Array<{ line: string; field: string }> = [
    { line: JSON.stringify({ ...base, external_id: "" }), field: "external_id" },
    { line: JSON.stringify({ ...base, external_id: "B2", name_en: "" }), field: "name_en" },
    { line: JSON.stringify({ ...base, external_id: "B3", description_en: null }), field: "description_en" },
    { line: JSON.stringify({ ...base, external_id: "B4", website: "ftp://example.com" }), field: "website" },
    { line: JSON.stringify({ ...base, external_id: "B5", contact_email: "no-at-sign" }), field: "contact_email" },
    { line: JSON.stringify({ ...base, external_id: "B6", employees: -1 }), field: "employees" },
    { line: JSON.stringify({ ...base, external_id: "B7", founded_year: 1850 }), field: "founded_year" },
    { line: JSON.stringify({ ...base, external_id: "B8", defense_designated: "maybe" }), field: "defense_designated" },
    { line: JSON.stringify({ ...base, external_id: "B9", sites: [] }), field: "sites" },
    { line: JSON.stringify({ ...base, external_id: "B10", sites: [{ lat: 95, lng: 128 }] }), field: "sites[1].lat" },
    { line: JSON.stringify({ ...base, external_id: "B11", sites: "35.1|500|Nowhere" }), field: "sites[1].lng" },
    { line: JSON.stringify({ ...base, external_id: "B12", certifications: [{ type: "Underwater basket weaving" }] }), field: "certifications[1].type" },
    { line: JSON.stringify({ ...base, external_id: "B13", certifications: "AS9100D|X|31/12/2027" }), field: "certifications[1].expires_on" },
    { line: JSON.stringify({ ...base, external_id: "B14", cluster: "atlantis" }), field: "cluster" },
    // A real cluster the authority does not manage.
    { line: JSON.stringify({ ...base, external_id: "B15", cluster: "changwon" }), field: "cluster" },
    { line: JSON.stringify({ ...base, external_id: "GOOD-1" }), field: "external_id" },
    { line: JSON.stringify({ ...base, external_id: "B17", processes: "not-a-list-item".repeat(10) }), field: "processes[1]" },
    { line: "{ this is not json", field: "" },
    { line: "[1, 2, 3]", field: "" },
    { line: JSON.stringify({ ...base, external_id: "x".repeat(101) }), field: "external_id" },
  ];
  // Good and bad rows interleaved; remember the line numbers of the bad ones.
  const lines: string[] = [];
  const badLines = new Map<number, string>();
  let goodIndex = 0;
  for (let index = 0; index < 50; index++) {
    if (index % 5 === 2 || index % 5 === 4) {
      const entry = bad[badLines.size]!;
      lines.push(entry.line);
      badLines.set(lines.length, entry.field);
    } else {
      lines.push(toJsonLines([good[goodIndex++]!]).trim());
    }
  }
  return { bytes: new TextEncoder().encode(`${lines.join("\n")}\n`), badLines };
}

describe("a file with 20 bad rows among 30 good ones", () => {
  it("reports exactly those 20 rows in the dry run and writes nothing; the commit writes only the good rows", async () => {
    const { bytes, badLines } = mixedFile(authorityCluster.slug);
    expect(badLines.size).toBe(20);

    const dryRun = await runImport(authority.client, {
      organizationId: authority.organizationId,
      importerKind: "cluster_authority",
      fileName: "mixed.jsonl",
      bytes,
      mode: "dry_run",
    });
    expect(dryRun.run).toMatchObject({ mode: "dry_run", status: "completed", total_rows: 50, valid_rows: 30, invalid_rows: 20, would_create_rows: 30 });
    const report = await fullReport(authority.client, { runId: dryRun.runId! });
    const errors = report.filter((issue) => issue.severity === "error");
    expect(new Set(errors.map((issue) => issue.row))).toEqual(new Set(badLines.keys()));
    for (const [line, field] of badLines) {
      expect(errors.some((issue) => issue.row === line && issue.field === field), `line ${line} field ${field}`).toBe(true);
      // Every message exists in both languages and is not the generic fallback.
      for (const issue of errors.filter((candidate) => candidate.row === line)) {
        expect(issue.message_en).not.toBe(issue.message_ko);
        expect(issue.code).not.toBe("import.error.invalid_value");
      }
    }
    expect(await supplierCount(authority.organizationId)).toBe(0);

    // "Import the valid rows" after the dry run.
    const commitRunId = await commitDryRun(authority.client, { runId: dryRun.runId! });
    await processImportRun(authority.client, { runId: commitRunId });
    const committed = await getImportRun(authority.client, { runId: commitRunId });
    expect(committed).toMatchObject({ mode: "commit", status: "completed", created_rows: 30, invalid_rows: 20, failed_rows: 0, pending_rows: 0 });
    expect(await supplierCount(authority.organizationId)).toBe(30);
    const clusters = await fixtures.query<{ cluster_id: string | null }>(
      "select distinct cluster_id from public.sme_profiles where imported_by_organization_id = $1",
      [authority.organizationId],
    );
    // Rows without a cluster join the one cluster this authority manages.
    expect(clusters).toEqual([{ cluster_id: authorityCluster.id }]);
    const [audit] = await fixtures.query<{ details: Record<string, number> }>(
      "select details from public.audit_log where action = 'import.completed' and entity_id = $1",
      [commitRunId],
    );
    expect(audit?.details).toMatchObject({ created: 30, invalid: 20 });
  });
});

describe("the write path", () => {
  it("writes each supplier atomically: a row the database refuses leaves nothing behind", async () => {
    const other = await fixtures.person(tagOf("oth"), "cluster_authority");
    const foreignCluster = await fixtures.cluster(tagOf("fc"), other.organizationId);
    const file = await parseImportFile({
      fileName: "atomic.jsonl",
      bytes: new TextEncoder().encode(
        [
          JSON.stringify({ external_id: "ATOM-1", name_en: "Atomic One (fictional)", description_en: "x", processes: ["ndt"], certifications: ["AS9100D|A1|2027-01-01"], sites: "35.1|128.1" }),
          JSON.stringify({ external_id: "ATOM-2", name_en: "Atomic Two (fictional)", description_en: "x", processes: ["ndt"], certifications: ["AS9100D|A2|2027-01-01"], sites: "35.1|128.1" }),
        ].join("\n"),
      ),
    });
    if ("error" in file) throw new Error("must parse");
    const context = await loadImportContext(authority.client, { organizationId: authority.organizationId, kind: "cluster_authority" });
    const validation = validateFile(file, context);
    // Tamper with the second row after validation, as a stale or forged payload would: the
    // database checks the cluster itself and refuses the whole row.
    validation.rows[1]!.payload!.cluster_slug = foreignCluster.slug;
    const runId = await createImportRun(authority.client, { organizationId: authority.organizationId, mode: "commit", fileName: "atomic.jsonl", format: "jsonl", sha256: null, validation });
    await processImportRun(authority.client, { runId });
    const run = await getImportRun(authority.client, { runId });
    expect(run).toMatchObject({ status: "completed", created_rows: 1, failed_rows: 1 });
    const names = await fixtures.query<{ name_en: string }>("select name_en from public.organizations where name_en like 'Atomic % (fictional)' order by name_en");
    expect(names.map((row) => row.name_en)).toEqual(["Atomic One (fictional)"]);
    const [orphans] = await fixtures.query<{ count: string }>("select count(*) from public.sme_certifications where certificate_number = 'A2'");
    expect(Number(orphans!.count)).toBe(0);
    const report = await fullReport(authority.client, { runId });
    expect(report.find((issue) => issue.row === 2)?.code).toBe("import.error.database");
  });

  it("resumes an interrupted commit without writing any row twice", async () => {
    const importer = await fixtures.platformPerson(tagOf("res"));
    const file = await parseImportFile({ fileName: "suppliers.jsonl", bytes: sampleJsonl });
    if ("error" in file) throw new Error("must parse");
    const context = await loadImportContext(importer.client, { organizationId: importer.organizationId, kind: "platform" });
    const runId = await createImportRun(importer.client, {
      organizationId: importer.organizationId,
      mode: "commit",
      fileName: "suppliers.jsonl",
      format: "jsonl",
      sha256: null,
      validation: validateFile(file, context),
    });
    // The first processor stops after one batch, as if the server died.
    const stop = new AbortController();
    await processImportRun(importer.client, { runId, batchSize: 7, concurrency: 1, onProgress: () => stop.abort(), signal: stop.signal });
    const halfway = await getImportRun(importer.client, { runId });
    expect(halfway).toMatchObject({ status: "running", created_rows: 7, pending_rows: 43 });

    // Two processors resume at once; each pending row goes to exactly one of them.
    await Promise.all([processImportRun(importer.client, { runId, batchSize: 5 }), processImportRun(importer.client, { runId, batchSize: 5 })]);
    const done = await getImportRun(importer.client, { runId });
    expect(done).toMatchObject({ status: "completed", created_rows: 50, pending_rows: 0, failed_rows: 0 });
    expect(await supplierCount(importer.organizationId)).toBe(50);
    const [{ count }] = (await fixtures.query<{ count: string }>("select count(*) from public.audit_log where action = 'import.completed' and entity_id = $1", [runId])) as [
      { count: string },
    ];
    expect(Number(count)).toBe(1);
  });

  it("lets only cluster authorities and the platform import, and only into their own runs", async () => {
    const sme = await fixtures.person(tagOf("smeimp"), "sme");
    const refused = await sme.client.from("import_runs").insert({ organization_id: sme.organizationId, mode: "dry_run", file_name: "x.csv", file_format: "csv" }).select("id");
    expect(refused.error?.code).toBe("42501");
    const foreign = await sme.client.from("import_runs").insert({ organization_id: authority.organizationId, mode: "dry_run", file_name: "x.csv", file_format: "csv" }).select("id");
    expect(foreign.error?.code).toBe("42501");
    // Another organization's run is invisible and cannot be processed.
    const [run] = await fixtures.query<{ id: string }>("select id from public.import_runs where organization_id = $1 limit 1", [authority.organizationId]);
    const seen = await sme.client.from("import_runs").select("id").eq("id", run!.id);
    expect(seen.data).toEqual([]);
    const processed = await sme.client.rpc("process_import_rows", { p_run_id: run!.id, p_limit: 5 });
    expect(processed.error?.code).toBe("42501");
  });
});

describe("writing a batch at once", () => {
  /** A supplier as the import leaves it, without ids or timestamps: what both write paths must agree on. */
  async function written(importerId: string) {
    return fixtures.query(
      `select p.external_id, o.name_en, o.name_ko, o.website, o.is_fictional, p.description_en, p.description_ko, p.employees,
              p.founded_year, p.defense_designated, p.security_assessment_passed, p.capacity_note, p.contact_email, p.tags,
              (select slug from public.clusters c where c.id = p.cluster_id) as cluster, p.published,
              (select json_agg(json_build_array(c.process_code, c.material_codes) order by c.process_code) from public.sme_capabilities c where c.organization_id = p.organization_id) as capabilities,
              (select json_agg(json_build_array(c.certification_type_code, c.certificate_number, c.expires_on, c.verification_status) order by c.certification_type_code, c.certificate_number) from public.sme_certifications c where c.organization_id = p.organization_id) as certifications,
              (select json_agg(json_build_array(s.is_primary, s.lat, s.lng, s.name_en, s.name_ko, s.address_en, s.address_ko, s.region) order by s.is_primary desc, s.lat, s.lng) from public.sme_sites s where s.organization_id = p.organization_id) as sites
       from public.sme_profiles p join public.organizations o on o.id = p.organization_id
       where p.imported_by_organization_id = $1 order by p.external_id`,
      [importerId],
    );
  }

  it("gives every row the outcome and the data that writing it on its own gives", { timeout: 240_000 }, async () => {
    const original = sampleJsonl.toString("utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    const changed = original.map((row) => structuredClone(row));
    const byId = (id: string) => changed.find((row) => row.external_id === id)!;
    byId("SAMPLE-002").name_en = "Saebyeok Aero MRO Renamed";
    const certifications = byId("SAMPLE-003").certifications as Array<{ expires_on?: string }>;
    certifications[0]!.expires_on = "2031-01-31";
    byId("SAMPLE-004").processes = (byId("SAMPLE-004").processes as string[]).slice(0, 1);
    const sites = byId("SAMPLE-005").sites as Array<{ lat: number }>;
    sites[0]!.lat = Math.round((sites[0]!.lat + 0.01) * 10000) / 10000;
    byId("SAMPLE-006").employees = 4321;
    byId("SAMPLE-007").materials = ["titanium"];
    changed.push({ ...structuredClone(original[7]!), external_id: "SAMPLE-NEW-1", name_en: "Brand New Supplier (fictional)" });
    const changedFile = new TextEncoder().encode(changed.map((row) => JSON.stringify(row)).join("\n"));

    const setBased = await fixtures.platformPerson(tagOf("setb"));
    const rowByRow = await fixtures.platformPerson(tagOf("rowb"));
    const claimant = await fixtures.person(tagOf("claim"), "sme");
    const runs: Record<string, string> = {};
    for (const importer of [setBased, rowByRow]) {
      const first = await runImport(importer.client, { organizationId: importer.organizationId, importerKind: "platform", fileName: "suppliers.jsonl", bytes: sampleJsonl, mode: "commit" });
      expect(first.run).toMatchObject({ status: "completed", created_rows: 50 });
      // People of SAMPLE-001 manage its profile now; a verified certificate of SAMPLE-003 will change.
      await fixtures.query(
        `insert into public.memberships (organization_id, user_id, role)
         select organization_id, $2, 'owner' from public.sme_profiles where imported_by_organization_id = $1 and external_id = 'SAMPLE-001'`,
        [importer.organizationId, claimant.userId],
      );
      await fixtures.query(
        `update public.sme_certifications set verification_status = 'verified', verified_at = now()
         where organization_id = (select organization_id from public.sme_profiles where imported_by_organization_id = $1 and external_id = 'SAMPLE-003')`,
        [importer.organizationId],
      );
      const file = await parseImportFile({ fileName: "changed.jsonl", bytes: changedFile });
      if ("error" in file) throw new Error("must parse");
      const validation = validateFile(file, await loadImportContext(importer.client, { organizationId: importer.organizationId, kind: "platform" }));
      if (importer === rowByRow) {
        // A row the database refuses (a cluster that does not exist) sends its whole batch down the row-by-row path.
        const forged = structuredClone(validation.rows[8]!);
        validation.rows.push({ ...forged, row: 99, external_id: "SAMPLE-FORGED", issues: [], payload: { ...forged.payload!, external_id: "SAMPLE-FORGED", cluster_slug: "no-such-cluster" } });
      }
      runs[importer.organizationId] = await createImportRun(importer.client, { organizationId: importer.organizationId, mode: "commit", fileName: "changed.jsonl", format: "jsonl", sha256: null, validation });
    }

    // The set-based write takes this batch as it is (it raises for batches it leaves to the row-by-row path).
    const client = await fixtures.pool.connect();
    try {
      await client.query("begin");
      const { rows } = await client.query<{ outcome: string }>(
        `select u.outcome from public.import_runs r,
           private.upsert_imported_suppliers(r.organization_id,
             (select jsonb_agg(jsonb_build_object('id', x.id, 'row_number', x.row_number, 'payload', x.payload)) from public.import_rows x where x.run_id = r.id and x.status = 'pending'),
             r.created_by) u
         where r.id = $1`,
        [runs[setBased.organizationId]],
      );
      expect(rows).toHaveLength(51);
    } finally {
      await client.query("rollback");
      client.release();
    }

    const outcomes: Record<string, Record<string, string>> = {};
    for (const importer of [setBased, rowByRow]) {
      const runId = runs[importer.organizationId]!;
      await processImportRun(importer.client, { runId });
      const rows = await fixtures.query<{ external_id: string; status: string }>("select external_id, status::text from public.import_rows where run_id = $1 order by row_number", [runId]);
      outcomes[importer.organizationId] = Object.fromEntries(rows.map((row) => [row.external_id, row.status]));
    }
    const setBasedOutcomes = outcomes[setBased.organizationId]!;
    expect(setBasedOutcomes).toMatchObject({
      "SAMPLE-001": "skipped",
      "SAMPLE-002": "updated",
      "SAMPLE-003": "updated",
      "SAMPLE-004": "updated",
      "SAMPLE-005": "updated",
      "SAMPLE-006": "updated",
      "SAMPLE-007": "updated",
      "SAMPLE-008": "unchanged",
      "SAMPLE-NEW-1": "created",
    });
    expect(Object.values(setBasedOutcomes).filter((status) => status === "unchanged")).toHaveLength(43);
    const { "SAMPLE-FORGED": forged, ...rowByRowOutcomes } = outcomes[rowByRow.organizationId]!;
    expect(forged).toBe("failed");
    expect(rowByRowOutcomes).toEqual(setBasedOutcomes);
    const setBasedRun = await getImportRun(setBased.client, { runId: runs[setBased.organizationId]! });
    const rowByRowRun = await getImportRun(rowByRow.client, { runId: runs[rowByRow.organizationId]! });
    expect(setBasedRun).toMatchObject({ status: "completed", created_rows: 1, updated_rows: 6, unchanged_rows: 43, skipped_rows: 1, failed_rows: 0 });
    expect(rowByRowRun).toMatchObject({ status: "completed", failed_rows: 1, warning_rows: setBasedRun!.warning_rows });
    const report = await fullReport(setBased.client, { runId: runs[setBased.organizationId]! });
    expect(report.filter((issue) => issue.code === "import.warning.claimed").map((issue) => issue.external_id)).toEqual(["SAMPLE-001"]);

    const [setBasedData, rowByRowData] = [await written(setBased.organizationId), await written(rowByRow.organizationId)];
    expect(setBasedData).toHaveLength(51);
    expect(setBasedData).toEqual(rowByRowData);
    const renamed = setBasedData.find((row) => row.external_id === "SAMPLE-002")!;
    expect(renamed.name_en).toBe("Saebyeok Aero MRO Renamed");
    const recertified = setBasedData.find((row) => row.external_id === "SAMPLE-003")!;
    expect((recertified.certifications as unknown[][]).find((entry) => entry[2] === "2031-01-31")?.[3]).toBe("unverified");
  });
});
