import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { LANGUAGE_NAMES, LOCALES, type Locale, type MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import type { SessionUser } from "~/utils/session-user";

/*
 * Primary navigation. Later features add their entries here once their routes exist
 * (supplier search, needs, clusters); the header never links to a page that is not there.
 */
const primaryNavigation = [
  { to: "/", labelKey: "nav.home", end: true },
  { to: "/search", labelKey: "search.nav", end: false },
  { to: "/needs", labelKey: "nav.needs", end: false },
  { to: "/clusters", labelKey: "clusters.nav", end: false },
] as const;

type WorkLink = { to: string; labelKey: MessageKey };

/**
 * Where each kind of account does its work. Seeded reviewer and platform accounts have no
 * self-service account type; they get the review, import and analytics pages, which check the
 * organization's role themselves.
 */
export function workLinksFor(accountType: SessionUser["accountType"], { auditLog = false }: { auditLog?: boolean } = {}): WorkLink[] {
  // Owners and admins of an organization, and the platform, read its audit log.
  const audit: WorkLink[] = auditLog ? [{ to: "/settings/audit-log", labelKey: "audit.title" }] : [];
  return [...workLinksByType(accountType), ...audit];
}

function workLinksByType(accountType: SessionUser["accountType"]): WorkLink[] {
  switch (accountType) {
    case "sme":
      return [
        { to: "/my/profile", labelKey: "supplier.nav.profile" },
        { to: "/needs/for-you", labelKey: "nav.needs_for_you" },
      ];
    case "contractor":
      return [
        { to: "/offsets", labelKey: "offsets.nav" },
        { to: "/hosting", labelKey: "nav.hosting" },
        { to: "/settings/api-keys", labelKey: "api.keys.title" },
      ];
    case "cluster_authority":
      return [
        { to: "/cluster/members", labelKey: "supplier.nav.cluster_members" },
        { to: "/import", labelKey: "import.nav" },
        { to: "/hosting/inbox", labelKey: "nav.hosting_inbox" },
        { to: "/analytics", labelKey: "nav.analytics" },
        { to: "/settings/api-keys", labelKey: "api.keys.title" },
      ];
    default:
      return [
        { to: "/review", labelKey: "offsets.nav_review" },
        { to: "/import", labelKey: "import.nav" },
        { to: "/analytics", labelKey: "nav.analytics" },
      ];
  }
}

export function SiteHeader({
  user,
  unreadNotifications = 0,
  auditLog = false,
}: {
  user: SessionUser | null;
  unreadNotifications?: number;
  auditLog?: boolean;
}) {
  const t = useT();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <a href="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            CM
          </span>
          <span className="brand__name">{t("app.name")}</span>
        </a>
        <nav aria-label={t("nav.primary")} className="primary-nav">
          <ul>
            {primaryNavigation.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} prefetch="intent">
                  {t(item.labelKey)}
                </NavLink>
              </li>
            ))}
            {user ? (
              <li>
                <NavLink to="/account" prefetch="intent">
                  {t("nav.account")}
                </NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
        <div className="site-header__tools">
          <LanguageSwitcher />
          {user ? <NotificationsLink unread={unreadNotifications} /> : null}
          {user ? (
            <UserMenu user={user} auditLog={auditLog} />
          ) : (
            <div className="auth-links">
              <NavLink to="/sign-in" className="auth-links__sign-in">
                {t("nav.sign_in")}
              </NavLink>
              <NavLink to="/sign-up" className="button button--primary button--small">
                {t("nav.sign_up")}
              </NavLink>
            </div>
          )}
        </div>
      </div>
    </header>
  );
}

/** The unread count is part of the link's name, so screen readers hear it with the link. */
function NotificationsLink({ unread }: { unread: number }) {
  const t = useT();
  return (
    <NavLink
      to="/notifications"
      className="notifications-link"
      aria-label={unread > 0 ? t("nav.notifications_unread", { count: unread }) : t("nav.notifications")}
    >
      <span>{t("nav.notifications")}</span>
      {unread > 0 ? (
        <span className="notifications-link__count" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  );
}

/** A plain form post: works without JavaScript, and the server remembers the choice in a cookie. */
export function LanguageSwitcher() {
  const locale = useLocale();
  const t = useT();
  const location = useLocation();
  return (
    <Form method="post" action="/set-language" className="language-switcher" aria-label={t("language.label")} role="group">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      {LOCALES.map((option: Locale) => {
        const label = LANGUAGE_NAMES[option];
        const current = option === locale;
        return (
          <button
            key={option}
            type="submit"
            name="lang"
            value={option}
            lang={option}
            aria-pressed={current}
            className={current ? "language-switcher__option is-current" : "language-switcher__option"}
          >
            {label}
          </button>
        );
      })}
    </Form>
  );
}

/** Disclosure built on <details>, so it opens with keyboard and without JavaScript. */
function UserMenu({ user, auditLog }: { user: SessionUser; auditLog: boolean }) {
  const t = useT();
  const location = useLocation();
  const menu = useRef<HTMLDetailsElement>(null);
  // Client-side navigation keeps the page mounted; close the menu like a page load would.
  useEffect(() => {
    menu.current?.removeAttribute("open");
  }, [location.key]);
  return (
    <details className="user-menu" ref={menu}>
      <summary>
        <span className="user-menu__avatar" aria-hidden="true">
          {initialOf(user.displayName)}
        </span>
        <span className="visually-hidden">{t("nav.user_menu")}: </span>
        <span className="user-menu__name">{user.displayName}</span>
      </summary>
      <div className="user-menu__panel">
        <p className="user-menu__who">{t("nav.signed_in_as", { name: user.email })}</p>
        <ul aria-label={t("nav.your_work")}>
          <li>
            <Link to="/account">{t("nav.account")}</Link>
          </li>
          {workLinksFor(user.accountType, { auditLog }).map((link) => (
            <li key={link.to}>
              <Link to={link.to}>{t(link.labelKey)}</Link>
            </li>
          ))}
        </ul>
        <Form method="post" action="/sign-out">
          <button type="submit" className="button button--secondary button--small">
            {t("nav.sign_out")}
          </button>
        </Form>
      </div>
    </details>
  );
}

function initialOf(name: string) {
  return Array.from(name.trim())[0]?.toUpperCase() ?? "?";
}
