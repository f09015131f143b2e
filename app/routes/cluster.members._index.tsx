import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, isRouteErrorResponse, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, Field } from "~/components/form";
import { SelectField, TextAreaField } from "~/components/supplier/fields";
import { formatDay, formatMoment, localized } from "~/components/supplier/format";
import { getEnv } from "~/env.server";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import {
  emailFingerprint,
  inviteToCluster,
  listClusterInvitations,
  listClusterMembers,
  listManagedClusters,
  recordAudit,
  revokeClusterInvitation,
  type OutgoingInvitation,
} from "~/models/cluster-members.server";
import { isUuid } from "~/models/sme.server";
import { loadTaxonomies } from "~/models/taxonomy.server";
import { errorsFor, shown, type ActionResult } from "~/suppliers/action-result";
import { fieldErrorsOf } from "~/suppliers/field-errors";
import { composeInvitationMail } from "~/suppliers/invitation-mail";
import { formObject, inviteSchema, LIMITS } from "~/suppliers/forms";
import { echo, modelFailure, refuse, succeed } from "~/suppliers/route-helpers.server";
import stylesheet from "~/styles/suppliers.css";
import { writeMail } from "~/utils/outbox.server";
import { requireUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

const STATUS_FILTERS = ["all", "attention", "unverified", "pending", "verified", "rejected"] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number];

async function requireAuthority(request: Request) {
  const context = await requireUser(request);
  const clusters = await listManagedClusters(context.supabase, { userId: context.user.id });
  if (clusters.length === 0) throw json({ reason: "not_authority" }, { status: 403, headers: context.headers });
  return { ...context, clusters };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, clusters } = await requireAuthority(request);
  const url = new URL(request.url);
  const requested = url.searchParams.get("status");
  const status: StatusFilter = (STATUS_FILTERS as readonly string[]).includes(requested ?? "") ? (requested as StatusFilter) : "all";
  const clusterIds = clusters.map((cluster) => cluster.id);
  const [{ members, attention }, invitations, taxonomies] = await Promise.all([
    listClusterMembers(supabase, { clusterIds }),
    listClusterInvitations(supabase, { clusterIds }),
    loadTaxonomies(supabase),
  ]);
  const filtered = members.filter((member) => {
    if (status === "all") return true;
    if (status === "attention") return member.verification_status === "pending" || member.pending_certifications > 0 || member.expiring_certifications + member.expired_certifications > 0;
    return member.verification_status === status;
  });
  const certificationLabels = Object.fromEntries(taxonomies.certificationTypes.map((type) => [type.code, { en: type.label_en, ko: type.label_ko }]));
  return json({ clusters, members: filtered, total: members.length, attention, invitations, status, certificationLabels }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, clusters, user } = await requireAuthority(request);
  const { t } = getServerT(request);
  const formData = await readFormOrRefuse(request, headers);
  const intent = String(formData.get("intent") ?? "");
  const values = echo(formData);

  if (intent === "invite") {
    const parsed = inviteSchema.safeParse(formObject(formData));
    if (!parsed.success) return refuse(400, headers, { intent, values, fieldErrors: fieldErrorsOf(parsed.error, t), formError: t("form.error_summary") });
    const cluster = clusters.find((candidate) => candidate.id === parsed.data.cluster_id);
    if (!cluster) return refuse(400, headers, { intent, values, fieldErrors: { cluster_id: t("supplier_form.choose") } });
    if (!cluster.canDecide) return refuse(403, headers, { intent, values, formError: t("cluster_members.not_admin") });
    const result = await inviteToCluster(supabase, { clusterId: cluster.id, email: parsed.data.email, message: parsed.data.message });
    if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, values, formError: modelFailure(t, result.error).message });

    await recordAudit(supabase, {
      organizationId: cluster.managing_organization_id,
      actorOrganizationId: cluster.managing_organization_id,
      action: result.value.renewed ? "cluster.invitation_renewed" : "cluster.invitation_sent",
      entityType: "cluster_invitations",
      entityId: result.value.id,
      details: { cluster_id: cluster.id, email_sha256_16: emailFingerprint(parsed.data.email) },
    });

    const env = getEnv();
    let mailed = false;
    if (env.MAIL_OUTBOX_DIR) {
      const { data: authority } = await supabase.from("organizations").select("name_en, name_ko").eq("id", cluster.managing_organization_id).maybeSingle();
      const expires = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
      const mail = composeInvitationMail({
        to: parsed.data.email,
        cluster,
        authorityName: { en: (authority?.name_en as string | undefined) ?? cluster.name_en, ko: (authority?.name_ko as string | null | undefined) ?? null },
        message: parsed.data.message,
        siteUrl: env.SITE_URL,
        expiresOn: expires,
      });
      try {
        await writeMail(env.MAIL_OUTBOX_DIR, mail);
        mailed = true;
      } catch (error) {
        console.error(`[cluster] invitation mail for ${user.id} could not be written: ${String(error)}`);
      }
    }
    return succeed(headers, {
      intent,
      itemId: result.value.id,
      notice: mailed ? t("cluster_members.invite.sent", { email: parsed.data.email }) : t("cluster_members.invite.saved_no_mail", { email: parsed.data.email }),
    });
  }

  if (intent === "revoke_invitation") {
    const invitationId = String(formData.get("invitation_id") ?? "");
    if (!isUuid(invitationId)) return refuse(400, headers, { intent, formError: t("supplier_form.error.invalid") });
    const result = await revokeClusterInvitation(supabase, { invitationId });
    if (!result.ok) return refuse(modelFailure(t, result.error).status, headers, { intent, itemId: invitationId, formError: modelFailure(t, result.error).message });
    const cluster = clusters.find((candidate) => candidate.id === result.value.cluster_id);
    if (cluster) {
      await recordAudit(supabase, {
        organizationId: cluster.managing_organization_id,
        actorOrganizationId: cluster.managing_organization_id,
        action: "cluster.invitation_revoked",
        entityType: "cluster_invitations",
        entityId: invitationId,
      });
    }
    return succeed(headers, { intent, notice: t("cluster_members.invite.revoked") });
  }

  return refuse(400, headers, { intent, values, formError: t("supplier_form.error.unknown_action") });
}

function invitationState(invitation: OutgoingInvitation): "accepted" | "declined" | "revoked" | "expired" | "open" {
  if (invitation.accepted_at) return "accepted";
  if (invitation.declined_at) return "declined";
  if (invitation.revoked_at) return "revoked";
  if (Date.parse(invitation.expires_at) < Date.now()) return "expired";
  return "open";
}

export default function ClusterMembers() {
  const t = useT();
  const locale = useLocale();
  const { clusters, members, total, attention, invitations, status, certificationLabels } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const canInvite = clusters.some((cluster) => cluster.canDecide);
  const inviteErrors = errorsFor(result, "invite");
  const clusterName = (id: string) => {
    const cluster = clusters.find((candidate) => candidate.id === id);
    return cluster ? localized(locale, cluster.name_en, cluster.name_ko) : "";
  };

  return (
    <div className="container page supplier-page">
      <header className="editor-header">
        <h1>{t("cluster_members.title")}</h1>
        <p className="lead">{clusters.map((cluster) => localized(locale, cluster.name_en, cluster.name_ko)).join(" · ")}</p>
        <div className="inline-actions">
          <Link to="/import">{t("cluster_members.import_link")}</Link>
          {clusters.map((cluster) => (
            <span key={cluster.id} className="inline-actions">
              {t("cluster_members.export", { cluster: localized(locale, cluster.name_en, cluster.name_ko) })}
              {(["csv", "xlsx", "jsonl"] as const).map((format) => (
                <a key={format} href={`/export?scope=cluster&cluster=${encodeURIComponent(cluster.slug)}&format=${format}`} download>
                  {format.toUpperCase()}
                </a>
              ))}
            </span>
          ))}
        </div>
      </header>
      {result?.ok && result.notice ? <Alert tone="success">{result.notice}</Alert> : null}

      {attention.length > 0 ? (
        <section className="panel" aria-labelledby="expiry-title">
          <h2 id="expiry-title">{t("cluster_members.expiry.title")}</h2>
          <p className="muted">{t("cluster_members.expiry.lead")}</p>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("cluster_members.col.company")}</th>
                  <th scope="col">{t("cluster_members.col.certification")}</th>
                  <th scope="col">{t("cluster_members.col.expires")}</th>
                </tr>
              </thead>
              <tbody>
                {attention.map((item) => (
                  <tr key={item.certification_id}>
                    <th scope="row">
                      <Link to={`/cluster/members/${item.organization_id}`}>{localized(locale, item.organization_name_en, item.organization_name_ko)}</Link>
                    </th>
                    <td>{certificationLabels[item.certification_type_code]?.[locale] ?? item.certification_type_code}</td>
                    <td>
                      <span className={item.state === "expired" ? "badge badge--expired" : "badge badge--expiring"}>
                        {item.state === "expired"
                          ? t("supplier.cert.expired_on", { date: formatDay(item.expires_on, locale) })
                          : t("supplier.cert.expiring", { date: formatDay(item.expires_on, locale), days: item.days_left })}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="members-title">
        <h2 id="members-title">{t("cluster_members.members.title", { count: total })}</h2>
        <Form method="get" className="search-row">
          <SelectField
            name="status"
            label={t("cluster_members.filter")}
            options={STATUS_FILTERS.map((value) => ({ value, label: t(`cluster_members.filter.${value}`) }))}
            defaultValue={status}
          />
          <Button variant="secondary">{t("cluster_members.filter.apply")}</Button>
        </Form>
        {members.length === 0 ? (
          <p className="muted">{total === 0 ? t("cluster_members.empty") : t("cluster_members.empty_filtered")}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">{t("cluster_members.members.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("cluster_members.col.company")}</th>
                  {clusters.length > 1 ? <th scope="col">{t("cluster_members.col.cluster")}</th> : null}
                  <th scope="col">{t("cluster_members.col.profile")}</th>
                  <th scope="col">{t("cluster_members.col.certifications")}</th>
                  <th scope="col">{t("cluster_members.col.updated")}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((member) => {
                  const name = localized(locale, member.name_en, member.name_ko);
                  return (
                    <tr key={member.organization_id}>
                      <th scope="row">
                        <Link to={`/cluster/members/${member.organization_id}`} aria-label={t("cluster_members.review", { name })}>
                          {name}
                        </Link>
                        {member.is_fictional ? <span className="muted"> ({t("cluster_members.fictional")})</span> : null}
                      </th>
                      {clusters.length > 1 ? <td>{clusterName(member.cluster_id)}</td> : null}
                      <td>
                        <span className="badge">{t(`profile.verification.${member.verification_status}`)}</span>{" "}
                        <span className="muted">{member.published ? t("profile.status.published") : t("profile.status.draft")}</span>
                      </td>
                      <td>
                        {t("cluster_members.cert_summary", { total: member.certification_count, open: member.pending_certifications })}
                        {member.expired_certifications > 0 ? <span className="badge badge--expired">{t("cluster_members.expired_count", { count: member.expired_certifications })}</span> : null}
                        {member.expiring_certifications > 0 ? (
                          <span className="badge badge--expiring">{t("cluster_members.expiring_count", { count: member.expiring_certifications })}</span>
                        ) : null}
                      </td>
                      <td>{formatMoment(member.updated_at, locale)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="invite-title">
        <h2 id="invite-title">{t("cluster_members.invite.title")}</h2>
        <p className="muted">{t("cluster_members.invite.lead")}</p>
        {canInvite ? (
          <Form method="post" className="form" noValidate>
            {inviteErrors.form ? <Alert tone="error">{inviteErrors.form}</Alert> : null}
            <input type="hidden" name="intent" value="invite" />
            {clusters.length > 1 ? (
              <SelectField
                name="cluster_id"
                label={t("cluster_members.invite.cluster")}
                options={clusters.filter((cluster) => cluster.canDecide).map((cluster) => ({ value: cluster.id, label: localized(locale, cluster.name_en, cluster.name_ko) }))}
                defaultValue={shown(result, "invite", null, "cluster_id", clusters[0]!.id)}
                error={inviteErrors.cluster_id}
              />
            ) : (
              <input type="hidden" name="cluster_id" value={clusters[0]!.id} />
            )}
            <Field
              name="email"
              type="email"
              label={t("cluster_members.invite.email")}
              required
              autoComplete="off"
              defaultValue={shown(result, "invite", null, "email", "")}
              error={inviteErrors.email}
            />
            <TextAreaField name="message" label={t("cluster_members.invite.message")} rows={3} maxLength={LIMITS.message} defaultValue={shown(result, "invite", null, "message", "")} error={inviteErrors.message} />
            <Button pendingLabel={t("form.submitting")}>{t("cluster_members.invite.send")}</Button>
          </Form>
        ) : (
          <p>{t("cluster_members.not_admin")}</p>
        )}
        {invitations.length > 0 ? (
          <div className="table-scroll">
            <table className="table">
              <caption>{t("cluster_members.invite.sent_list")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("cluster_members.invite.col.email")}</th>
                  <th scope="col">{t("cluster_members.invite.col.sent")}</th>
                  <th scope="col">{t("cluster_members.invite.col.status")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("cluster_members.invite.col.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((invitation) => {
                  const state = invitationState(invitation);
                  return (
                    <tr key={invitation.id}>
                      <th scope="row">{invitation.email}</th>
                      <td>{formatMoment(invitation.created_at, locale)}</td>
                      <td>{t(`cluster_members.invite.state.${state}`)}</td>
                      <td>
                        {state === "open" && canInvite ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="revoke_invitation" />
                            <input type="hidden" name="invitation_id" value={invitation.id} />
                            <Button variant="quiet">{t("cluster_members.invite.revoke", { email: invitation.email })}</Button>
                          </Form>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "cluster_members.title") }];

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && error.status === 403 && (error.data as { reason?: string } | null)?.reason === "not_authority") {
    return (
      <div className="container page">
        <h1>{t("cluster_members.title")}</h1>
        <Alert tone="info" title={t("cluster_members.not_authority.title")}>
          <p>{t("cluster_members.not_authority.body")}</p>
        </Alert>
      </div>
    );
  }
  return <RouteErrorBoundary />;
}
