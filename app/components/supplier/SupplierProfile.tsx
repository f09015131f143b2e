import type { ReactNode } from "react";
import { MapPanel } from "~/components/map/MapPanel";
import type { MapPoint } from "~/components/map/types";
import type { Locale, Translate } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import type { Bilingual, Certification, SupplierProfile as SupplierProfileData, Verifier } from "~/models/sme.server";
import { expiryOf, isHeld } from "~/suppliers/expiry";
import { formatDay, formatMoment, formatNumber, localized } from "./format";

/*
 * A supplier's profile exactly as contractors see it: the public page /suppliers/$id and the SME's
 * own preview render this one component with the same data, so the preview cannot drift from
 * what is published. `today` comes from the loader so server and browser agree on expiry.
 */

export function SupplierProfile({ supplier, today, headingLevel = 1 }: { supplier: SupplierProfileData; today: string; headingLevel?: 1 | 2 }) {
  const t = useT();
  const locale = useLocale();
  const { organization, profile } = supplier;
  const name = localized(locale, organization.name_en, organization.name_ko);
  const otherName = locale === "ko" ? organization.name_en : organization.name_ko;
  const Heading = headingLevel === 1 ? "h1" : "h2";
  const Sub = headingLevel === 1 ? "h2" : "h3";
  const label = (entry: Bilingual | undefined, code: string) => (entry ? (locale === "ko" ? entry.ko : entry.en) : code);
  const descriptions = orderedDescriptions(locale, profile.description_en, profile.description_ko);
  const points: MapPoint[] = supplier.sites.map((site) => ({
    id: site.id,
    lat: site.lat,
    lng: site.lng,
    label: `${name} — ${localized(locale, site.name_en, site.name_ko) || t("supplier.site.unnamed")}`,
    sublabel: localized(locale, site.address_en, site.address_ko) || null,
    kind: site.is_primary ? "primary" : "secondary",
  }));

  return (
    <article className="supplier-profile" aria-labelledby="supplier-name">
      <header className="supplier-profile__header">
        <Heading id="supplier-name" className="supplier-profile__name">
          {name}
        </Heading>
        {otherName && otherName !== name ? (
          <p className="supplier-profile__other-name" lang={locale === "ko" ? "en" : "ko"}>
            {otherName}
          </p>
        ) : null}
        <ul className="badge-list" aria-label={t("supplier.badges")}>
          {profile.verification_status === "verified" ? (
            <li>
              <span className="badge badge--verified">{t("supplier.badge.verified_profile")}</span>{" "}
              <VerifiedBy verifier={profile.verified_by ? supplier.verifiers[profile.verified_by] : undefined} at={profile.verified_at} />
            </li>
          ) : null}
          {profile.defense_designated ? (
            <li>
              <span className="badge">{t("supplier.badge.defense_designated")}</span>
            </li>
          ) : null}
          {profile.security_assessment_passed ? (
            <li>
              <span className="badge">{t("supplier.badge.security_assessment")}</span>
            </li>
          ) : null}
          {supplier.cluster ? (
            <li>
              <span className="badge badge--cluster">{t("supplier.badge.cluster", { cluster: localized(locale, supplier.cluster.name_en, supplier.cluster.name_ko) })}</span>
            </li>
          ) : null}
          {organization.is_fictional ? (
            <li>
              <span className="badge badge--fictional">{t("supplier.badge.fictional")}</span>
            </li>
          ) : null}
        </ul>
      </header>

      <section className="supplier-profile__section" aria-labelledby="supplier-about">
        <Sub id="supplier-about">{t("supplier.section.about")}</Sub>
        {descriptions.length === 0 ? <p className="muted">{t("supplier.no_description")}</p> : null}
        {descriptions.map((description) => (
          <div key={description.lang} lang={description.lang} className="supplier-profile__description">
            {descriptions.length > 1 ? <p className="supplier-profile__lang">{t(description.lang === "ko" ? "supplier.in_korean" : "supplier.in_english")}</p> : null}
            {description.text.split(/\n{2,}/).map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
          </div>
        ))}
        <dl className="definition-list definition-list--compact supplier-facts">
          <Fact term={t("supplier.fact.employees")}>{profile.employees !== null ? formatNumber(profile.employees, locale) : null}</Fact>
          <Fact term={t("supplier.fact.founded")}>{profile.founded_year}</Fact>
          <Fact term={t("supplier.fact.revenue")}>{profile.revenue_band ? t(`supplier.revenue.${profile.revenue_band}` as Parameters<Translate>[0]) : null}</Fact>
          <Fact term={t("supplier.fact.export")}>
            {profile.export_experience
              ? profile.export_countries.length > 0
                ? t("supplier.fact.export_to", { countries: profile.export_countries.join(", ") })
                : t("supplier.yes")
              : null}
          </Fact>
          <Fact term={t("supplier.fact.capacity")}>{profile.capacity_note}</Fact>
        </dl>
      </section>

      <section className="supplier-profile__section" aria-labelledby="supplier-capabilities">
        <Sub id="supplier-capabilities">{t("supplier.section.capabilities")}</Sub>
        {supplier.capabilities.length === 0 ? <p className="muted">{t("supplier.no_capabilities")}</p> : null}
        <ul className="capability-list">
          {supplier.capabilities.map((capability) => {
            const envelope = [capability.envelope_x_mm, capability.envelope_y_mm, capability.envelope_z_mm];
            const description = localized(locale, capability.description_en, capability.description_ko);
            return (
              <li key={capability.id} className="capability-list__item">
                <p className="capability-list__process">{label(supplier.labels.processes[capability.process_code], capability.process_code)}</p>
                {capability.material_codes.length > 0 ? (
                  <p className="capability-list__detail">
                    {t("supplier.capability.materials", {
                      materials: capability.material_codes.map((code) => label(supplier.labels.materials[code], code)).join(", "),
                    })}
                  </p>
                ) : null}
                {envelope.some((value) => value !== null) ? (
                  <p className="capability-list__detail">
                    {t("supplier.capability.envelope", { size: envelope.map((value) => (value === null ? "–" : formatNumber(value, locale))).join(" × ") })}
                  </p>
                ) : null}
                {capability.tolerance_mm !== null ? (
                  <p className="capability-list__detail">{t("supplier.capability.tolerance", { tolerance: String(capability.tolerance_mm) })}</p>
                ) : null}
                {capability.capacity_note ? <p className="capability-list__detail">{capability.capacity_note}</p> : null}
                {description ? <p className="capability-list__detail">{description}</p> : null}
              </li>
            );
          })}
        </ul>
        {supplier.materialCodes.length > 0 ? (
          <>
            <Sub className="supplier-profile__minor-heading">{t("supplier.section.materials")}</Sub>
            <ul className="chip-list">
              {supplier.materialCodes.map((code) => (
                <li key={code} className="chip">
                  {label(supplier.labels.materials[code], code)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {profile.tags.length > 0 ? (
          <>
            <Sub className="supplier-profile__minor-heading">{t("supplier.section.tags")}</Sub>
            <ul className="chip-list">
              {profile.tags.map((tag) => (
                <li key={tag} className="chip chip--tag">
                  {tag}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="supplier-profile__section" aria-labelledby="supplier-certifications">
        <Sub id="supplier-certifications">{t("supplier.section.certifications")}</Sub>
        {supplier.certifications.length === 0 ? (
          <p className="muted">{t("supplier.no_certifications")}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">{t("supplier.section.certifications")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("supplier.cert.type")}</th>
                  <th scope="col">{t("supplier.cert.number")}</th>
                  <th scope="col">{t("supplier.cert.validity")}</th>
                  <th scope="col">{t("supplier.cert.verification")}</th>
                </tr>
              </thead>
              <tbody>
                {supplier.certifications.map((certification) => (
                  <tr key={certification.id} className={isHeld(certification, today) ? undefined : "is-not-held"}>
                    <th scope="row">{label(supplier.labels.certificationTypes[certification.certification_type_code], certification.certification_type_code)}</th>
                    <td>{certification.certificate_number ?? "—"}</td>
                    <td>
                      <ExpiryBadge certification={certification} today={today} />
                    </td>
                    <td>
                      <VerificationBadge certification={certification} verifiers={supplier.verifiers} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {supplier.equipment.length > 0 ? (
        <section className="supplier-profile__section" aria-labelledby="supplier-equipment">
          <Sub id="supplier-equipment">{t("supplier.section.equipment")}</Sub>
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">{t("supplier.section.equipment")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("supplier.equipment.name")}</th>
                  <th scope="col">{t("supplier.equipment.make_model")}</th>
                  <th scope="col">{t("supplier.equipment.quantity")}</th>
                  <th scope="col">{t("supplier.equipment.year")}</th>
                  <th scope="col">{t("supplier.equipment.specs")}</th>
                </tr>
              </thead>
              <tbody>
                {supplier.equipment.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">
                      {item.name}
                      {item.process_code ? <span className="muted"> · {label(supplier.labels.processes[item.process_code], item.process_code)}</span> : null}
                    </th>
                    <td>{[item.manufacturer, item.model].filter(Boolean).join(" ") || "—"}</td>
                    <td>{item.quantity}</td>
                    <td>{item.year_installed ?? "—"}</td>
                    <td>{localized(locale, item.specs_en, item.specs_ko) || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <section className="supplier-profile__section" aria-labelledby="supplier-sites">
        <Sub id="supplier-sites">{t("supplier.section.sites")}</Sub>
        {supplier.sites.length === 0 ? (
          <p className="muted">{t("supplier.no_sites")}</p>
        ) : (
          <>
            <ul className="site-list" id="supplier-site-list">
              {supplier.sites.map((site) => (
                <li key={site.id}>
                  <span className="site-list__name">{localized(locale, site.name_en, site.name_ko) || t("supplier.site.unnamed")}</span>
                  {site.is_primary ? <span className="badge badge--small">{t("supplier.site.primary")}</span> : null}
                  <span className="site-list__address">{localized(locale, site.address_en, site.address_ko)}</span>
                  <span className="site-list__coordinates">
                    {site.lat.toFixed(4)}, {site.lng.toFixed(4)}
                  </span>
                </li>
              ))}
            </ul>
            <MapPanel points={points} label={t("supplier.map_label", { name })} height={320} fitTo="data" externalListId="supplier-site-list" />
          </>
        )}
      </section>

      <section className="supplier-profile__section" aria-labelledby="supplier-contact">
        <Sub id="supplier-contact">{t("supplier.section.contact")}</Sub>
        {!organization.website && !profile.contact_email && !profile.contact_phone && !supplier.brochureUrl ? <p className="muted">{t("supplier.no_contact")}</p> : null}
        <dl className="definition-list definition-list--compact">
          <Fact term={t("supplier.fact.website")}>
            {organization.website ? (
              <a href={organization.website} rel="noopener noreferrer nofollow" target="_blank">
                {organization.website}
              </a>
            ) : null}
          </Fact>
          <Fact term={t("supplier.fact.email")}>{profile.contact_email ? <a href={`mailto:${profile.contact_email}`}>{profile.contact_email}</a> : null}</Fact>
          <Fact term={t("supplier.fact.phone")}>{profile.contact_phone}</Fact>
          <Fact term={t("supplier.fact.brochure")}>
            {supplier.brochureUrl ? (
              <a href={supplier.brochureUrl} rel="noopener noreferrer" target="_blank">
                {t("supplier.brochure_link")}
              </a>
            ) : null}
          </Fact>
        </dl>
      </section>
    </article>
  );
}

function orderedDescriptions(locale: Locale, en: string | null, ko: string | null) {
  const items = [
    { lang: "en" as const, text: en?.trim() ?? "" },
    { lang: "ko" as const, text: ko?.trim() ?? "" },
  ].filter((item) => item.text !== "");
  return locale === "ko" ? items.reverse() : items;
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  if (children === null || children === undefined || children === "") return null;
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function ExpiryBadge({ certification, today }: { certification: Pick<Certification, "expires_on">; today: string }) {
  const t = useT();
  const locale = useLocale();
  const expiry = expiryOf(certification.expires_on, today);
  const date = formatDay(certification.expires_on, locale);
  if (expiry.state === "no_expiry") return <span>{t("supplier.cert.no_expiry")}</span>;
  if (expiry.state === "expired") return <span className="badge badge--expired">{t("supplier.cert.expired_on", { date })}</span>;
  if (expiry.state === "expiring") {
    return <span className="badge badge--expiring">{t("supplier.cert.expiring", { date, days: expiry.daysLeft ?? 0 })}</span>;
  }
  return <span>{t("supplier.cert.valid_until", { date })}</span>;
}

export function VerifiedBy({ verifier, at }: { verifier: Verifier | undefined; at: string | null }) {
  const t = useT();
  const locale = useLocale();
  if (!at) return null;
  const when = formatMoment(at, locale);
  if (!verifier) return <span className="verified-by">{t("supplier.verified_on", { date: when })}</span>;
  return (
    <span className="verified-by">
      {t("supplier.verified_by", {
        name: verifier.display_name,
        organization: localized(locale, verifier.organization_name_en, verifier.organization_name_ko),
        date: when,
      })}
    </span>
  );
}

export function VerificationBadge({ certification, verifiers }: { certification: Certification; verifiers: Record<string, Verifier> }) {
  const t = useT();
  if (certification.verification_status === "verified") {
    return (
      <span className="verification">
        <span className="badge badge--verified">{t("supplier.status.verified")}</span>{" "}
        <VerifiedBy verifier={certification.verified_by ? verifiers[certification.verified_by] : undefined} at={certification.verified_at} />
      </span>
    );
  }
  if (certification.verification_status === "rejected") return <span className="badge badge--rejected">{t("supplier.status.rejected")}</span>;
  if (certification.verification_status === "pending") return <span className="badge badge--pending">{t("supplier.status.pending")}</span>;
  return <span className="badge badge--unverified">{t("supplier.status.unverified")}</span>;
}
