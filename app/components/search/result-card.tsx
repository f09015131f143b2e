import { Link } from "@remix-run/react";
import { useLocale, useT } from "~/i18n/react";
import { REGIONS, type SupplierHit } from "~/search/query";
import { HighlightedText } from "./highlighted-text";
import { dateTimeFormat } from "~/utils/intl-format";
import { formatNumber } from "~/components/supplier/format";

const VISIBLE_PROCESSES = 6;

function formatDate(iso: string, locale: "en" | "ko") {
  return dateTimeFormat(locale === "ko" ? "ko-KR" : "en-GB", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
}

/** One supplier in the results: names in both languages, why it matched, and what it holds. */
export function ResultCard({ hit, headingId }: { hit: SupplierHit; headingId: string }) {
  const t = useT();
  const locale = useLocale();
  const other = locale === "ko" ? "en" : "ko";
  const primaryName = hit.name[locale];
  const secondaryName = hit.name[other] !== primaryName ? hit.name[other] : null;
  const markedPrimary = locale === "ko" ? hit.name.markedKo : hit.name.markedEn;
  const markedSecondary = locale === "ko" ? hit.name.markedEn : hit.name.markedKo;
  const processes = hit.processes.slice(0, VISIBLE_PROCESSES);
  const region = hit.region ? REGIONS[hit.region][locale] : null;
  return (
    <article className="result-card" aria-labelledby={headingId}>
      <header className="result-card__header">
        <h3 id={headingId} className="result-card__title">
          <Link to={`/suppliers/${hit.id}`} prefetch="intent">
            {markedPrimary ? <HighlightedText marked={markedPrimary} /> : primaryName}
          </Link>
        </h3>
        {secondaryName ? (
          <p className="result-card__alt-name" lang={other}>
            {markedSecondary ? <HighlightedText marked={markedSecondary} /> : secondaryName}
          </p>
        ) : null}
        <ul className="result-card__badges">
          {hit.verified ? <li className="badge badge--verified">{t("search.hit.verified")}</li> : null}
          {hit.designated ? <li className="badge badge--designated">{t("search.hit.designated")}</li> : null}
          {hit.securityAssessed ? <li className="badge">{t("search.hit.security")}</li> : null}
          {hit.isFictional ? <li className="badge badge--muted">{t("search.hit.fictional")}</li> : null}
        </ul>
      </header>

      {hit.snippet ? (
        <p className="result-card__snippet" lang={hit.snippet.lang}>
          {hit.snippet.lang !== locale ? (
            <span className="result-card__snippet-lang">{t(hit.snippet.lang === "ko" ? "search.hit.match_in_ko" : "search.hit.match_in_en")}: </span>
          ) : null}
          <HighlightedText marked={hit.snippet.text} />
        </p>
      ) : null}

      <dl className="result-card__facts">
        {region || hit.cluster ? (
          <div>
            <dt className="visually-hidden">{t("search.facet.region")}</dt>
            <dd>
              {[region, hit.cluster ? t("search.hit.cluster", { name: hit.cluster.name[locale] }) : null].filter(Boolean).join(" · ")}
              {hit.distanceKm !== null
                ? ` · ${t("search.hit.distance", { km: formatNumber(hit.distanceKm, locale) })}`
                : null}
            </dd>
          </div>
        ) : null}
        {hit.employees !== null ? (
          <div>
            <dt className="visually-hidden">{t("search.facet.size")}</dt>
            <dd>{t("search.hit.employees", { count: formatNumber(hit.employees, locale) })}</dd>
          </div>
        ) : null}
        <div>
          <dt className="visually-hidden">{t("search.sort.completeness")}</dt>
          <dd>
            <meter min={0} max={100} value={hit.completeness} className="result-card__meter" aria-hidden="true" />{" "}
            {t("search.hit.completeness", { percent: hit.completeness })}
          </dd>
        </div>
      </dl>

      {processes.length > 0 ? (
        <div className="result-card__section">
          <h4 className="visually-hidden">{t("search.hit.processes")}</h4>
          <ul className="chip-list" aria-label={t("search.hit.processes")}>
            {processes.map((process) => (
              <li key={process.code} className="chip">
                {process.label[locale]}
              </li>
            ))}
            {hit.processes.length > processes.length ? (
              <li className="chip chip--muted">{t("search.hit.more_processes", { count: hit.processes.length - processes.length })}</li>
            ) : null}
          </ul>
        </div>
      ) : null}

      {hit.certifications.length > 0 ? (
        <div className="result-card__section">
          <h4 className="visually-hidden">{t("search.hit.certifications")}</h4>
          <ul className="chip-list" aria-label={t("search.hit.certifications")}>
            {hit.certifications.map((certification) => (
              <li
                key={certification.code}
                className={["chip", "chip--cert", certification.verified ? "chip--verified" : "", certification.expired ? "chip--expired" : ""]
                  .join(" ")
                  .trim()}
              >
                {certification.label[locale]}
                <span className="chip__note">
                  {" "}
                  (
                  {certification.expired && certification.expiresOn
                    ? t("search.hit.cert_expired", { date: formatDate(certification.expiresOn, locale) })
                    : t(certification.verified ? "search.hit.cert_verified" : "search.hit.cert_unverified")}
                  )
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </article>
  );
}
