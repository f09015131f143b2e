/**
 * The row-level security matrix as data: who may select, insert, update and delete what.
 *
 * test/rls-matrix.test.ts runs every cell against the real stack through supabase-js, and
 * docs/security.md shows the same matrix (rendered by renderMatrixMarkdown; the test checks the
 * document is current — regenerate with `npx tsx scripts/security-doc.ts`).
 *
 * Each table lists named fixture rows (the test builds them). A cell is
 *   allowed  — the operation succeeds on every fixture row,
 *   denied   — it succeeds on none,
 *   scoped   — it succeeds on exactly the listed rows (and the scope says why).
 * Updates may come in variants (patches), e.g. content versus verification columns; a scoped
 * update cell lists the rows per variant.
 */

export const ROLES = [
  "anonymous",
  "sme_member",
  "sme_admin",
  "other_sme",
  "contractor_member",
  "contractor_admin",
  "other_contractor",
  "cluster_authority",
  "other_cluster_authority",
  "government_reviewer",
  "platform",
] as const;
export type Role = (typeof ROLES)[number];
export type UserRole = Exclude<Role, "anonymous">;
export const USER_ROLES = ROLES.filter((role): role is UserRole => role !== "anonymous");

export const ROLE_LABELS: Record<Role, string> = {
  anonymous: "anonymous",
  sme_member: "SME member",
  sme_admin: "SME admin",
  other_sme: "other SME (admin)",
  contractor_member: "contractor member",
  contractor_admin: "contractor admin",
  other_contractor: "other contractor (admin)",
  cluster_authority: "cluster authority (admin)",
  other_cluster_authority: "other cluster's authority (admin)",
  government_reviewer: "government reviewer (admin)",
  platform: "platform (admin)",
};

/** The fixture world, in words (the test builds exactly this). */
export const FIXTURE_WORLD = [
  "SME A: published profile, member of cluster 1 (run by authority 1); users: SME member, SME admin.",
  "SME B: unpublished profile, member of cluster 2 (run by authority 2); user: other SME.",
  "Contractor X: users contractor member, contractor admin. Contractor Y: user other contractor.",
  "Needs of X: public open, registered open, invited-only open (SME A invited), export-controlled public open (SME A invited), public draft.",
  "Needs of Y: public open (SME B invited), draft.",
  "EOIs: SME A submitted on X's public need (sharing certificate A1), SME A draft on X's registered need, SME B submitted on Y's public need (sharing certificate B).",
  "Certificates: A1 (shared with X), A2 (not shared), B (shared with Y).",
] as const;

export const OPERATIONS = ["select", "insert", "update", "delete"] as const;
export type Operation = (typeof OPERATIONS)[number];

export type Cell =
  | { access: "allowed" }
  | { access: "denied" }
  | { access: "scoped"; scope: string; rows: readonly string[] | Readonly<Record<string, readonly string[]>> };

export type MatrixTable = {
  /** A table in public, or "storage:<bucket>" for storage.objects in that bucket. */
  name: string;
  rows: Readonly<Record<string, string>>;
  /** Update variants; a table without variants has one, "default". */
  patches?: Readonly<Record<string, string>>;
  cells: Record<Operation, Record<Role, Cell>>;
};

const allowed: Cell = { access: "allowed" };
const denied: Cell = { access: "denied" };
const scoped = (scope: string, rows: readonly string[] | Record<string, readonly string[]>): Cell => ({ access: "scoped", scope, rows });

function byRole(cells: Partial<Record<Role, Cell>>, otherwise: Cell = denied): Record<Role, Cell> {
  return Object.fromEntries(ROLES.map((role) => [role, cells[role] ?? otherwise])) as Record<Role, Cell>;
}

/** Rows keyed by fixture user: each user's own row. */
const PER_USER_ROWS = Object.fromEntries(USER_ROLES.map((role) => [role, `the ${ROLE_LABELS[role]}'s own row`]));
const ownRow = (scope = "own rows only") => Object.fromEntries(USER_ROLES.map((role) => [role, scoped(scope, [role])])) as Partial<Record<Role, Cell>>;

/** Rows keyed by fixture organization: one per organization. */
const ORGS = {
  sme_a: "SME A (published, cluster 1)",
  sme_b: "SME B (unpublished, cluster 2)",
  contractor_x: "contractor X",
  contractor_y: "contractor Y",
  authority_1: "authority of cluster 1",
  authority_2: "authority of cluster 2",
  reviewer: "government reviewer organization",
  platform: "platform organization",
} as const;
const ADMIN_OWN_ORG: Partial<Record<Role, Cell>> = {
  sme_admin: scoped("own organization", ["sme_a"]),
  other_sme: scoped("own organization", ["sme_b"]),
  contractor_admin: scoped("own organization", ["contractor_x"]),
  other_contractor: scoped("own organization", ["contractor_y"]),
  cluster_authority: scoped("own organization", ["authority_1"]),
  other_cluster_authority: scoped("own organization", ["authority_2"]),
  government_reviewer: scoped("own organization", ["reviewer"]),
  platform: scoped("own organization", ["platform"]),
};

/** A taxonomy: public reference data that only the platform maintains. */
function taxonomy(name: string): MatrixTable {
  return {
    name,
    rows: { entry: "a taxonomy entry" },
    cells: {
      select: byRole({}, allowed),
      insert: byRole({ platform: allowed }),
      update: byRole({ platform: allowed }),
      delete: byRole({ platform: allowed }),
    },
  };
}

/** A part of an SME profile: visible with the profile, written by the SME's admins. */
function smeChild(name: string, rows: Record<string, string>, aRows: string[], bRows: string[]): MatrixTable {
  return { name, rows, cells: smeChildCells(aRows, bRows) };
}

function smeChildCells(aRows: string[], bRows: string[]): Record<Operation, Record<Role, Cell>> {
  const visibleWithProfile = "rows of SMEs whose profile it can see (published, own, own cluster, or an EOI counterpart)";
  return {
      select: byRole({
        anonymous: scoped("published SMEs only", aRows),
        sme_member: scoped(visibleWithProfile, aRows),
        sme_admin: scoped(visibleWithProfile, aRows),
        other_sme: allowed,
        contractor_member: scoped(visibleWithProfile, aRows),
        contractor_admin: scoped(visibleWithProfile, aRows),
        other_contractor: allowed,
        cluster_authority: scoped(visibleWithProfile, aRows),
        other_cluster_authority: allowed,
        government_reviewer: scoped("published SMEs only", aRows),
        platform: allowed,
      }),
      insert: byRole({ sme_admin: scoped("own SME only", aRows), other_sme: scoped("own SME only", bRows) }),
      update: byRole({ sme_admin: scoped("own SME only", aRows), other_sme: scoped("own SME only", bRows), platform: allowed }),
      delete: byRole({ sme_admin: scoped("own SME only", aRows), other_sme: scoped("own SME only", bRows), platform: allowed }),
  };
}

const LISTED_NEEDS = ["x_public", "x_registered", "y_public"];

export const MATRIX: readonly MatrixTable[] = [
  {
    name: "organizations",
    rows: ORGS,
    cells: {
      select: byRole({
        anonymous: scoped("all but SMEs without a published profile", ["sme_a", "contractor_x", "contractor_y", "authority_1", "authority_2", "reviewer", "platform"]),
        sme_member: scoped("all but unpublished SMEs it has no tie to", ["sme_a", "contractor_x", "contractor_y", "authority_1", "authority_2", "reviewer", "platform"]),
        sme_admin: scoped("all but unpublished SMEs it has no tie to", ["sme_a", "contractor_x", "contractor_y", "authority_1", "authority_2", "reviewer", "platform"]),
        other_sme: allowed,
        contractor_member: scoped("all but unpublished SMEs it has no tie to", ["sme_a", "contractor_x", "contractor_y", "authority_1", "authority_2", "reviewer", "platform"]),
        contractor_admin: scoped("all but unpublished SMEs it has no tie to", ["sme_a", "contractor_x", "contractor_y", "authority_1", "authority_2", "reviewer", "platform"]),
        other_contractor: allowed,
        cluster_authority: scoped("all but unpublished SMEs outside its cluster", ["sme_a", "contractor_x", "contractor_y", "authority_1", "authority_2", "reviewer", "platform"]),
        other_cluster_authority: allowed,
        government_reviewer: scoped("all but unpublished SMEs", ["sme_a", "contractor_x", "contractor_y", "authority_1", "authority_2", "reviewer", "platform"]),
        platform: allowed,
      }),
      insert: byRole({ platform: allowed }),
      update: byRole({ ...ADMIN_OWN_ORG, platform: allowed }),
      delete: byRole({ platform: allowed }),
    },
  },
  {
    name: "profiles",
    rows: PER_USER_ROWS,
    cells: {
      select: byRole({
        sme_member: scoped("own and co-members' profiles", ["sme_member", "sme_admin"]),
        sme_admin: scoped("own and co-members' profiles", ["sme_member", "sme_admin"]),
        other_sme: scoped("own and co-members' profiles", ["other_sme"]),
        contractor_member: scoped("own and co-members' profiles", ["contractor_member", "contractor_admin"]),
        contractor_admin: scoped("own and co-members' profiles", ["contractor_member", "contractor_admin"]),
        other_contractor: scoped("own and co-members' profiles", ["other_contractor"]),
        cluster_authority: scoped("own and co-members' profiles", ["cluster_authority"]),
        other_cluster_authority: scoped("own and co-members' profiles", ["other_cluster_authority"]),
        government_reviewer: scoped("own and co-members' profiles", ["government_reviewer"]),
        platform: allowed,
      }),
      insert: byRole(ownRow("own profile only")),
      update: byRole(ownRow("own profile only")),
      delete: byRole({}),
    },
  },
  {
    name: "memberships",
    rows: PER_USER_ROWS,
    cells: {
      select: byRole({
        sme_member: scoped("memberships of own organizations", ["sme_member", "sme_admin"]),
        sme_admin: scoped("memberships of own organizations", ["sme_member", "sme_admin"]),
        other_sme: scoped("memberships of own organizations", ["other_sme"]),
        contractor_member: scoped("memberships of own organizations", ["contractor_member", "contractor_admin"]),
        contractor_admin: scoped("memberships of own organizations", ["contractor_member", "contractor_admin"]),
        other_contractor: scoped("memberships of own organizations", ["other_contractor"]),
        cluster_authority: scoped("memberships of own organizations", ["cluster_authority"]),
        other_cluster_authority: scoped("memberships of own organizations", ["other_cluster_authority"]),
        government_reviewer: scoped("memberships of own organizations", ["government_reviewer"]),
        platform: allowed,
      }),
      insert: byRole({ platform: allowed }),
      update: byRole({
        sme_admin: scoped("admins change roles in own organization", ["sme_member", "sme_admin"]),
        other_sme: scoped("admins change roles in own organization", ["other_sme"]),
        contractor_admin: scoped("admins change roles in own organization", ["contractor_member", "contractor_admin"]),
        other_contractor: scoped("admins change roles in own organization", ["other_contractor"]),
        cluster_authority: scoped("admins change roles in own organization", ["cluster_authority"]),
        other_cluster_authority: scoped("admins change roles in own organization", ["other_cluster_authority"]),
        government_reviewer: scoped("admins change roles in own organization", ["government_reviewer"]),
        platform: allowed,
      }),
      delete: byRole({
        sme_member: scoped("leave (own membership)", ["sme_member"]),
        sme_admin: scoped("admins remove members of own organization", ["sme_member", "sme_admin"]),
        other_sme: scoped("admins remove members of own organization", ["other_sme"]),
        contractor_member: scoped("leave (own membership)", ["contractor_member"]),
        contractor_admin: scoped("admins remove members of own organization", ["contractor_member", "contractor_admin"]),
        other_contractor: scoped("admins remove members of own organization", ["other_contractor"]),
        cluster_authority: scoped("admins remove members of own organization", ["cluster_authority"]),
        other_cluster_authority: scoped("admins remove members of own organization", ["other_cluster_authority"]),
        government_reviewer: scoped("admins remove members of own organization", ["government_reviewer"]),
        platform: allowed,
      }),
    },
  },
  {
    name: "organization_invitations",
    rows: ORGS,
    cells: {
      select: byRole({ ...ADMIN_OWN_ORG, platform: allowed }),
      insert: byRole(ADMIN_OWN_ORG),
      update: byRole(ADMIN_OWN_ORG),
      delete: byRole(ADMIN_OWN_ORG),
    },
  },
  taxonomy("processes"),
  taxonomy("materials"),
  taxonomy("certification_types"),
  {
    name: "clusters",
    rows: { cluster_1: "cluster 1", cluster_2: "cluster 2" },
    cells: {
      select: byRole({}, allowed),
      insert: byRole({ platform: allowed }),
      update: byRole({
        cluster_authority: scoped("own cluster", ["cluster_1"]),
        other_cluster_authority: scoped("own cluster", ["cluster_2"]),
        platform: allowed,
      }),
      delete: byRole({ platform: allowed }),
    },
  },
  {
    name: "land_parcels",
    rows: { parcel_1: "land in cluster 1", parcel_2: "land in cluster 2" },
    cells: {
      select: byRole({}, allowed),
      insert: byRole({
        cluster_authority: scoped("own cluster's land", ["parcel_1"]),
        other_cluster_authority: scoped("own cluster's land", ["parcel_2"]),
        platform: allowed,
      }),
      update: byRole({
        cluster_authority: scoped("own cluster's land", ["parcel_1"]),
        other_cluster_authority: scoped("own cluster's land", ["parcel_2"]),
        platform: allowed,
      }),
      delete: byRole({
        cluster_authority: scoped("own cluster's land", ["parcel_1"]),
        other_cluster_authority: scoped("own cluster's land", ["parcel_2"]),
        platform: allowed,
      }),
    },
  },
  {
    name: "sme_profiles",
    rows: { sme_a: "SME A's profile (published, cluster 1)", sme_b: "SME B's profile (unpublished, cluster 2)" },
    patches: { content: "a content column (capacity note)", verification: "the verification columns (mark verified)" },
    cells: {
      select: byRole({
        anonymous: scoped("published profiles", ["sme_a"]),
        sme_member: scoped("published and own", ["sme_a"]),
        sme_admin: scoped("published and own", ["sme_a"]),
        other_sme: allowed,
        contractor_member: scoped("published and EOI counterparts", ["sme_a"]),
        contractor_admin: scoped("published and EOI counterparts", ["sme_a"]),
        other_contractor: allowed,
        cluster_authority: scoped("published and own cluster's", ["sme_a"]),
        other_cluster_authority: allowed,
        government_reviewer: scoped("published profiles", ["sme_a"]),
        platform: allowed,
      }),
      insert: byRole({ sme_admin: scoped("own SME only", ["sme_a"]), other_sme: scoped("own SME only", ["sme_b"]) }),
      update: byRole({
        sme_admin: scoped("own profile's content, never its verification", { content: ["sme_a"], verification: [] }),
        other_sme: scoped("own profile's content, never its verification", { content: ["sme_b"], verification: [] }),
        cluster_authority: scoped("only the verification of its cluster's SMEs", { content: [], verification: ["sme_a"] }),
        other_cluster_authority: scoped("only the verification of its cluster's SMEs", { content: [], verification: ["sme_b"] }),
        platform: allowed,
      }),
      delete: byRole({ platform: allowed }),
    },
  },
  smeChild("sme_capabilities", { capability_a: "SME A's capability", capability_b: "SME B's capability" }, ["capability_a"], ["capability_b"]),
  smeChild("sme_equipment", { equipment_a: "SME A's equipment", equipment_b: "SME B's equipment" }, ["equipment_a"], ["equipment_b"]),
  {
    ...smeChild(
      "sme_certifications",
      { cert_a1: "SME A's certificate shared with contractor X", cert_a2: "SME A's certificate not shared", cert_b: "SME B's certificate shared with contractor Y" },
      ["cert_a1", "cert_a2"],
      ["cert_b"],
    ),
    patches: { content: "a content column (certificate number)", verification: "the verification columns (mark verified)" },
    cells: {
      ...smeChildCells(["cert_a1", "cert_a2"], ["cert_b"]),
      update: byRole({
        sme_admin: scoped("own certificates' content, never their verification", { content: ["cert_a1", "cert_a2"], verification: [] }),
        other_sme: scoped("own certificates' content, never their verification", { content: ["cert_b"], verification: [] }),
        cluster_authority: scoped("only the verification of its cluster's SMEs' certificates", { content: [], verification: ["cert_a1", "cert_a2"] }),
        other_cluster_authority: scoped("only the verification of its cluster's SMEs' certificates", { content: [], verification: ["cert_b"] }),
        platform: allowed,
      }),
    },
  },
  smeChild("sme_sites", { site_a: "SME A's site", site_b: "SME B's site" }, ["site_a"], ["site_b"]),
  {
    name: "needs",
    rows: {
      x_public: "X's public open need",
      x_registered: "X's registered-users open need",
      x_invited: "X's invited-only open need (SME A invited)",
      x_export: "X's export-controlled public need (SME A invited)",
      x_draft: "X's draft",
      y_public: "Y's public open need (SME B invited)",
      y_draft: "Y's draft",
    },
    cells: {
      select: byRole({
        anonymous: scoped("public open needs", ["x_public", "y_public"]),
        sme_member: scoped("public and registered needs, plus those it is invited to", ["x_public", "x_registered", "x_invited", "x_export", "y_public"]),
        sme_admin: scoped("public and registered needs, plus those it is invited to", ["x_public", "x_registered", "x_invited", "x_export", "y_public"]),
        other_sme: scoped("public and registered needs, plus those it is invited to", LISTED_NEEDS),
        contractor_member: scoped("own needs (drafts included) and listed ones", ["x_public", "x_registered", "x_invited", "x_export", "x_draft", "y_public"]),
        contractor_admin: scoped("own needs (drafts included) and listed ones", ["x_public", "x_registered", "x_invited", "x_export", "x_draft", "y_public"]),
        other_contractor: scoped("own needs (drafts included) and listed ones", ["x_public", "x_registered", "y_public", "y_draft"]),
        cluster_authority: scoped("public and registered needs, never invited-only or export-controlled", LISTED_NEEDS),
        other_cluster_authority: scoped("public and registered needs, never invited-only or export-controlled", LISTED_NEEDS),
        government_reviewer: scoped("public and registered needs, never invited-only or export-controlled", LISTED_NEEDS),
        platform: scoped("public and registered needs, never invited-only or export-controlled", LISTED_NEEDS),
      }),
      insert: byRole({
        contractor_admin: scoped("own organization's needs", ["x_public", "x_registered", "x_invited", "x_export", "x_draft"]),
        other_contractor: scoped("own organization's needs", ["y_public", "y_draft"]),
      }),
      update: byRole({
        contractor_admin: scoped("own organization's needs", ["x_public", "x_registered", "x_invited", "x_export", "x_draft"]),
        other_contractor: scoped("own organization's needs", ["y_public", "y_draft"]),
        platform: scoped("moderates listed needs (not drafts, invited-only or export-controlled)", LISTED_NEEDS),
      }),
      delete: byRole({
        contractor_admin: scoped("own drafts", ["x_draft"]),
        other_contractor: scoped("own drafts", ["y_draft"]),
        platform: scoped("removes listed needs (not drafts, invited-only or export-controlled)", LISTED_NEEDS),
      }),
    },
  },
  {
    name: "need_invitations",
    rows: {
      invite_a_invited: "SME A invited to X's invited-only need",
      invite_a_export: "SME A invited to X's export-controlled need",
      invite_b: "SME B invited to Y's need",
    },
    cells: {
      select: byRole({
        sme_member: scoped("invitations of own SME", ["invite_a_invited", "invite_a_export"]),
        sme_admin: scoped("invitations of own SME", ["invite_a_invited", "invite_a_export"]),
        other_sme: scoped("invitations of own SME", ["invite_b"]),
        contractor_member: scoped("invitations to own needs", ["invite_a_invited", "invite_a_export"]),
        contractor_admin: scoped("invitations to own needs", ["invite_a_invited", "invite_a_export"]),
        other_contractor: scoped("invitations to own needs", ["invite_b"]),
      }),
      insert: byRole({
        contractor_admin: scoped("to own needs", ["invite_a_invited", "invite_a_export"]),
        other_contractor: scoped("to own needs", ["invite_b"]),
      }),
      update: byRole({}),
      delete: byRole({
        contractor_admin: scoped("to own needs", ["invite_a_invited", "invite_a_export"]),
        other_contractor: scoped("to own needs", ["invite_b"]),
      }),
    },
  },
  {
    name: "eois",
    rows: {
      eoi_a_submitted: "SME A's submitted EOI on X's public need",
      eoi_a_draft: "SME A's draft EOI on X's registered need",
      eoi_b: "SME B's submitted EOI on Y's public need",
    },
    patches: {
      sme_edit: "the SME edits its message",
      withdraw: "the SME withdraws",
      decision: "the contractor shortlists",
    },
    cells: {
      select: byRole({
        sme_member: scoped("own SME's EOIs", ["eoi_a_submitted", "eoi_a_draft"]),
        sme_admin: scoped("own SME's EOIs", ["eoi_a_submitted", "eoi_a_draft"]),
        other_sme: scoped("own SME's EOIs", ["eoi_b"]),
        contractor_member: scoped("submitted EOIs on own needs", ["eoi_a_submitted"]),
        contractor_admin: scoped("submitted EOIs on own needs", ["eoi_a_submitted"]),
        other_contractor: scoped("submitted EOIs on own needs", ["eoi_b"]),
        platform: scoped("submitted EOIs on listed needs", ["eoi_a_submitted", "eoi_b"]),
      }),
      insert: byRole({
        sme_admin: scoped("for own SME, on open needs it can see", ["eoi_a_submitted", "eoi_a_draft"]),
        other_sme: scoped("for own SME, on open needs it can see", ["eoi_b"]),
      }),
      update: byRole({
        sme_admin: scoped("edits own drafts, withdraws own submitted EOIs, never decides", { sme_edit: ["eoi_a_draft"], withdraw: ["eoi_a_submitted"], decision: [] }),
        other_sme: scoped("edits own drafts, withdraws own submitted EOIs, never decides", { sme_edit: [], withdraw: ["eoi_b"], decision: [] }),
        contractor_admin: scoped("decides on submitted EOIs on own needs, never edits them", { sme_edit: [], withdraw: [], decision: ["eoi_a_submitted"] }),
        other_contractor: scoped("decides on submitted EOIs on own needs, never edits them", { sme_edit: [], withdraw: [], decision: ["eoi_b"] }),
      }),
      delete: byRole({ sme_admin: scoped("own drafts", ["eoi_a_draft"]) }),
    },
  },
  {
    name: "eoi_shared_certifications",
    rows: { share_a: "certificate A1 shared on SME A's submitted EOI", share_b: "certificate B shared on SME B's EOI" },
    cells: {
      select: byRole({
        sme_member: scoped("on own SME's EOIs", ["share_a"]),
        sme_admin: scoped("on own SME's EOIs", ["share_a"]),
        other_sme: scoped("on own SME's EOIs", ["share_b"]),
        contractor_member: scoped("on submitted EOIs on own needs", ["share_a"]),
        contractor_admin: scoped("on submitted EOIs on own needs", ["share_a"]),
        other_contractor: scoped("on submitted EOIs on own needs", ["share_b"]),
        platform: allowed,
      }),
      insert: byRole({ sme_admin: scoped("own certificates on own EOIs", ["share_a"]), other_sme: scoped("own certificates on own EOIs", ["share_b"]) }),
      update: byRole({}),
      delete: byRole({ sme_admin: scoped("on own EOIs before a decision", ["share_a"]), other_sme: scoped("on own EOIs before a decision", ["share_b"]) }),
    },
  },
  {
    name: "message_threads",
    rows: { thread_a: "X and SME A about SME A's EOI", thread_b: "Y and SME B about SME B's EOI" },
    cells: {
      select: byRole({
        sme_member: scoped("own threads", ["thread_a"]),
        sme_admin: scoped("own threads", ["thread_a"]),
        other_sme: scoped("own threads", ["thread_b"]),
        contractor_member: scoped("own threads", ["thread_a"]),
        contractor_admin: scoped("own threads", ["thread_a"]),
        other_contractor: scoped("own threads", ["thread_b"]),
      }),
      insert: byRole({
        sme_member: scoped("as a participant", ["thread_a"]),
        sme_admin: scoped("as a participant", ["thread_a"]),
        other_sme: scoped("as a participant", ["thread_b"]),
        contractor_member: scoped("as a participant", ["thread_a"]),
        contractor_admin: scoped("as a participant", ["thread_a"]),
        other_contractor: scoped("as a participant", ["thread_b"]),
      }),
      update: byRole({}),
      delete: byRole({}),
    },
  },
  {
    name: "messages",
    rows: {
      a_from_contractor: "X's message in thread A",
      a_from_sme: "SME A's message in thread A",
      b_from_contractor: "Y's message in thread B",
      b_from_sme: "SME B's message in thread B",
    },
    cells: {
      select: byRole({
        sme_member: scoped("own threads", ["a_from_contractor", "a_from_sme"]),
        sme_admin: scoped("own threads", ["a_from_contractor", "a_from_sme"]),
        other_sme: scoped("own threads", ["b_from_contractor", "b_from_sme"]),
        contractor_member: scoped("own threads", ["a_from_contractor", "a_from_sme"]),
        contractor_admin: scoped("own threads", ["a_from_contractor", "a_from_sme"]),
        other_contractor: scoped("own threads", ["b_from_contractor", "b_from_sme"]),
      }),
      insert: byRole({
        sme_member: scoped("as own organization in own threads", ["a_from_sme"]),
        sme_admin: scoped("as own organization in own threads", ["a_from_sme"]),
        other_sme: scoped("as own organization in own threads", ["b_from_sme"]),
        contractor_member: scoped("as own organization in own threads", ["a_from_contractor"]),
        contractor_admin: scoped("as own organization in own threads", ["a_from_contractor"]),
        other_contractor: scoped("as own organization in own threads", ["b_from_contractor"]),
      }),
      update: byRole({}),
      delete: byRole({}),
    },
  },
  {
    name: "notifications",
    rows: PER_USER_ROWS,
    cells: {
      select: byRole(ownRow("own notifications")),
      insert: byRole({}),
      update: byRole(ownRow("own notifications (read state only)")),
      delete: byRole(ownRow("own notifications")),
    },
  },
  {
    name: "saved_searches",
    rows: PER_USER_ROWS,
    cells: {
      select: byRole(ownRow("own saved searches")),
      insert: byRole(ownRow("own saved searches")),
      update: byRole(ownRow("own saved searches")),
      delete: byRole(ownRow("own saved searches")),
    },
  },
  {
    name: "api_keys",
    rows: ORGS,
    cells: {
      select: byRole(ADMIN_OWN_ORG),
      insert: byRole(ADMIN_OWN_ORG),
      update: byRole(ADMIN_OWN_ORG),
      delete: byRole({}),
    },
  },
  {
    name: "audit_log",
    rows: ORGS,
    cells: {
      select: byRole({ ...ADMIN_OWN_ORG, platform: allowed }),
      insert: byRole({
        sme_member: scoped("entries about own organization, as itself", ["sme_a"]),
        sme_admin: scoped("entries about own organization, as itself", ["sme_a"]),
        other_sme: scoped("entries about own organization, as itself", ["sme_b"]),
        contractor_member: scoped("entries about own organization, as itself", ["contractor_x"]),
        contractor_admin: scoped("entries about own organization, as itself", ["contractor_x"]),
        other_contractor: scoped("entries about own organization, as itself", ["contractor_y"]),
        cluster_authority: scoped("entries about own organization, as itself", ["authority_1"]),
        other_cluster_authority: scoped("entries about own organization, as itself", ["authority_2"]),
        government_reviewer: scoped("entries about own organization, as itself", ["reviewer"]),
        platform: scoped("entries about own organization, as itself", ["platform"]),
      }),
      update: byRole({}),
      delete: byRole({}),
    },
  },
  {
    name: "search_outbox",
    rows: { entry: "an outbox entry" },
    cells: { select: byRole({}), insert: byRole({}), update: byRole({}), delete: byRole({}) },
  },
  {
    name: "search_synonyms",
    rows: { entry: "a glossary entry (one group of interchangeable search terms)" },
    cells: {
      select: byRole({}, allowed),
      insert: byRole({ platform: allowed }),
      update: byRole({ platform: allowed }),
      delete: byRole({ platform: allowed }),
    },
  },
  {
    name: "supplier_search_entries",
    rows: { sme_a: "SME A's entry (published)", sme_b: "an entry left for SME B's unpublished profile" },
    cells: {
      select: byRole({}, scoped("entries of published SME profiles", ["sme_a"])),
      insert: byRole({}),
      update: byRole({}),
      delete: byRole({}),
    },
  },
  {
    name: "supplier_match_cards",
    rows: { sme_a: "SME A's card (published)", sme_b: "a card left for SME B's unpublished profile" },
    cells: {
      select: byRole({}, scoped("cards of published SME profiles", ["sme_a"])),
      insert: byRole({}),
      update: byRole({}),
      delete: byRole({}),
    },
  },
  {
    name: "supplier_match_facts",
    rows: { sme_a: "SME A's rows, one per process (published)", sme_b: "a row left for SME B's unpublished profile" },
    cells: {
      select: byRole({}, scoped("rows of published SME profiles", ["sme_a"])),
      insert: byRole({}),
      update: byRole({}),
      delete: byRole({}),
    },
  },
  {
    name: "cluster_invitations",
    rows: { invite_1: "cluster 1 invites the other SME's e-mail address", invite_2: "cluster 2 invites the SME member's e-mail address" },
    patches: { renew: "the authority renews it (expiry)", accept: "marking it accepted directly (answering goes through accept_cluster_invitation)" },
    cells: {
      select: byRole({
        sme_member: scoped("invitations sent to its e-mail address", ["invite_2"]),
        other_sme: scoped("invitations sent to its e-mail address", ["invite_1"]),
        cluster_authority: scoped("own cluster's invitations", ["invite_1"]),
        other_cluster_authority: scoped("own cluster's invitations", ["invite_2"]),
        platform: allowed,
      }),
      insert: byRole({
        cluster_authority: scoped("to own cluster", ["invite_1"]),
        other_cluster_authority: scoped("to own cluster", ["invite_2"]),
      }),
      update: byRole({
        cluster_authority: scoped("renews or revokes own cluster's open invitations, never answers them", { renew: ["invite_1"], accept: [] }),
        other_cluster_authority: scoped("renews or revokes own cluster's open invitations, never answers them", { renew: ["invite_2"], accept: [] }),
      }),
      delete: byRole({}),
    },
  },
  {
    name: "import_runs",
    rows: Object.fromEntries(Object.entries(ORGS).map(([key, text]) => [key, `an import run of ${text}`])),
    patches: { status: "an admin moves it along (preparing → failed)", counters: "a counter (total rows), which only processing sets" },
    cells: {
      select: byRole({ ...ADMIN_OWN_ORG, platform: allowed }),
      insert: byRole({
        cluster_authority: scoped("cluster-authority and platform admins, for own organization", ["authority_1"]),
        other_cluster_authority: scoped("cluster-authority and platform admins, for own organization", ["authority_2"]),
        platform: scoped("cluster-authority and platform admins, for own organization", ["platform"]),
      }),
      update: byRole(
        Object.fromEntries(
          Object.entries(ADMIN_OWN_ORG).map(([role, cell]) => [
            role,
            scoped("status of own organization's runs only", { status: (cell as Extract<Cell, { access: "scoped" }>).rows as readonly string[], counters: [] }),
          ]),
        ),
      ),
      delete: byRole({}),
    },
  },
  {
    name: "import_rows",
    rows: {
      row_1_preparing: "a row of authority 1's preparing run",
      row_1_running: "a row of authority 1's running run",
      row_2: "a row of authority 2's preparing run",
      row_platform: "a row of the platform's preparing run",
    },
    cells: {
      select: byRole({
        cluster_authority: scoped("with its run (own organization's)", ["row_1_preparing", "row_1_running"]),
        other_cluster_authority: scoped("with its run (own organization's)", ["row_2"]),
        platform: allowed,
      }),
      insert: byRole({
        cluster_authority: scoped("admins, to own organization's runs while preparing", ["row_1_preparing"]),
        other_cluster_authority: scoped("admins, to own organization's runs while preparing", ["row_2"]),
        platform: scoped("admins, to own organization's runs while preparing", ["row_platform"]),
      }),
      update: byRole({}),
      delete: byRole({}),
    },
  },
  // Offsets (20261124003000): the contractor keeps the books; its government reviewer sees what
  // was submitted; the ledger and bank requests are written only by the ledger functions.
  {
    name: "offset_default_categories",
    rows: { entry: "a default offset category (reference multipliers)" },
    cells: {
      select: byRole({}, allowed),
      insert: byRole({ platform: allowed }),
      update: byRole({ platform: allowed }),
      delete: byRole({ platform: allowed }),
    },
  },
  {
    name: "offset_agreements",
    rows: { x_draft: "X's draft agreement", x_submitted: "X's submitted agreement", y_draft: "Y's draft agreement" },
    patches: { content: "a content column (notes)", status: "the status (made active), which only the review functions set" },
    cells: {
      select: byRole({
        contractor_member: scoped("own organization's; the reviewer once submitted", ["x_draft", "x_submitted"]),
        contractor_admin: scoped("own organization's; the reviewer once submitted", ["x_draft", "x_submitted"]),
        other_contractor: scoped("own organization's; the reviewer once submitted", ["y_draft"]),
        government_reviewer: scoped("own organization's; the reviewer once submitted", ["x_submitted"]),
      }),
      insert: byRole({
        contractor_admin: scoped("drafts for own contractor organization", ["x_draft"]),
        other_contractor: scoped("drafts for own contractor organization", ["y_draft"]),
      }),
      update: byRole({
        contractor_admin: scoped("content of own drafts, never the status", { content: ["x_draft"], status: [] }),
        other_contractor: scoped("content of own drafts, never the status", { content: ["y_draft"], status: [] }),
      }),
      delete: byRole({
        contractor_admin: scoped("own drafts", ["x_draft"]),
        other_contractor: scoped("own drafts", ["y_draft"]),
      }),
    },
  },
  {
    name: "offset_categories",
    rows: { cat_x_draft: "a category of X's draft agreement", cat_x_submitted: "a category of X's submitted agreement", cat_y_draft: "a category of Y's draft agreement" },
    cells: {
      select: byRole({
        contractor_member: scoped("with its agreement", ["cat_x_draft", "cat_x_submitted"]),
        contractor_admin: scoped("with its agreement", ["cat_x_draft", "cat_x_submitted"]),
        other_contractor: scoped("with its agreement", ["cat_y_draft"]),
        government_reviewer: scoped("with its agreement", ["cat_x_submitted"]),
      }),
      insert: byRole({ contractor_admin: scoped("own draft agreements", ["cat_x_draft"]), other_contractor: scoped("own draft agreements", ["cat_y_draft"]) }),
      update: byRole({ contractor_admin: scoped("own draft agreements", ["cat_x_draft"]), other_contractor: scoped("own draft agreements", ["cat_y_draft"]) }),
      delete: byRole({ contractor_admin: scoped("own draft agreements", ["cat_x_draft"]), other_contractor: scoped("own draft agreements", ["cat_y_draft"]) }),
    },
  },
  {
    name: "offset_transactions",
    rows: { tx_x_proposed: "X's proposed transaction (with SME A)", tx_x_submitted: "X's submitted transaction (with SME A)", tx_y_proposed: "Y's proposed transaction (with SME B)" },
    cells: {
      select: byRole({
        contractor_member: scoped("own organization's; the reviewer once submitted", ["tx_x_proposed", "tx_x_submitted"]),
        contractor_admin: scoped("own organization's; the reviewer once submitted", ["tx_x_proposed", "tx_x_submitted"]),
        other_contractor: scoped("own organization's; the reviewer once submitted", ["tx_y_proposed"]),
        government_reviewer: scoped("own organization's; the reviewer once submitted", ["tx_x_submitted"]),
      }),
      insert: byRole({ contractor_admin: scoped("proposed, for own contractor organization", ["tx_x_proposed"]), other_contractor: scoped("proposed, for own contractor organization", ["tx_y_proposed"]) }),
      update: byRole({ contractor_admin: scoped("own proposed transactions", ["tx_x_proposed"]), other_contractor: scoped("own proposed transactions", ["tx_y_proposed"]) }),
      delete: byRole({ contractor_admin: scoped("own proposed transactions", ["tx_x_proposed"]), other_contractor: scoped("own proposed transactions", ["tx_y_proposed"]) }),
    },
  },
  {
    name: "offset_bank_requests",
    rows: { transfer_submitted: "X's submitted transfer of banked credit to Y", transfer_approved: "X's approved transfer of banked credit to Y" },
    cells: {
      select: byRole({
        contractor_member: allowed,
        contractor_admin: allowed,
        other_contractor: scoped("the recipient, once approved", ["transfer_approved"]),
        government_reviewer: allowed,
      }),
      insert: byRole({}),
      update: byRole({}),
      delete: byRole({}),
    },
  },
  {
    name: "offset_ledger_entries",
    rows: { lot_x: "a bank lot of X (reviewer: the government reviewer)", lot_y: "a bank lot of Y (same reviewer)" },
    cells: {
      select: byRole({
        contractor_member: scoped("own account's entries", ["lot_x"]),
        contractor_admin: scoped("own account's entries", ["lot_x"]),
        other_contractor: scoped("own account's entries", ["lot_y"]),
        government_reviewer: allowed,
      }),
      insert: byRole({}),
      update: byRole({}),
      delete: byRole({}),
    },
  },
  // Needs workflow (20261124004000).
  {
    name: "need_shortlist_entries",
    rows: { short_x: "X shortlists SME A for its public need", short_y: "Y shortlists SME B for its public need" },
    cells: {
      select: byRole({
        contractor_member: scoped("the need's organization", ["short_x"]),
        contractor_admin: scoped("the need's organization", ["short_x"]),
        other_contractor: scoped("the need's organization", ["short_y"]),
      }),
      insert: byRole({ contractor_admin: scoped("admins of the need's organization", ["short_x"]), other_contractor: scoped("admins of the need's organization", ["short_y"]) }),
      update: byRole({ contractor_admin: scoped("admins of the need's organization", ["short_x"]), other_contractor: scoped("admins of the need's organization", ["short_y"]) }),
      delete: byRole({ contractor_admin: scoped("admins of the need's organization", ["short_x"]), other_contractor: scoped("admins of the need's organization", ["short_y"]) }),
    },
  },
  // Cluster hosting (20261124006000): contractors ask clusters to host a division; clusters answer.
  {
    name: "hosting_inquiries",
    rows: { inquiry_x: "X's open inquiry, sent to cluster 1", inquiry_y: "Y's open inquiry, sent to cluster 2" },
    patches: { close: "the contractor closes it", edit: "the contractor edits what was asked (title)" },
    cells: {
      select: byRole({
        contractor_member: scoped("own organization's, and those sent to own cluster", ["inquiry_x"]),
        contractor_admin: scoped("own organization's, and those sent to own cluster", ["inquiry_x"]),
        other_contractor: scoped("own organization's, and those sent to own cluster", ["inquiry_y"]),
        cluster_authority: scoped("own organization's, and those sent to own cluster", ["inquiry_x"]),
        other_cluster_authority: scoped("own organization's, and those sent to own cluster", ["inquiry_y"]),
      }),
      insert: byRole({ contractor_admin: scoped("for own contractor organization", ["inquiry_x"]), other_contractor: scoped("for own contractor organization", ["inquiry_y"]) }),
      update: byRole({
        contractor_admin: scoped("closes or reopens own inquiries, never changes what was asked", { close: ["inquiry_x"], edit: [] }),
        other_contractor: scoped("closes or reopens own inquiries, never changes what was asked", { close: ["inquiry_y"], edit: [] }),
      }),
      delete: byRole({}),
    },
  },
  {
    name: "hosting_inquiry_clusters",
    rows: { recipient_1: "cluster 1 as recipient of X's inquiry", recipient_2: "cluster 2 as recipient of Y's inquiry" },
    cells: {
      select: byRole({
        contractor_member: scoped("own inquiries' recipients, and own cluster's row", ["recipient_1"]),
        contractor_admin: scoped("own inquiries' recipients, and own cluster's row", ["recipient_1"]),
        other_contractor: scoped("own inquiries' recipients, and own cluster's row", ["recipient_2"]),
        cluster_authority: scoped("own inquiries' recipients, and own cluster's row", ["recipient_1"]),
        other_cluster_authority: scoped("own inquiries' recipients, and own cluster's row", ["recipient_2"]),
      }),
      insert: byRole({ contractor_admin: scoped("own open inquiries", ["recipient_1"]), other_contractor: scoped("own open inquiries", ["recipient_2"]) }),
      update: byRole({ cluster_authority: scoped("declines for own cluster", ["recipient_1"]), other_cluster_authority: scoped("declines for own cluster", ["recipient_2"]) }),
      delete: byRole({}),
    },
  },
  {
    name: "hosting_offers",
    rows: {
      offer_1: "cluster 1's offer on X's inquiry",
      offer_1_shared: "cluster 1's offer on an inquiry of X sent to both clusters",
      offer_2: "cluster 2's offer on Y's inquiry",
    },
    cells: {
      select: byRole({
        contractor_member: scoped("offers on own inquiries, and own cluster's", ["offer_1", "offer_1_shared"]),
        contractor_admin: scoped("offers on own inquiries, and own cluster's", ["offer_1", "offer_1_shared"]),
        other_contractor: scoped("offers on own inquiries, and own cluster's", ["offer_2"]),
        cluster_authority: scoped("offers on own inquiries, and own cluster's", ["offer_1", "offer_1_shared"]),
        other_cluster_authority: scoped("offers on own inquiries, and own cluster's", ["offer_2"]),
      }),
      insert: byRole({ cluster_authority: scoped("for own cluster", ["offer_1", "offer_1_shared"]), other_cluster_authority: scoped("for own cluster", ["offer_2"]) }),
      update: byRole({ cluster_authority: scoped("own cluster's offers", ["offer_1", "offer_1_shared"]), other_cluster_authority: scoped("own cluster's offers", ["offer_2"]) }),
      delete: byRole({}),
    },
  },
  {
    name: "storage:certificates",
    rows: { file_a1: "SME A's certificate A1 (shared with X)", file_a2: "SME A's certificate A2 (not shared)", file_b: "SME B's certificate (shared with Y)" },
    cells: {
      select: byRole({
        sme_member: scoped("own SME's files", ["file_a1", "file_a2"]),
        sme_admin: scoped("own SME's files", ["file_a1", "file_a2"]),
        other_sme: scoped("own SME's files", ["file_b"]),
        contractor_member: scoped("files shared with it through an EOI", ["file_a1"]),
        contractor_admin: scoped("files shared with it through an EOI", ["file_a1"]),
        other_contractor: scoped("files shared with it through an EOI", ["file_b"]),
        cluster_authority: scoped("files of its cluster's SMEs", ["file_a1", "file_a2"]),
        other_cluster_authority: scoped("files of its cluster's SMEs", ["file_b"]),
      }),
      insert: byRole({ sme_admin: scoped("own SME's folder", ["file_a1", "file_a2"]), other_sme: scoped("own SME's folder", ["file_b"]) }),
      update: byRole({ sme_admin: scoped("own SME's folder", ["file_a1", "file_a2"]), other_sme: scoped("own SME's folder", ["file_b"]) }),
      delete: byRole({ sme_admin: scoped("own SME's folder", ["file_a1", "file_a2"]), other_sme: scoped("own SME's folder", ["file_b"]) }),
    },
  },
  {
    name: "storage:brochures",
    rows: { file_a: "SME A's brochure", file_b: "SME B's brochure" },
    cells: {
      select: byRole({}, allowed),
      insert: byRole({ sme_admin: scoped("own SME's folder", ["file_a"]), other_sme: scoped("own SME's folder", ["file_b"]) }),
      update: byRole({ sme_admin: scoped("own SME's folder", ["file_a"]), other_sme: scoped("own SME's folder", ["file_b"]) }),
      delete: byRole({ sme_admin: scoped("own SME's folder", ["file_a"]), other_sme: scoped("own SME's folder", ["file_b"]) }),
    },
  },
  {
    name: "storage:need-attachments",
    rows: { file_x_public: "attachment of X's public need", file_x_invited: "attachment of X's invited-only need", file_y_draft: "attachment of Y's draft" },
    cells: {
      select: byRole({
        anonymous: scoped("attachments of needs it can see", ["file_x_public"]),
        sme_member: scoped("attachments of needs it can see", ["file_x_public", "file_x_invited"]),
        sme_admin: scoped("attachments of needs it can see", ["file_x_public", "file_x_invited"]),
        other_sme: scoped("attachments of needs it can see", ["file_x_public"]),
        contractor_member: scoped("own and those of needs it can see", ["file_x_public", "file_x_invited"]),
        contractor_admin: scoped("own and those of needs it can see", ["file_x_public", "file_x_invited"]),
        other_contractor: scoped("own and those of needs it can see", ["file_x_public", "file_y_draft"]),
        cluster_authority: scoped("attachments of needs it can see", ["file_x_public"]),
        other_cluster_authority: scoped("attachments of needs it can see", ["file_x_public"]),
        government_reviewer: scoped("attachments of needs it can see", ["file_x_public"]),
        platform: scoped("attachments of needs it can see", ["file_x_public"]),
      }),
      insert: byRole({ contractor_admin: scoped("own needs' folders", ["file_x_public", "file_x_invited"]), other_contractor: scoped("own needs' folders", ["file_y_draft"]) }),
      update: byRole({ contractor_admin: scoped("own needs' folders", ["file_x_public", "file_x_invited"]), other_contractor: scoped("own needs' folders", ["file_y_draft"]) }),
      delete: byRole({ contractor_admin: scoped("own needs' folders", ["file_x_public", "file_x_invited"]), other_contractor: scoped("own needs' folders", ["file_y_draft"]) }),
    },
  },
  {
    name: "storage:eoi-attachments",
    rows: { file_a_submitted: "attachment of SME A's submitted EOI", file_a_draft: "attachment of SME A's draft EOI", file_b: "attachment of SME B's EOI" },
    cells: {
      select: byRole({
        sme_member: scoped("own SME's files", ["file_a_submitted", "file_a_draft"]),
        sme_admin: scoped("own SME's files", ["file_a_submitted", "file_a_draft"]),
        other_sme: scoped("own SME's files", ["file_b"]),
        contractor_member: scoped("files of submitted EOIs on own needs", ["file_a_submitted"]),
        contractor_admin: scoped("files of submitted EOIs on own needs", ["file_a_submitted"]),
        other_contractor: scoped("files of submitted EOIs on own needs", ["file_b"]),
      }),
      insert: byRole({ sme_admin: scoped("own EOIs' folders", ["file_a_submitted", "file_a_draft"]), other_sme: scoped("own EOIs' folders", ["file_b"]) }),
      update: byRole({ sme_admin: scoped("own EOIs' folders", ["file_a_submitted", "file_a_draft"]), other_sme: scoped("own EOIs' folders", ["file_b"]) }),
      delete: byRole({ sme_admin: scoped("own EOIs' folders", ["file_a_submitted", "file_a_draft"]), other_sme: scoped("own EOIs' folders", ["file_b"]) }),
    },
  },  {
    name: "storage:offset-evidence",
    rows: { file_x_proposed: "evidence of X's proposed transaction", file_x_submitted: "evidence of X's submitted transaction", file_y_proposed: "evidence of Y's proposed transaction" },
    cells: {
      select: byRole({
        contractor_member: scoped("own organization's; the reviewer once submitted", ["file_x_proposed", "file_x_submitted"]),
        contractor_admin: scoped("own organization's; the reviewer once submitted", ["file_x_proposed", "file_x_submitted"]),
        other_contractor: scoped("own organization's; the reviewer once submitted", ["file_y_proposed"]),
        government_reviewer: scoped("own organization's; the reviewer once submitted", ["file_x_submitted"]),
      }),
      insert: byRole({ contractor_admin: scoped("own proposed transactions' folders", ["file_x_proposed"]), other_contractor: scoped("own proposed transactions' folders", ["file_y_proposed"]) }),
      update: byRole({ contractor_admin: scoped("own proposed transactions' folders", ["file_x_proposed"]), other_contractor: scoped("own proposed transactions' folders", ["file_y_proposed"]) }),
      delete: byRole({ contractor_admin: scoped("own proposed transactions' folders", ["file_x_proposed"]), other_contractor: scoped("own proposed transactions' folders", ["file_y_proposed"]) }),
    },
  },
];

/** Rows the operation should succeed on, per update variant ("default" when there are none). */
export function expectedRows(table: MatrixTable, operation: Operation, cell: Cell): Record<string, readonly string[]> {
  const variants = operation === "update" ? Object.keys(table.patches ?? { default: "" }) : ["default"];
  const all = Object.keys(table.rows);
  if (cell.access === "allowed") return Object.fromEntries(variants.map((v) => [v, all]));
  if (cell.access === "denied") return Object.fromEntries(variants.map((v) => [v, []]));
  if (Array.isArray(cell.rows)) return Object.fromEntries(variants.map((v) => [v, cell.rows as readonly string[]]));
  return cell.rows as Record<string, readonly string[]>;
}

function cellText(table: MatrixTable, operation: Operation, cell: Cell) {
  if (cell.access !== "scoped") return cell.access;
  const rows = cell.rows;
  if (operation === "update" && !Array.isArray(rows) && table.patches) {
    const parts = Object.entries(rows as Record<string, readonly string[]>).map(
      ([variant, list]) => `${variant}: ${list.length ? list.join(", ") : "none"}`,
    );
    return `scoped: ${cell.scope} (${parts.join("; ")})`;
  }
  return `scoped: ${cell.scope} (${(rows as readonly string[]).join(", ")})`;
}

export const MATRIX_BEGIN = "<!-- rls-matrix:begin (generated from test/rls-matrix.ts by scripts/security-doc.ts) -->";
export const MATRIX_END = "<!-- rls-matrix:end -->";

export function renderMatrixMarkdown() {
  const out: string[] = [MATRIX_BEGIN, ""];
  for (const table of MATRIX) {
    const title = table.name.startsWith("storage:") ? `storage.objects — bucket \`${table.name.slice(8)}\`` : `\`public.${table.name}\``;
    out.push(`### ${title}`, "");
    out.push(`Fixture rows: ${Object.entries(table.rows).map(([key, text]) => `\`${key}\` ${text}`).join("; ")}.`, "");
    if (table.patches) out.push(`Update variants: ${Object.entries(table.patches).map(([key, text]) => `\`${key}\` ${text}`).join("; ")}.`, "");
    out.push("| role | select | insert | update | delete |", "|---|---|---|---|---|");
    for (const role of ROLES) {
      out.push(`| ${ROLE_LABELS[role]} | ${OPERATIONS.map((op) => cellText(table, op, table.cells[op][role])).join(" | ")} |`);
    }
    out.push("");
  }
  out.push(MATRIX_END);
  return out.join("\n");
}
