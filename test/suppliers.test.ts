import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addCertification, certificationDocumentLink, decideCertification, replaceCertificationDocument } from "~/models/certification.server";
import { inviteToCluster, listClusterMembers, listManagedClusters, revokeClusterInvitation } from "~/models/cluster-members.server";
import {
  acceptClusterInvitation,
  addCapability,
  addSite,
  completenessOf,
  decideProfileVerification,
  getSupplierProfile,
  listIncomingClusterInvitations,
  saveSmeDetails,
  setMaterialOnCapabilities,
  setPrimarySite,
  setPublished,
} from "~/models/sme.server";
import { SupplierFixtures, tagOf, type Person } from "./suppliers-fixtures.ts";

const stack = inject("stack");
const fixtures = new SupplierFixtures(stack);

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
// The start of a Windows executable ("MZ" header), named and declared as a PDF by the uploader.
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]);

let sme: Person;
let otherSme: Person;
let authority: Person;
let otherAuthority: Person;
let contractor: Person;
let cluster: { id: string; slug: string };
let otherCluster: { id: string; slug: string };

async function storedObjects(organizationId: string) {
  return fixtures.query<{ name: string }>("select name from storage.objects where bucket_id = 'certificates' and name like $1", [`${organizationId}/%`]);
}

beforeAll(async () => {
  const tag = tagOf("sup");
  [sme, otherSme, authority, otherAuthority, contractor] = await Promise.all([
    fixtures.person(`${tag}-sme`, "sme", "Hana Lee"),
    fixtures.person(`${tag}-sme2`, "sme", "Minho Park"),
    fixtures.person(`${tag}-auth`, "cluster_authority", "Seoyeon Choi"),
    fixtures.person(`${tag}-auth2`, "cluster_authority", "Jisoo Han"),
    fixtures.person(`${tag}-con`, "contractor", "Dana Whitfield"),
  ]);
  cluster = await fixtures.cluster(`${tag}-a`, authority.organizationId);
  otherCluster = await fixtures.cluster(`${tag}-b`, otherAuthority.organizationId);
});

afterAll(async () => {
  await fixtures.close();
});

describe("certificate documents", () => {
  it("refuses a renamed .exe uploaded as a PDF, storing neither a file nor a row", async () => {
    const result = await addCertification(sme.client, {
      organizationId: sme.organizationId,
      input: { certification_type_code: "as9100d", certificate_number: "EXE-1", issuer: null, scope_note: null, issued_on: null, expires_on: "2028-01-01" },
      document: EXE,
    });
    expect(result).toEqual({ ok: false, refusal: "type_not_allowed" });
    expect(await storedObjects(sme.organizationId)).toEqual([]);
    const rows = await fixtures.query("select id from public.sme_certifications where organization_id = $1", [sme.organizationId]);
    expect(rows).toEqual([]);
  });

  it("stores a real PDF privately: the SME can open it, another SME cannot", async () => {
    const result = await addCertification(sme.client, {
      organizationId: sme.organizationId,
      input: { certification_type_code: "as9100d", certificate_number: "KR-AS-0001", issuer: "Fictional registrar", scope_note: null, issued_on: "2025-01-10", expires_on: "2028-01-09" },
      document: PDF,
    });
    if (!result.ok) throw new Error(`upload refused: ${JSON.stringify(result)}`);
    const objects = await storedObjects(sme.organizationId);
    expect(objects).toHaveLength(1);
    expect(objects[0]!.name).toMatch(new RegExp(`^${sme.organizationId}/${result.value}/[0-9a-f-]+\\.pdf$`));
    const [metadata] = await fixtures.query<{ mimetype: string }>("select metadata->>'mimetype' as mimetype from storage.objects where name = $1", [objects[0]!.name]);
    expect(metadata?.mimetype).toBe("application/pdf");

    const own = await certificationDocumentLink(sme.client, { certificationId: result.value });
    expect(own.ok).toBe(true);
    const download = await fetch(own.ok ? own.value : "");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);

    const stranger = await certificationDocumentLink(otherSme.client, { certificationId: result.value });
    expect(stranger.ok).toBe(false);
    const direct = await otherSme.client.storage.from("certificates").download(objects[0]!.name);
    expect(direct.data).toBeNull();
  });

  it("refuses an .exe as a replacement document too, keeping the earlier file", async () => {
    const [certification] = await fixtures.query<{ id: string; document_path: string }>(
      "select id, document_path from public.sme_certifications where organization_id = $1 and certificate_number = 'KR-AS-0001'",
      [sme.organizationId],
    );
    const result = await replaceCertificationDocument(sme.client, { organizationId: sme.organizationId, certificationId: certification!.id, bytes: EXE });
    expect(result).toEqual({ ok: false, refusal: "type_not_allowed" });
    const [after] = await fixtures.query<{ document_path: string }>("select document_path from public.sme_certifications where id = $1", [certification!.id]);
    expect(after!.document_path).toBe(certification!.document_path);
    expect(await storedObjects(sme.organizationId)).toHaveLength(1);
  });
});

describe("joining a cluster", () => {
  it("does not let an SME write itself into a cluster", async () => {
    const { error } = await sme.client.from("sme_profiles").update({ cluster_id: cluster.id }).eq("organization_id", sme.organizationId);
    expect(error?.code).toBe("42501");
  });

  it("joins through the authority's invitation, which only the invitee and the authority see", async () => {
    const invited = await inviteToCluster(authority.client, { clusterId: cluster.id, email: sme.email.toUpperCase(), message: "Welcome" });
    if (!invited.ok) throw new Error(JSON.stringify(invited));
    // Sending again renews the same open invitation instead of adding a second one.
    const again = await inviteToCluster(authority.client, { clusterId: cluster.id, email: sme.email, message: "Welcome again" });
    expect(again).toEqual({ ok: true, value: { id: invited.value.id, renewed: true } });

    expect((await listIncomingClusterInvitations(sme.client, { email: sme.email })).map((i) => i.id)).toEqual([invited.value.id]);
    expect(await listIncomingClusterInvitations(otherSme.client, { email: sme.email })).toEqual([]);
    // Another cluster's authority cannot invite into this cluster.
    const foreign = await inviteToCluster(otherAuthority.client, { clusterId: cluster.id, email: "someone@fixtures.example", message: null });
    expect(foreign.ok).toBe(false);
    // Someone else cannot accept it for their SME.
    const hijack = await acceptClusterInvitation(otherSme.client, { invitationId: invited.value.id, organizationId: otherSme.organizationId });
    expect(hijack.ok).toBe(false);

    const accepted = await acceptClusterInvitation(sme.client, { invitationId: invited.value.id, organizationId: sme.organizationId });
    expect(accepted).toEqual({ ok: true, value: cluster.id });
    const profile = await getSupplierProfile(sme.client, { organizationId: sme.organizationId });
    expect(profile?.cluster?.slug).toBe(cluster.slug);
    // Accepted invitations are closed.
    expect(await revokeClusterInvitation(authority.client, { invitationId: invited.value.id })).toMatchObject({ ok: false, error: { code: "not_found" } });

    const managed = await listManagedClusters(authority.client, { userId: authority.userId });
    expect(managed.map((c) => [c.slug, c.canDecide])).toEqual([[cluster.slug, true]]);
    const { members } = await listClusterMembers(authority.client, { clusterIds: [cluster.id] });
    expect(members.map((m) => m.organization_id)).toEqual([sme.organizationId]);
  });
});

describe("verification by the cluster authority", () => {
  it("verifies a member's certification, not another cluster's, and every decision lands in the audit log", async () => {
    const [certification] = await fixtures.query<{ id: string }>(
      "select id from public.sme_certifications where organization_id = $1 and certificate_number = 'KR-AS-0001'",
      [sme.organizationId],
    );
    // The other cluster's authority: nothing happens, the row is not even visible for update.
    const foreign = await decideCertification(otherAuthority.client, { certificationId: certification!.id, decision: "verified", reason: null });
    expect(foreign).toMatchObject({ ok: false, error: { code: "not_found" } });
    const [untouched] = await fixtures.query<{ verification_status: string }>("select verification_status from public.sme_certifications where id = $1", [certification!.id]);
    expect(untouched!.verification_status).toBe("unverified");

    // The SME cannot verify itself.
    const self = await sme.client.from("sme_certifications").update({ verification_status: "verified" }).eq("id", certification!.id);
    expect(self.error?.code).toBe("42501");

    const rejected = await decideCertification(authority.client, { certificationId: certification!.id, decision: "rejected", reason: "The scan is unreadable" });
    expect(rejected.ok).toBe(true);
    const verified = await decideCertification(authority.client, { certificationId: certification!.id, decision: "verified", reason: null });
    expect(verified).toMatchObject({ ok: true, value: { organization_id: sme.organizationId, verified_by: authority.userId } });

    const { data: entries, error } = await authority.client
      .from("audit_log")
      .select("action, entity_type, entity_id, actor_user_id, actor_organization_id, organization_id, details")
      .eq("entity_id", certification!.id)
      .order("id");
    expect(error).toBeNull();
    expect(entries).toEqual([
      expect.objectContaining({
        action: "verification.rejected",
        entity_type: "sme_certifications",
        actor_user_id: authority.userId,
        actor_organization_id: authority.organizationId,
        organization_id: sme.organizationId,
        details: expect.objectContaining({ from: "unverified", to: "rejected", rejection_reason: "The scan is unreadable" }),
      }),
      expect.objectContaining({ action: "verification.verified", actor_user_id: authority.userId, details: expect.objectContaining({ from: "rejected", to: "verified" }) }),
    ]);
  });

  it("shows contractors the verified badge with who verified it and when", async () => {
    // Fill and publish the profile through the same functions the editor uses.
    const saved = await saveSmeDetails(sme.client, {
      organizationId: sme.organizationId,
      details: {
        name_en: "Fixture Precision (fictional)",
        name_ko: "픽스처정밀",
        website: "https://fixture-precision.example",
        description_en: "Fictional machining shop.",
        description_ko: null,
        employees: 40,
        founded_year: 2001,
        revenue_band: "10b_50b_krw",
        defense_designated: true,
        security_assessment_passed: false,
        export_experience: true,
        export_countries: ["US", "PL"],
        capacity_note: "2 shifts",
        contact_email: "sales@fixture-precision.example",
        contact_phone: null,
      },
    });
    expect(saved.ok).toBe(true);
    const capability = await addCapability(sme.client, { organizationId: sme.organizationId, processCode: "machining-5axis" });
    expect(capability.ok).toBe(true);
    expect(await setMaterialOnCapabilities(sme.client, { organizationId: sme.organizationId, materialCode: "ti-6al-4v", present: true })).toEqual({ ok: true, value: 1 });
    const firstSite = await addSite(sme.client, {
      organizationId: sme.organizationId,
      input: { name_en: "Main plant", name_ko: null, address_en: null, address_ko: "경상남도 창원시 성산구 공단로 100", region: "gyeongnam", lat: 35.2279, lng: 128.6811 },
    });
    const secondSite = await addSite(sme.client, {
      organizationId: sme.organizationId,
      input: { name_en: "Second plant", name_ko: null, address_en: null, address_ko: null, region: null, lat: 35.1, lng: 128.1 },
    });
    if (!firstSite.ok || !secondSite.ok) throw new Error("sites refused");
    expect((await setPrimarySite(sme.client, { siteId: secondSite.value })).ok).toBe(true);
    expect((await setPublished(sme.client, { organizationId: sme.organizationId, published: true })).ok).toBe(true);

    const seen = await getSupplierProfile(contractor.client, { organizationId: sme.organizationId });
    expect(seen?.profile.published).toBe(true);
    expect(seen?.sites.map((site) => [site.name_en, site.is_primary])).toEqual([
      ["Second plant", true],
      ["Main plant", false],
    ]);
    const certification = seen!.certifications.find((c) => c.certificate_number === "KR-AS-0001")!;
    expect(certification.verification_status).toBe("verified");
    expect(seen!.verifiers[certification.verified_by!]).toMatchObject({ display_name: "Seoyeon Choi" });
    expect(certification.verified_at).toBeTruthy();
    expect(seen!.labels.certificationTypes.as9100d).toEqual({ en: "AS9100D", ko: expect.any(String) });
    expect(completenessOf(seen!, "2026-11-25").missing).toEqual(expect.arrayContaining(["description_ko", "equipment", "brochure"]));

    // Anonymous visitors see the published profile too, and verifier details only of verifiers.
    const anonymous = fixtures.newClient();
    expect((await getSupplierProfile(anonymous, { organizationId: sme.organizationId }))?.organization.name_en).toBe("Fixture Precision (fictional)");
    const { data: nobody } = await anonymous.rpc("verifier_details", { user_ids: [sme.userId, contractor.userId] });
    expect(nobody).toEqual([]);
  });

  it("requires a reason to reject a profile and keeps the decision with its author", async () => {
    const noReason = await decideProfileVerification(authority.client, { organizationId: sme.organizationId, decision: "rejected", reason: null });
    expect(noReason.ok).toBe(false);
    const other = await decideProfileVerification(otherAuthority.client, { organizationId: sme.organizationId, decision: "verified", reason: null });
    expect(other).toMatchObject({ ok: false, error: { code: "not_found" } });
    const verified = await decideProfileVerification(authority.client, { organizationId: sme.organizationId, decision: "verified", reason: null });
    expect(verified.ok).toBe(true);
    const [profile] = await fixtures.query<{ verification_status: string; verified_by: string }>(
      "select verification_status, verified_by from public.sme_profiles where organization_id = $1",
      [sme.organizationId],
    );
    expect(profile).toEqual({ verification_status: "verified", verified_by: authority.userId });
    const [entry] = await fixtures.query<{ count: string }>(
      "select count(*) from public.audit_log where entity_type = 'sme_profiles' and entity_id = $1 and action = 'verification.verified'",
      [sme.organizationId],
    );
    expect(Number(entry!.count)).toBe(1);
    expect(otherCluster.id).not.toBe(cluster.id);
  });

  it("reports expiring and expired certificates to the cluster authority", async () => {
    const soon = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const past = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
    for (const [number, expires] of [["SOON-1", soon], ["PAST-1", past]] as const) {
      const added = await addCertification(sme.client, {
        organizationId: sme.organizationId,
        input: { certification_type_code: "iso-9001", certificate_number: number, issuer: null, scope_note: null, issued_on: null, expires_on: expires },
      });
      expect(added.ok).toBe(true);
    }
    const { members, attention } = await listClusterMembers(authority.client, { clusterIds: [cluster.id] });
    expect(members[0]).toMatchObject({ expiring_certifications: 1, expired_certifications: 1 });
    expect(attention.map((item) => item.state)).toEqual(["expired", "expiring"]);
    // Expired ones stay on the public profile, marked by their date, not hidden.
    const seen = await getSupplierProfile(contractor.client, { organizationId: sme.organizationId });
    expect(seen!.certifications.map((c) => c.certificate_number)).toEqual(expect.arrayContaining(["SOON-1", "PAST-1"]));
  });
});
