import type { SupabaseClient } from "@supabase/supabase-js";
import type { HostingInquiryInput, HostingOfferInput } from "~/hosting/schemas";
import { isUuid } from "./clusters.server";
import { classifyPostgrestError, fail, ok, type Result } from "./result.server";

/*
 * Hosting a contractor's division: inquiries (contractor side), the clusters they were sent to
 * and each cluster's answer (authority side), offers, and the supplier density the comparison
 * shows. All through the caller's client: row-level security keeps an inquiry between the
 * contractor and the clusters it went to, and one cluster's offer away from the others.
 */

export type InquiryStatus = "open" | "closed";
export type RecipientStatus = "pending" | "offered" | "declined";

export type HostingInquiry = {
  id: string;
  contractor_organization_id: string;
  title: string;
  description: string | null;
  land_area_m2: number;
  workforce: number;
  start_by: string;
  timeline_note: string | null;
  process_codes: string[];
  incentives_sought: string[];
  contact_name: string;
  contact_email: string;
  contact_phone: string | null;
  status: InquiryStatus;
  closed_at: string | null;
  created_at: string;
  contractor: { name_en: string; name_ko: string | null; country: string } | null;
};

export type InquiryRecipient = {
  inquiry_id: string;
  cluster_id: string;
  status: RecipientStatus;
  decline_reason: string | null;
  responded_at: string | null;
  created_at: string;
  cluster: {
    id: string;
    slug: string;
    name_en: string;
    name_ko: string;
    region: string;
    designation: string;
    designation_year: number | null;
    center_lat: number;
    center_lng: number;
    boundary: unknown;
    incentives: unknown;
    contact: unknown;
  };
};

export type HostingOffer = {
  id: string;
  inquiry_id: string;
  cluster_id: string;
  parcel_ids: string[];
  incentives: Array<{ kind: string; description: string }>;
  land_price_per_m2: number | null;
  subsidy_amount: number | null;
  currency: string;
  site_ready_by: string | null;
  timeline_note: string | null;
  message: string | null;
  contact_name: string;
  contact_email: string;
  contact_phone: string | null;
  created_at: string;
  updated_at: string;
};

const INQUIRY_COLUMNS =
  "id, contractor_organization_id, title, description, land_area_m2, workforce, start_by, timeline_note, process_codes, incentives_sought, contact_name, contact_email, contact_phone, status, closed_at, created_at, organizations(name_en, name_ko, country)";
const RECIPIENT_COLUMNS =
  "inquiry_id, cluster_id, status, decline_reason, responded_at, created_at, clusters(id, slug, name_en, name_ko, region, designation, designation_year, center_lat, center_lng, boundary, incentives, contact)";
const OFFER_COLUMNS =
  "id, inquiry_id, cluster_id, parcel_ids, incentives, land_price_per_m2, subsidy_amount, currency, site_ready_by, timeline_note, message, contact_name, contact_email, contact_phone, created_at, updated_at";

function toInquiry(row: Record<string, unknown>): HostingInquiry {
  const { organizations, ...rest } = row;
  return {
    ...(rest as unknown as Omit<HostingInquiry, "contractor">),
    land_area_m2: Number(row.land_area_m2),
    contractor: (organizations as HostingInquiry["contractor"]) ?? null,
  };
}

function toRecipient(row: Record<string, unknown>): InquiryRecipient {
  const { clusters, ...rest } = row;
  return { ...(rest as unknown as Omit<InquiryRecipient, "cluster">), cluster: clusters as InquiryRecipient["cluster"] };
}

function toOffer(row: Record<string, unknown>): HostingOffer {
  const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    ...(row as unknown as HostingOffer),
    incentives: Array.isArray(row.incentives) ? (row.incentives as HostingOffer["incentives"]) : [],
    land_price_per_m2: number(row.land_price_per_m2),
    subsidy_amount: number(row.subsidy_amount),
  };
}

// Contractor side ------------------------------------------------------------------------------

export async function sendInquiry(supabase: SupabaseClient, { input }: { input: HostingInquiryInput }): Promise<Result<string>> {
  const { organization_id, cluster_ids, ...inquiry } = input;
  const { data, error } = await supabase.rpc("send_hosting_inquiry", {
    p_organization_id: organization_id,
    p_inquiry: inquiry,
    p_cluster_ids: cluster_ids,
  });
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  return ok(data as string);
}

export type InquiryListItem = HostingInquiry & { recipients: Array<Pick<InquiryRecipient, "cluster_id" | "status"> & { name_en: string; name_ko: string; slug: string }> };

export async function listContractorInquiries(
  supabase: SupabaseClient,
  { organizationIds }: { organizationIds: string[] },
): Promise<InquiryListItem[]> {
  if (organizationIds.length === 0) return [];
  const { data, error } = await supabase
    .from("hosting_inquiries")
    .select(`${INQUIRY_COLUMNS}, hosting_inquiry_clusters(cluster_id, status, clusters(slug, name_en, name_ko))`)
    .in("contractor_organization_id", organizationIds)
    .order("created_at", { ascending: false })
    .limit(200);
  if (error) throw new Error(`Could not read hosting inquiries: ${error.message}`);
  return (data ?? []).map((row) => {
    const { hosting_inquiry_clusters: recipients, ...rest } = row as Record<string, unknown>;
    return {
      ...toInquiry(rest),
      recipients: ((recipients as Array<{ cluster_id: string; status: RecipientStatus; clusters: { slug: string; name_en: string; name_ko: string } }>) ?? []).map(
        (recipient) => ({ cluster_id: recipient.cluster_id, status: recipient.status, ...recipient.clusters }),
      ),
    };
  });
}

export type ParcelRef = {
  id: string;
  cluster_id: string;
  name_en: string;
  name_ko: string;
  area_m2: number;
  price_per_m2: number | null;
  currency: string;
  zoning: string;
  status: string;
  lat: number;
  lng: number;
};

async function parcelsById(supabase: SupabaseClient, ids: string[]): Promise<Map<string, ParcelRef>> {
  if (ids.length === 0) return new Map();
  const { data, error } = await supabase
    .from("land_parcels")
    .select("id, cluster_id, name_en, name_ko, area_m2, price_per_m2, currency, zoning, status, lat, lng")
    .in("id", [...new Set(ids)]);
  if (error) throw new Error(`Could not read offered parcels: ${error.message}`);
  return new Map(
    (data ?? []).map((row) => [
      row.id as string,
      { ...(row as unknown as ParcelRef), area_m2: Number(row.area_m2), price_per_m2: row.price_per_m2 === null ? null : Number(row.price_per_m2) },
    ]),
  );
}

export type InquiryDetail = {
  inquiry: HostingInquiry;
  recipients: InquiryRecipient[];
  offers: HostingOffer[];
  parcels: Map<string, ParcelRef>;
};

/** The inquiry with what the caller may see of it: all recipients and offers for the contractor, its own cluster's for an authority. */
export async function getInquiry(supabase: SupabaseClient, { id }: { id: string }): Promise<InquiryDetail | null> {
  if (!isUuid(id)) return null;
  const inquiry = await supabase.from("hosting_inquiries").select(INQUIRY_COLUMNS).eq("id", id).maybeSingle();
  if (inquiry.error) throw new Error(`Could not read the hosting inquiry: ${inquiry.error.message}`);
  if (!inquiry.data) return null;
  const [recipients, offers] = await Promise.all([
    supabase.from("hosting_inquiry_clusters").select(RECIPIENT_COLUMNS).eq("inquiry_id", id).order("created_at"),
    supabase.from("hosting_offers").select(OFFER_COLUMNS).eq("inquiry_id", id),
  ]);
  if (recipients.error) throw new Error(`Could not read the inquiry's clusters: ${recipients.error.message}`);
  if (offers.error) throw new Error(`Could not read offers: ${offers.error.message}`);
  const offerRows = (offers.data ?? []).map((row) => toOffer(row as Record<string, unknown>));
  return {
    inquiry: toInquiry(inquiry.data as Record<string, unknown>),
    recipients: (recipients.data ?? []).map((row) => toRecipient(row as Record<string, unknown>)).sort((a, b) => a.cluster.name_en.localeCompare(b.cluster.name_en)),
    offers: offerRows,
    parcels: await parcelsById(supabase, offerRows.flatMap((offer) => offer.parcel_ids)),
  };
}

export async function setInquiryStatus(supabase: SupabaseClient, { id, status }: { id: string; status: InquiryStatus }): Promise<Result<null>> {
  const { data, error } = await supabase.from("hosting_inquiries").update({ status }).eq("id", id).select("id");
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  if (!data || data.length === 0) return fail("forbidden");
  return ok(null);
}

export type DensityRow = { cluster_id: string; process_code: string; supplier_count: number };

export async function supplierDensity(
  supabase: SupabaseClient,
  { clusterIds, processCodes, km }: { clusterIds: string[]; processCodes: string[]; km: number },
): Promise<DensityRow[]> {
  if (clusterIds.length === 0 || processCodes.length === 0) return [];
  const { data, error } = await supabase.rpc("hosting_supplier_density", {
    p_cluster_ids: clusterIds,
    p_process_codes: processCodes,
    p_radius_km: km,
  });
  if (error) throw new Error(`Could not compute supplier density: ${error.message}`);
  return (data ?? []) as DensityRow[];
}

// Authority side ---------------------------------------------------------------------------------

export type InboxItem = {
  inquiry: HostingInquiry;
  cluster: { id: string; slug: string; name_en: string; name_ko: string };
  status: RecipientStatus;
  received_at: string;
};

export async function listInbox(supabase: SupabaseClient, { clusterIds }: { clusterIds: string[] }): Promise<InboxItem[]> {
  if (clusterIds.length === 0) return [];
  const { data, error } = await supabase
    .from("hosting_inquiry_clusters")
    .select(`cluster_id, status, created_at, clusters(id, slug, name_en, name_ko), hosting_inquiries!inner(${INQUIRY_COLUMNS})`)
    .in("cluster_id", clusterIds)
    .order("created_at", { ascending: false })
    .limit(500);
  if (error) throw new Error(`Could not read the hosting inbox: ${error.message}`);
  return (data ?? []).map((row) => {
    const record = row as Record<string, unknown>;
    return {
      inquiry: toInquiry(record.hosting_inquiries as Record<string, unknown>),
      cluster: record.clusters as InboxItem["cluster"],
      status: record.status as RecipientStatus,
      received_at: record.created_at as string,
    };
  });
}

export async function saveOffer(
  supabase: SupabaseClient,
  { inquiryId, input }: { inquiryId: string; input: HostingOfferInput },
): Promise<Result<{ id: string; revised: boolean }>> {
  const existing = await supabase.from("hosting_offers").select("id").eq("inquiry_id", inquiryId).eq("cluster_id", input.cluster_id).maybeSingle();
  if (existing.error) return { ok: false, error: classifyPostgrestError(existing.error) };
  const row = {
    parcel_ids: input.parcel_ids,
    incentives: input.incentives,
    land_price_per_m2: input.land_price_per_m2 ?? null,
    subsidy_amount: input.subsidy_amount ?? null,
    currency: input.currency,
    site_ready_by: input.site_ready_by ?? null,
    timeline_note: input.timeline_note ?? null,
    message: input.message ?? null,
    contact_name: input.contact_name,
    contact_email: input.contact_email,
    contact_phone: input.contact_phone ?? null,
  };
  if (existing.data) {
    const { data, error } = await supabase.from("hosting_offers").update(row).eq("id", existing.data.id).select("id");
    if (error) return { ok: false, error: classifyPostgrestError(error) };
    if (!data || data.length === 0) return fail("forbidden");
    return ok({ id: existing.data.id as string, revised: true });
  }
  const { data, error } = await supabase
    .from("hosting_offers")
    .insert({ ...row, inquiry_id: inquiryId, cluster_id: input.cluster_id })
    .select("id")
    .single();
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  return ok({ id: data.id as string, revised: false });
}

export async function declineInquiry(
  supabase: SupabaseClient,
  { inquiryId, clusterId, reason }: { inquiryId: string; clusterId: string; reason: string },
): Promise<Result<null>> {
  const { data, error } = await supabase
    .from("hosting_inquiry_clusters")
    .update({ status: "declined", decline_reason: reason })
    .eq("inquiry_id", inquiryId)
    .eq("cluster_id", clusterId)
    .select("inquiry_id");
  if (error) return { ok: false, error: classifyPostgrestError(error) };
  if (!data || data.length === 0) return fail("forbidden");
  return ok(null);
}

/** Published e-mail addresses of clusters (their investment desk), for the inquiry mail. */
export async function clusterContactEmails(supabase: SupabaseClient, { clusterIds }: { clusterIds: string[] }) {
  if (clusterIds.length === 0) return [];
  const { data, error } = await supabase.from("clusters").select("id, slug, name_en, name_ko, contact").in("id", clusterIds);
  if (error) throw new Error(`Could not read cluster contacts: ${error.message}`);
  return (data ?? []).map((row) => {
    const contact = (row.contact ?? {}) as { email?: unknown };
    return {
      id: row.id as string,
      slug: row.slug as string,
      name_en: row.name_en as string,
      name_ko: row.name_ko as string,
      email: typeof contact.email === "string" && contact.email.includes("@") ? contact.email : null,
    };
  });
}
