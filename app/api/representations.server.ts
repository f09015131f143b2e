import type { z } from "zod";
import { completenessOf, type SupplierProfile } from "~/models/sme.server";
import { todayInKorea } from "~/suppliers/expiry";
import type { supplierSchema } from "./schemas";

/*
 * How internal records appear in the public API: stable snake_case fields, labels next to codes,
 * nothing internal (storage paths, verifier user ids, rejection notes).
 */

export type ApiSupplier = z.infer<typeof supplierSchema>;

export function siteLink(siteUrl: string, path: string): string {
  return new URL(path, siteUrl).href;
}

export function supplierRepresentation(supplier: SupplierProfile, siteUrl: string, today = todayInKorea()): ApiSupplier {
  const { organization, profile, labels } = supplier;
  const label = (map: Record<string, { en: string; ko: string }>, code: string) => ({
    code,
    label_en: map[code]?.en ?? code,
    label_ko: map[code]?.ko ?? code,
  });
  return {
    id: organization.id,
    slug: organization.slug,
    name_en: organization.name_en,
    name_ko: organization.name_ko,
    is_fictional: organization.is_fictional,
    country: organization.country,
    website: organization.website,
    contact_email: profile.contact_email,
    description_en: profile.description_en,
    description_ko: profile.description_ko,
    employees: profile.employees,
    founded_year: profile.founded_year,
    defense_designated: profile.defense_designated,
    security_assessment_passed: profile.security_assessment_passed,
    verification_status: profile.verification_status,
    external_id: profile.external_id,
    cluster: supplier.cluster
      ? { id: supplier.cluster.id, slug: supplier.cluster.slug, name_en: supplier.cluster.name_en, name_ko: supplier.cluster.name_ko }
      : null,
    processes: supplier.capabilities.map((capability) => ({
      ...label(labels.processes, capability.process_code),
      materials: [...capability.material_codes],
    })),
    materials: supplier.materialCodes.map((code) => label(labels.materials, code)),
    certifications: supplier.certifications.map((certification) => ({
      ...label(labels.certificationTypes, certification.certification_type_code),
      number: certification.certificate_number,
      issuer: certification.issuer,
      issued_on: certification.issued_on,
      expires_on: certification.expires_on,
      expired: certification.expires_on !== null && certification.expires_on < today,
      verification_status: certification.verification_status,
    })),
    equipment: supplier.equipment.map((item) => ({
      name: item.name,
      manufacturer: item.manufacturer,
      model: item.model,
      quantity: item.quantity,
      year_installed: item.year_installed,
      process: item.process_code,
    })),
    sites: supplier.sites.map((site) => ({
      name_en: site.name_en,
      name_ko: site.name_ko,
      address_en: site.address_en,
      address_ko: site.address_ko,
      region: site.region,
      lat: site.lat,
      lng: site.lng,
      is_primary: site.is_primary,
    })),
    tags: [...profile.tags],
    completeness: completenessOf(supplier, today).score,
    updated_at: profile.updated_at,
    url: siteLink(siteUrl, `/suppliers/${organization.id}`),
  };
}
