import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button } from "~/components/form";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { listNotifications, markRead } from "~/models/notifications.server";
import { renderNotification } from "~/notifications/render";
import stylesheet from "~/styles/needs.css";
import { requireUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";
import { dateTimeFormat } from "~/utils/intl-format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const { locale } = getServerT(request);
  const notifications = await listNotifications(supabase, { limit: 100 });
  return json(
    {
      notifications: notifications.map((notification) => ({
        id: notification.id,
        ...renderNotification(notification, locale),
        link: notification.link_path,
        read: notification.read_at !== null,
        created_at: notification.created_at,
      })),
    },
    { headers },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const { t } = getServerT(request);
  const formData = await readFormOrRefuse(request, headers);
  const intent = formData.get("intent");
  if (intent === "mark_all_read") {
    await markRead(supabase, { all: true });
    return json({ ok: true, message: t("notifications.marked") }, { headers });
  }
  if (intent === "mark_read") {
    await markRead(supabase, { ids: formData.getAll("id").filter((value): value is string => typeof value === "string") });
    return json({ ok: true, message: t("notifications.marked") }, { headers });
  }
  return json({ ok: false, message: t("needs.error.unexpected") }, { status: 400, headers });
}

export default function Notifications() {
  const t = useT();
  const locale = useLocale();
  const { notifications } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const dateTime = dateTimeFormat(locale === "ko" ? "ko-KR" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Seoul" });
  const unread = notifications.filter((notification) => !notification.read).length;
  return (
    <div className="container page needs-page">
      <div className="page-heading">
        <h1>{t("notifications.title")}</h1>
        {unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="mark_all_read" />
            <Button variant="secondary">{t("notifications.mark_all_read")}</Button>
          </Form>
        ) : null}
      </div>
      {result?.message ? <Alert tone={result.ok ? "success" : "error"}>{result.message}</Alert> : null}
      {notifications.length === 0 ? (
        <p className="empty-state">{t("notifications.empty")}</p>
      ) : (
        <ol className="notification-list" aria-label={t("notifications.list_label")}>
          {notifications.map((notification) => (
            <li key={notification.id} className={notification.read ? "notification" : "notification notification--unread"}>
              <p className="notification__text">
                {!notification.read ? <span className="badge badge--info">{t("notifications.unread")}</span> : null}{" "}
                {notification.link ? <Link to={notification.link}>{notification.text}</Link> : notification.text}
              </p>
              {notification.detail ? <p className="notification__detail prewrap">{notification.detail}</p> : null}
              <p className="muted">
                <time dateTime={notification.created_at}>{dateTime.format(new Date(notification.created_at))}</time>
              </p>
              {!notification.read ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="mark_read" />
                  <input type="hidden" name="id" value={notification.id} />
                  <Button variant="quiet" className="button--small">
                    {t("notifications.mark_read")}
                  </Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "notifications.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
