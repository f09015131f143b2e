import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert } from "~/components/form";
import { getEnv } from "~/env.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { linksIn, listMails } from "~/utils/outbox.server";
import { dateTimeFormat } from "~/utils/intl-format";

export async function loader({ request }: LoaderFunctionArgs) {
  const env = getEnv();
  // Outside development this page does not exist, rather than being forbidden.
  if (!env.DEV_TOOLS) throw new Response("Not found", { status: 404 });
  const headers = { "Cache-Control": "no-store" };
  if (!env.MAIL_OUTBOX_DIR) return json({ configured: false, mails: [], selected: null, selectedId: null }, { headers });

  const mails = await listMails(env.MAIL_OUTBOX_DIR);
  const selectedId = new URL(request.url).searchParams.get("id");
  const mail = selectedId ? mails.find((candidate) => candidate.id === selectedId) : undefined;
  return json(
    {
      configured: true,
      mails: mails.map(({ id, to, subject, created_at }) => ({ id, to, subject, created_at })),
      selected: mail ? { ...mail, links: linksIn(mail) } : null,
      selectedId,
    },
    { headers },
  );
}

export default function DevOutbox() {
  const t = useT();
  const locale = useLocale();
  const { configured, mails, selected, selectedId } = useLoaderData<typeof loader>();
  const formatTime = (iso: string) =>
    // A fixed time zone, so the server's rendering and the browser's hydration agree.
    dateTimeFormat(locale === "ko" ? "ko-KR" : "en-GB", { dateStyle: "medium", timeStyle: "long", timeZone: "UTC" }).format(
      new Date(iso),
    );

  return (
    <div className="container page">
      <h1>{t("outbox.title")}</h1>
      <p className="lead">{t("outbox.lead")}</p>
      {!configured ? <Alert tone="warning">{t("outbox.not_configured")}</Alert> : null}
      {configured && mails.length === 0 ? <Alert tone="info">{t("outbox.empty")}</Alert> : null}

      {mails.length > 0 ? (
        <div className="outbox">
          <nav aria-label={t("outbox.list_label")} className="outbox__list">
            <ul>
              {mails.map((mail) => (
                <li key={mail.id}>
                  <Link
                    to={`?id=${encodeURIComponent(mail.id)}`}
                    aria-current={mail.id === selected?.id ? "true" : undefined}
                    className="outbox__item"
                  >
                    <span className="outbox__subject">{mail.subject || t("outbox.no_subject")}</span>
                    <span className="outbox__meta">{mail.to}</span>
                    <span className="outbox__meta">
                      <time dateTime={mail.created_at}>{formatTime(mail.created_at)}</time>
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </nav>

          <article className="outbox__mail panel" aria-labelledby={selected ? "mail-subject" : undefined}>
            {selected ? (
              <>
                <h2 id="mail-subject">{selected.subject || t("outbox.no_subject")}</h2>
                <dl className="definition-list definition-list--compact">
                  <div>
                    <dt>{t("outbox.to")}</dt>
                    <dd>{selected.to}</dd>
                  </div>
                  <div>
                    <dt>{t("outbox.sent_at")}</dt>
                    <dd>
                      <time dateTime={selected.created_at}>{formatTime(selected.created_at)}</time>
                    </dd>
                  </div>
                </dl>
                {selected.links.length > 0 ? (
                  <section aria-labelledby="mail-links">
                    <h3 id="mail-links">{t("outbox.links")}</h3>
                    <ul className="outbox__links">
                      {selected.links.map((href) => (
                        <li key={href}>
                          <a href={href}>{href}</a>
                        </li>
                      ))}
                    </ul>
                  </section>
                ) : null}
                <section aria-labelledby="mail-text">
                  <h3 id="mail-text">{t("outbox.text")}</h3>
                  <pre className="outbox__text">
                    <LinkifiedText text={selected.text} />
                  </pre>
                </section>
                {selected.html ? (
                  <section aria-labelledby="mail-html">
                    <h3 id="mail-html">{t("outbox.html")}</h3>
                    {/* Sandboxed: mail HTML may not run script or reach this page; links open in a new tab. */}
                    <iframe
                      title={t("outbox.html_frame")}
                      className="outbox__html"
                      sandbox="allow-popups allow-popups-to-escape-sandbox"
                      srcDoc={withLinksInNewTab(selected.html)}
                    />
                  </section>
                ) : null}
              </>
            ) : (
              <p className="muted">{selectedId ? t("outbox.not_found") : t("outbox.select")}</p>
            )}
          </article>
        </div>
      ) : null}
    </div>
  );
}

/** Adds <base target="_blank"> inside <head> when there is one, so the document keeps its doctype. */
function withLinksInNewTab(html: string) {
  const base = '<base target="_blank">';
  const head = html.match(/<head[^>]*>/i);
  if (!head || head.index === undefined) return `${base}${html}`;
  const end = head.index + head[0].length;
  return `${html.slice(0, end)}${base}${html.slice(end)}`;
}

/** Plain text with http(s) URLs turned into links; everything else stays escaped text. */
function LinkifiedText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"']+)/g);
  return (
    <>
      {parts.map((part, index) => {
        if (index % 2 === 0) return <Fragment key={index}>{part}</Fragment>;
        const trailing = part.match(/[.,;:!?)\]]+$/)?.[0] ?? "";
        const href = trailing ? part.slice(0, -trailing.length) : part;
        return (
          <Fragment key={index}>
            <a href={href}>{href}</a>
            {trailing}
          </Fragment>
        );
      })}
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "outbox.title") }, { name: "robots", content: "noindex" }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
