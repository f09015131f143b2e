import type { z } from "zod";
import type { Taxonomies } from "~/models/taxonomy.server";
import type { WorkflowError } from "~/models/workflow-errors";
import type { NeedRecord, NeedSummary } from "~/needs/types";
import { ApiProblem, fieldError } from "./problem.server";
import { siteLink } from "./representations.server";
import type { needSchema, needSummarySchema } from "./schemas";
import { termLabel } from "./terms.server";

/** Needs as the API shows them: codes with their labels, the location as one object, links to the site. */

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

function organizationOf(need: NeedSummary | NeedRecord) {
  return need.organization ? { id: need.organization.id, name_en: need.organization.name_en, name_ko: need.organization.name_ko } : null;
}

export function needSummaryRepresentation(need: NeedSummary, taxonomies: Taxonomies, siteUrl: string): z.infer<typeof needSummarySchema> {
  return {
    id: need.id,
    organization: organizationOf(need),
    kind: need.kind,
    status: need.status,
    visibility: need.visibility,
    export_controlled: need.export_controlled,
    offset_eligible: need.offset_eligible,
    title_en: need.title_en,
    title_ko: need.title_ko,
    location_name: need.location_name,
    required_processes: need.required_process_codes.map((code) => termLabel(taxonomies, "processes", code)),
    preferred_processes: need.preferred_process_codes.map((code) => termLabel(taxonomies, "processes", code)),
    response_deadline: need.response_deadline,
    opened_at: need.opened_at,
    created_at: need.created_at,
    url: siteLink(siteUrl, `/needs/${need.id}`),
  };
}

export function needRepresentation(need: NeedRecord, taxonomies: Taxonomies, siteUrl: string): z.infer<typeof needSchema> {
  const lat = numberOrNull(need.location_lat);
  const lng = numberOrNull(need.location_lng);
  return {
    id: need.id,
    organization: organizationOf(need),
    kind: need.kind,
    status: need.status,
    visibility: need.visibility,
    export_controlled: need.export_controlled,
    offset_eligible: need.offset_eligible,
    title_en: need.title_en,
    title_ko: need.title_ko,
    description_en: need.description_en,
    description_ko: need.description_ko,
    program: need.program,
    platform: need.platform,
    required_processes: need.required_process_codes.map((code) => termLabel(taxonomies, "processes", code)),
    preferred_processes: need.preferred_process_codes.map((code) => termLabel(taxonomies, "processes", code)),
    required_materials: need.required_material_codes.map((code) => termLabel(taxonomies, "materials", code)),
    preferred_materials: need.preferred_material_codes.map((code) => termLabel(taxonomies, "materials", code)),
    required_certifications: need.required_certification_codes.map((code) => termLabel(taxonomies, "certification_types", code)),
    preferred_certifications: need.preferred_certification_codes.map((code) => termLabel(taxonomies, "certification_types", code)),
    location: lat !== null && lng !== null ? { lat, lng, name: need.location_name } : null,
    radius_km: numberOrNull(need.radius_km),
    quantity: numberOrNull(need.quantity),
    quantity_unit: need.quantity_unit,
    timeline_start: need.timeline_start,
    timeline_end: need.timeline_end,
    response_deadline: need.response_deadline,
    estimated_value: numberOrNull(need.estimated_value),
    currency: need.currency,
    opened_at: need.opened_at,
    created_at: need.created_at,
    url: siteLink(siteUrl, `/needs/${need.id}`),
  };
}

const PROBLEM_OF_STATUS = { 404: "not_found", 403: "forbidden", 422: "unprocessable", 409: "conflict" } as const;

/** A refusal from the needs workflow as the matching problem, with the field when it names one. */
export function problemFromWorkflow(error: WorkflowError): ApiProblem {
  return new ApiProblem(PROBLEM_OF_STATUS[error.status], {
    detail: error.messageKey,
    ...(error.field ? { errors: [fieldError(error.field, error.messageKey)] } : {}),
  });
}
