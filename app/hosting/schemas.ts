import * as z from "zod";
import { SOUGHT_INCENTIVE_KINDS } from "../clusters/content";
import { CURRENCIES } from "../clusters/schemas";
import type { MessageKey } from "../i18n";
import {
  messageKey,
  optionalDate,
  optionalNumber,
  optionalText,
  requiredDate,
  requiredEmail,
  requiredNumber,
  requiredText,
  stringList,
} from "../utils/form-fields";

/*
 * Hosting a contractor's division in a cluster: the inquiry a contractor sends to one or several
 * clusters, the offer or refusal each cluster authority answers with, and the comparison's
 * distance. Shared by forms and actions.
 */

export const INQUIRY_LIMITS = {
  title: 200,
  description: 5000,
  timelineNote: 2000,
  processes: 30,
  clusters: 10,
  contactName: 100,
  phone: 40,
  maxArea: 100_000_000,
  maxWorkforce: 100_000,
} as const;

export const INQUIRY_LIST_FIELDS = ["process_codes", "incentives_sought", "cluster_ids"] as const;

const uuidList = (max: number, tooFewKey: MessageKey | null) =>
  stringList(max, z.uuid(messageKey("clusters.validation.reference_invalid"))).superRefine((list, ctx) => {
    if (tooFewKey && list.length === 0) ctx.addIssue({ code: "custom", message: tooFewKey });
  });

/** `today` is the Korea date (YYYY-MM-DD) the start must not precede. */
export function hostingInquirySchema(today: string) {
  return z.object({
    organization_id: z.uuid(messageKey("clusters.hosting.validation.organization_required")),
    title: requiredText(INQUIRY_LIMITS.title, "clusters.hosting.validation.title_required"),
    description: optionalText(INQUIRY_LIMITS.description),
    land_area_m2: requiredNumber("clusters.hosting.validation.land_area_required", { exclusiveMin: 0, max: INQUIRY_LIMITS.maxArea }),
    workforce: requiredNumber("clusters.hosting.validation.workforce_required", { integer: true, min: 1, max: INQUIRY_LIMITS.maxWorkforce }),
    start_by: requiredDate("clusters.hosting.validation.start_by_required").refine(
      (value) => value >= today,
      messageKey("clusters.hosting.validation.start_by_past"),
    ),
    timeline_note: optionalText(INQUIRY_LIMITS.timelineNote),
    process_codes: stringList(INQUIRY_LIMITS.processes, z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, messageKey("clusters.hosting.validation.process_unknown"))),
    incentives_sought: stringList(SOUGHT_INCENTIVE_KINDS.length, z.enum(SOUGHT_INCENTIVE_KINDS, messageKey("clusters.validation.kind_invalid"))),
    cluster_ids: uuidList(INQUIRY_LIMITS.clusters, "clusters.hosting.validation.clusters_required"),
    contact_name: requiredText(INQUIRY_LIMITS.contactName, "clusters.hosting.validation.contact_name_required"),
    contact_email: requiredEmail("clusters.hosting.validation.contact_email_required"),
    contact_phone: optionalText(INQUIRY_LIMITS.phone),
  });
}
export type HostingInquiryInput = z.infer<ReturnType<typeof hostingInquirySchema>>;

export const OFFER_INCENTIVE_FIELDS = ["kind", "description"] as const;
export const OFFER_LIST_FIELDS = ["parcel_ids"] as const;

export const hostingOfferSchema = z
  .object({
    cluster_id: z.uuid(messageKey("clusters.validation.reference_invalid")),
    parcel_ids: uuidList(20, null),
    incentives: z
      .array(
        z.object({
          kind: z.enum(SOUGHT_INCENTIVE_KINDS, messageKey("clusters.validation.kind_invalid")),
          description: optionalText(2000),
        }),
      )
      .max(SOUGHT_INCENTIVE_KINDS.length, messageKey("clusters.form.too_many"))
      .transform((rows) => rows.filter((row): row is { kind: (typeof SOUGHT_INCENTIVE_KINDS)[number]; description: string } => Boolean(row.description))),
    land_price_per_m2: optionalNumber({ min: 0, max: 1_000_000_000_000 }),
    subsidy_amount: optionalNumber({ min: 0, max: 1_000_000_000_000_000 }),
    currency: z.enum(CURRENCIES, messageKey("clusters.validation.currency_invalid")),
    site_ready_by: optionalDate(),
    timeline_note: optionalText(2000),
    message: optionalText(5000),
    contact_name: requiredText(100, "clusters.hosting.validation.contact_name_required"),
    contact_email: requiredEmail("clusters.hosting.validation.contact_email_required"),
    contact_phone: optionalText(40),
  })
  .superRefine((offer, ctx) => {
    if (offer.parcel_ids.length === 0 && offer.incentives.length === 0) {
      ctx.addIssue({ code: "custom", path: ["parcel_ids"], message: "clusters.hosting.validation.offer_empty" satisfies MessageKey });
    }
    const kinds = offer.incentives.map((item) => item.kind);
    if (new Set(kinds).size !== kinds.length) {
      ctx.addIssue({ code: "custom", path: ["incentives"], message: "clusters.validation.kind_invalid" satisfies MessageKey });
    }
  });
export type HostingOfferInput = z.infer<typeof hostingOfferSchema>;

export const hostingDeclineSchema = z.object({
  cluster_id: z.uuid(messageKey("clusters.validation.reference_invalid")),
  decline_reason: requiredText(2000, "clusters.hosting.validation.decline_reason_required"),
});

export const DEFAULT_DENSITY_KM = 50;
export const DENSITY_KM = { min: 1, max: 500 } as const;

/** The comparison's distance from the URL (?km=): a whole number of km, clamped; garbage → default. */
export function parseDensityKm(value: string | null | undefined): number {
  if (!value || !/^\d{1,4}$/.test(value.trim())) return DEFAULT_DENSITY_KM;
  const km = Number(value.trim());
  return Math.min(DENSITY_KM.max, Math.max(DENSITY_KM.min, km));
}
