import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { pageTitle, useT } from "~/i18n/react";
import { useOptionalUser } from "~/utils/root-data";

// Simple line icons (24×24, stroked) so no font needs the glyphs.
const audiences = [
  { id: "contractors", icon: "M2 16l20-6-20-6 4 6-4 6zm4-6h16" },
  { id: "smes", icon: "M4 20V10l5 3V10l5 3V6h6v14H4zm4-3h2m3 0h2m3 0h1" },
  { id: "clusters", icon: "M12 21s-7-6.2-7-11a7 7 0 0 1 14 0c0 4.8-7 11-7 11zm0-8.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z" },
] as const;

export default function Home() {
  const t = useT();
  const user = useOptionalUser();
  return (
    <div className="home">
      <section className="hero" aria-labelledby="hero-title">
        <div className="container hero__inner">
          <p className="hero__eyebrow">{t("app.tagline")}</p>
          <h1 id="hero-title">{t("home.hero.title")}</h1>
          <p className="hero__lead">{t("home.hero.lead")}</p>
          <div className="button-row">
            {user ? (
              <Link to="/account" className="button button--primary button--large">
                {t("home.cta.account")}
              </Link>
            ) : (
              <>
                <Link to="/sign-up" className="button button--primary button--large">
                  {t("home.cta.sign_up")}
                </Link>
                <Link to="/sign-in" className="button button--secondary button--large">
                  {t("home.cta.sign_in")}
                </Link>
              </>
            )}
          </div>
        </div>
      </section>

      <section className="container section" aria-labelledby="audiences-title">
        <h2 id="audiences-title">{t("home.audiences.title")}</h2>
        <ul className="card-grid">
          {audiences.map(({ id, icon }) => (
            <li key={id} className="card">
              <h3 className="card__title">
                <span className="card__icon" aria-hidden="true">
                  <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" strokeLinecap="round">
                    <path d={icon} />
                  </svg>
                </span>
                {t(`home.${id}.title` as const)}
              </h3>
              <p>{t(`home.${id}.body` as const)}</p>
              <ul className="checklist">
                {(["point1", "point2", "point3"] as const).map((point) => (
                  <li key={point}>{t(`home.${id}.${point}` as const)}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      <section className="container section section--split">
        <div>
          <h2>{t("home.why.title")}</h2>
          <p>{t("home.why.body")}</p>
        </div>
        <div>
          <h2>{t("home.steps.title")}</h2>
          <ol className="steps">
            <li>{t("home.steps.one")}</li>
            <li>{t("home.steps.two")}</li>
            <li>{t("home.steps.three")}</li>
          </ol>
        </div>
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "home.meta_title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
