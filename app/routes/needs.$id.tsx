import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert, Button, ChoiceField, Field } from "~/components/form";
import { MapPanel, mapPanelLinks } from "~/components/map/MapPanel";
import { CheckboxField, TextAreaField } from "~/components/needs/fields";
import { NeedBadges, StatusBadge } from "~/components/needs/badges";
import { getServerT } from "~/i18n/i18n.server";
import { pageTitle, useLocale, useT } from "~/i18n/react";
import { matchNeed } from "~/matching/candidates.server";
import { termLabel, termName } from "~/matching/reasons";
import { certificationState } from "~/matching/score";
import { loadTaxonomy } from "~/matching/taxonomy.server";
import { checkUploads, removeObjects, signedUrls } from "~/models/attachments.server";
import { getOwnEoiForNeed, listEoisForNeed, listOwnCertifications, saveEoi } from "~/models/eois.server";
import {
  addToShortlist,
  deleteDraftNeed,
  findSmesByName,
  getNeed,
  inviteSmes,
  isInvited,
  listInvitations,
  listShortlist,
  removeFromShortlist,
  transitionNeed,
  withdrawInvitation,
} from "~/models/needs.server";
import { getViewer, isAdminRole, isMemberOf, organizationOfKind } from "~/models/viewer.server";
import { deliverMailSoon } from "~/notifications/mailer.server";
import { placeWorkflowError, translateIssues } from "~/needs/form-errors";
import { MalformedFormError, readMultipartForm } from "~/needs/multipart.server";
import { invitationSchema, parseEoiForm } from "~/needs/schema";
import { canChangeNeed } from "~/needs/transitions";
import { needTitle, organizationName, toMatchableNeed, type NeedStatus } from "~/needs/types";
import stylesheet from "~/styles/needs.css";
import { todayInKorea } from "~/suppliers/expiry";
import { formValues } from "~/utils/form-errors";
import { getUser } from "~/utils/supabase.server";
import { dateTimeFormat, numberFormat } from "~/utils/intl-format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }, ...mapPanelLinks()];

const NOTICES = ["published", "saved", "eoi_saved", "eoi_submitted"] as const;
const CANDIDATE_LIMIT = 30;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, supabase, headers } = await getUser(request);
  const { t, locale } = getServerT(request);
  const need = await getNeed(supabase, { id: params.id ?? "" });
  if (!need) throw new Response(t("needs.error.not_found"), { status: 404, headers });

  const viewer = user ? await getViewer(supabase, user.id) : null;
  const ownerMembership = isMemberOf(viewer, need.organization_id);
  const isOwner = Boolean(ownerMembership);
  const ownerAdmin = Boolean(ownerMembership && isAdminRole(ownerMembership.role));
  const sme = organizationOfKind(viewer, "sme");
  const taxonomy = await loadTaxonomy(supabase);
  const name = (kind: "processes" | "materials" | "certification_types") => (code: string) => termName(taxonomy.labels, kind, code, locale);
  const today = todayInKorea();

  const [attachments, owner, smeSide] = await Promise.all([
    signedUrls(supabase, "need-attachments", need.attachment_paths),
    isOwner
      ? Promise.all([
          // The page stays useful when matching fails: details, EOIs and invitations still show.
          matchNeed(supabase, { need: toMatchableNeed(need), limit: CANDIDATE_LIMIT, locale, today }).catch((error: unknown) => {
            console.error(error instanceof Error ? error.message : String(error));
            return null;
          }),
          listShortlist(supabase, { needId: need.id }),
          listInvitations(supabase, { needId: need.id }),
          listEoisForNeed(supabase, { needId: need.id }),
        ]).then(([match, shortlist, invitations, eois]) => ({ match, shortlist, invitations, eois }))
      : null,
    sme && !isOwner
      ? Promise.all([
          getOwnEoiForNeed(supabase, { needId: need.id, smeOrganizationId: sme.id }),
          listOwnCertifications(supabase, { smeOrganizationId: sme.id }),
          isInvited(supabase, { needId: need.id, smeOrganizationId: sme.id }),
        ]).then(([eoi, certifications, invited]) => ({ eoi, certifications, invited }))
      : null,
  ]);

  const url = new URL(request.url);
  const notice = url.searchParams.get("notice");
  const inviteQuery = (url.searchParams.get("invite_q") ?? "").trim().slice(0, 100);
  const inviteMatches = ownerAdmin && inviteQuery ? await findSmesByName(supabase, { q: inviteQuery }) : [];
  return json(
    {
      notice: NOTICES.find((known) => known === notice) ?? null,
      need: {
        id: need.id,
        kind: need.kind,
        status: need.status,
        visibility: need.visibility,
        export_controlled: need.export_controlled,
        offset_eligible: need.offset_eligible,
        title: needTitle(need, locale),
        title_en: need.title_en,
        title_ko: need.title_ko,
        description_en: need.description_en,
        description_ko: need.description_ko,
        program: need.program,
        platform: need.platform,
        location_name: need.location_name,
        location: need.location_lat !== null && need.location_lng !== null ? { lat: Number(need.location_lat), lng: Number(need.location_lng) } : null,
        radius_km: need.radius_km === null ? null : Number(need.radius_km),
        quantity: need.quantity,
        quantity_unit: need.quantity_unit,
        capacity_note: need.capacity_note,
        timeline_start: need.timeline_start,
        timeline_end: need.timeline_end,
        response_deadline: need.response_deadline,
        estimated_value: need.estimated_value === null ? null : Number(need.estimated_value),
        currency: need.currency,
        organization: need.organization ? organizationName(need.organization, locale) : "",
        terms: {
          processes: { required: need.required_process_codes.map(name("processes")), preferred: need.preferred_process_codes.map(name("processes")) },
          materials: { required: need.required_material_codes.map(name("materials")), preferred: need.preferred_material_codes.map(name("materials")) },
          certifications: {
            required: need.required_certification_codes.map(name("certification_types")),
            preferred: need.preferred_certification_codes.map(name("certification_types")),
          },
        },
      },
      attachments,
      isOwner,
      ownerAdmin,
      owner: owner
        ? {
            matchingFailed: owner.match === null,
            candidates: (owner.match?.results ?? []).map((result) => ({
              supplier_id: result.supplier_id,
              name: locale === "ko" ? result.name_ko ?? result.name_en : result.name_en,
              score: result.score,
              distance_km: result.distance_km,
              meets_required: result.meets_required,
              reasons: result.reasons,
              gaps: result.gaps,
            })),
            clusters: (owner.match?.clusters ?? []).slice(0, 5).map((cluster) => ({
              id: cluster.cluster_id,
              slug: cluster.slug,
              name: locale === "ko" ? cluster.name_ko : cluster.name_en,
              score: cluster.score,
              reasons: cluster.reasons,
            })),
            shortlist: owner.shortlist.map((entry) => ({
              sme_organization_id: entry.sme_organization_id,
              name: entry.sme ? organizationName(entry.sme, locale) : entry.sme_organization_id,
              note: entry.note,
            })),
            invitations: owner.invitations.map((invitation) => ({
              sme_organization_id: invitation.sme_organization_id,
              name: invitation.sme ? organizationName(invitation.sme, locale) : invitation.sme_organization_id,
              created_at: invitation.created_at,
            })),
            inviteQuery,
            inviteMatches: inviteMatches.map((sme) => ({ id: sme.id, name: organizationName(sme, locale) })),
            eois: owner.eois.map((eoi) => ({
              id: eoi.id,
              sme_organization_id: eoi.sme_organization_id,
              name: eoi.sme ? organizationName(eoi.sme, locale) : eoi.sme_organization_id,
              status: eoi.status,
              scope: eoi.scope,
              submitted_at: eoi.submitted_at,
            })),
          }
        : null,
      sme: smeSide && sme
        ? {
            admin: isAdminRole(sme.role),
            invited: smeSide.invited,
            eoi: smeSide.eoi,
            certifications: smeSide.certifications.map((certification) => ({
              id: certification.id,
              name: termLabel(taxonomy.labels, "certification_types", certification.certification_type_code, locale),
              state: certificationState(certification, today),
              has_document: Boolean(certification.document_path),
            })),
          }
        : null,
      signedIn: Boolean(user),
    },
    { headers },
  );
}

type ActionResult = {
  intent: string;
  ok: boolean;
  message: string | null;
  values: Record<string, string>;
  fieldErrors: Record<string, string>;
  /** Certificates ticked on a refused EOI form, to tick them again. */
  selected: string[];
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, supabase, headers } = await getUser(request);
  const { t } = getServerT(request);
  const respond = (status: number, result: Partial<ActionResult> & { intent: string }) =>
    json<ActionResult>({ ok: status < 400, message: null, values: {}, fieldErrors: {}, selected: [], ...result }, { status, headers });
  if (!user) return respond(401, { intent: "", message: t("eois.error.forbidden") });

  let received;
  try {
    received = await readMultipartForm(request);
  } catch (error) {
    if (error instanceof MalformedFormError) return respond(400, { intent: "", message: t("needs.validation.invalid") });
    throw error;
  }
  const { formData, files, tooManyFiles } = received;
  const intent = String(formData.get("intent") ?? "");
  const needId = params.id ?? "";
  const smeId = String(formData.get("sme_id") ?? "");
  const failWith = (intentName: string, error: { status: number; messageKey: Parameters<typeof t>[0]; field?: string }) => {
    const placed = placeWorkflowError(error as never, t);
    return respond(error.status, { intent: intentName, message: placed.formError ?? t(error.messageKey), fieldErrors: placed.fieldErrors, values: formValues(formData, ["attachments"]) });
  };

  switch (intent) {
    case "publish":
    case "close":
    case "reopen":
    case "unpublish": {
      const to = intent === "close" ? "closed" : intent === "unpublish" ? "draft" : "open";
      const result = await transitionNeed(supabase, { id: needId, to });
      if (!result.ok) return failWith(intent, result.error);
      deliverMailSoon();
      return respond(200, { intent, message: t("needs.detail.status_changed", { status: t(`needs.status.${result.status}`) }) });
    }
    case "delete": {
      const result = await deleteDraftNeed(supabase, { id: needId });
      if (!result.ok) return failWith(intent, result.error);
      await removeObjects(supabase, "need-attachments", result.attachmentPaths);
      return redirect("/needs?mine=1&notice=deleted", { headers });
    }
    case "shortlist_add":
    case "shortlist_remove": {
      const result =
        intent === "shortlist_add"
          ? await addToShortlist(supabase, { needId, smeOrganizationId: smeId })
          : await removeFromShortlist(supabase, { needId, smeOrganizationId: smeId });
      if (!result.ok) return failWith(intent, result.error);
      const name = String(formData.get("sme_name") ?? "");
      return respond(200, { intent, message: t(intent === "shortlist_add" ? "needs.owner.shortlisted_added" : "needs.owner.shortlisted_removed", { name }) });
    }
    case "invite": {
      const parsed = invitationSchema.safeParse({
        sme_organization_ids: formData.getAll("sme_id").filter((value): value is string => typeof value === "string"),
        message: String(formData.get("message") ?? ""),
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return respond(422, { intent, message: t((issue?.message ?? "needs.error.invite_count") as Parameters<typeof t>[0]) });
      }
      const result = await inviteSmes(supabase, { needId, smeOrganizationIds: parsed.data.sme_organization_ids, message: parsed.data.message });
      if (!result.ok) return failWith(intent, result.error);
      deliverMailSoon();
      return respond(200, { intent, message: t("needs.owner.invitation_sent", { count: result.created }) });
    }
    case "withdraw_invitation": {
      const result = await withdrawInvitation(supabase, { needId, smeOrganizationId: smeId });
      if (!result.ok) return failWith(intent, result.error);
      return respond(200, { intent, message: null });
    }
    case "save_eoi":
    case "submit_eoi": {
      const viewer = await getViewer(supabase, user.id);
      const sme = organizationOfKind(viewer, "sme");
      const values = formValues(formData, ["attachments", "certification_ids"]);
      const selected = formData.getAll("certification_ids").filter((value): value is string => typeof value === "string");
      if (!sme || !isAdminRole(sme.role)) return respond(403, { intent, values, selected, message: t(sme ? "eois.form.admins_only" : "eois.form.smes_only") });
      const parsed = parseEoiForm(formData);
      const fieldErrors = parsed.ok ? {} : translateIssues(parsed.issues, t);
      const attachmentFiles = files.filter((file) => file.field === "attachments");
      let uploads: ReturnType<typeof checkUploads> = { ok: true, uploads: [] };
      if (tooManyFiles) fieldErrors.attachments = t("needs.validation.too_many_files");
      else {
        uploads = checkUploads(attachmentFiles);
        if (!uploads.ok) fieldErrors.attachments = t(uploads.issue.key, uploads.issue.params);
      }
      if (!parsed.ok || !uploads.ok || Object.keys(fieldErrors).length > 0) {
        return respond(attachmentFiles.some((file) => file.tooLarge) ? 413 : 422, { intent, values, selected, fieldErrors, message: t("needs.validation.invalid") });
      }
      const saved = await saveEoi(supabase, { needId, smeOrganizationId: sme.id, input: parsed.input, uploads: uploads.uploads });
      if (!saved.ok) {
        const placed = placeWorkflowError(saved.error, t);
        return respond(saved.error.status, { intent, values, selected, fieldErrors: placed.fieldErrors, message: placed.formError ?? t("needs.validation.invalid") });
      }
      if (parsed.input.submit) {
        deliverMailSoon();
        return redirect(`/eois/${saved.id}?notice=submitted`, { headers });
      }
      return redirect(`/needs/${needId}?notice=eoi_saved#express-interest`, { headers });
    }
    default:
      return respond(400, { intent, message: t("needs.error.unexpected") });
  }
}

function useDates() {
  const locale = useLocale();
  const format = dateTimeFormat(locale === "ko" ? "ko-KR" : "en-GB", { dateStyle: "medium", timeZone: "Asia/Seoul" });
  return (value: string | null) => (value ? format.format(new Date(value.length === 10 ? `${value}T00:00:00+09:00` : value)) : "");
}

export default function NeedPage() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { need } = data;
  const date = useDates();
  const number = numberFormat(locale === "ko" ? "ko-KR" : "en-US");
  const noticeText =
    data.notice === "published"
      ? t("needs.detail.status_changed", { status: t("needs.status.open") })
      : data.notice === "saved"
        ? t("needs.detail.saved")
        : data.notice === "eoi_saved"
          ? t("eois.form.saved")
          : null;

  return (
    <div className="container page needs-page">
      <p>
        <Link to="/needs">{t("needs.detail.back")}</Link>
      </p>
      <header className="need-header">
        <h1 lang={need.title === need.title_ko ? "ko" : "en"}>{need.title}</h1>
        <NeedBadges need={need} />
        <p className="muted">{t("needs.list.posted_by", { name: need.organization })}</p>
      </header>
      {noticeText ? <Alert tone="success">{noticeText}</Alert> : null}
      {result?.message && result.intent !== "save_eoi" && result.intent !== "submit_eoi" ? (
        <Alert tone={result.ok ? "success" : "error"}>{result.message}</Alert>
      ) : null}
      {need.export_controlled ? <Alert tone="warning">{t("needs.detail.export_notice")}</Alert> : null}
      {need.status === "draft" && data.isOwner ? <Alert tone="info">{t("needs.detail.draft_notice")}</Alert> : null}
      {data.sme?.invited ? <Alert tone="info">{t("needs.detail.invited_notice")}</Alert> : null}

      {data.ownerAdmin ? <OwnerActions needId={need.id} status={need.status} /> : null}

      <div className="need-layout">
        <div className="need-main">
          {need.description_en ? (
            <section aria-labelledby="description-en" lang="en" className="panel">
              <h2 id="description-en">{t("needs.form.description_en")}</h2>
              <p className="prewrap">{need.description_en}</p>
            </section>
          ) : null}
          {need.description_ko ? (
            <section aria-labelledby="description-ko" lang="ko" className="panel">
              <h2 id="description-ko">{t("needs.form.description_ko")}</h2>
              <p className="prewrap">{need.description_ko}</p>
            </section>
          ) : null}

          <section aria-labelledby="requirements" className="panel">
            <h2 id="requirements">{t("needs.form.section.requirements")}</h2>
            <dl className="definition-list">
              {(["processes", "materials", "certifications"] as const).map((group) => (
                <div key={group}>
                  <dt>{t(`needs.detail.${group}`)}</dt>
                  <dd>
                    <TermLine label={t("needs.detail.required")} terms={need.terms[group].required} />
                    <TermLine label={t("needs.detail.preferred")} terms={need.terms[group].preferred} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>

          <section aria-labelledby="attachments" className="panel">
            <h2 id="attachments">{t("needs.detail.attachments")}</h2>
            {data.attachments.length === 0 ? (
              <p className="muted">{t("needs.detail.no_attachments")}</p>
            ) : (
              <ul>
                {data.attachments.map((file) => (
                  <li key={file.path}>{file.url ? <a href={file.url}>{file.label}</a> : file.label}</li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <aside className="need-aside">
          <section aria-labelledby="facts" className="panel">
            <h2 id="facts">{t("needs.detail.facts")}</h2>
            <dl className="definition-list definition-list--compact">
              <Fact label={t("needs.detail.kind")} value={t(`needs.kind.${need.kind}`)} />
              <Fact label={t("needs.detail.status")} value={t(`needs.status.${need.status}`)} />
              <Fact label={t("needs.detail.program")} value={need.program} />
              <Fact label={t("needs.detail.platform")} value={need.platform} />
              <Fact
                label={t("needs.detail.location")}
                value={need.location_name ? `${need.location_name}${need.radius_km ? ` (${t("needs.detail.radius", { km: number.format(need.radius_km) })})` : ""}` : null}
              />
              <Fact label={t("needs.detail.quantity")} value={need.quantity !== null ? `${number.format(need.quantity)} ${need.quantity_unit ?? ""}`.trim() : null} />
              <Fact label={t("needs.detail.capacity_note")} value={need.capacity_note} />
              <Fact label={t("needs.detail.timeline")} value={need.timeline_start || need.timeline_end ? `${date(need.timeline_start)} – ${date(need.timeline_end)}` : null} />
              <Fact label={t("needs.detail.deadline")} value={need.response_deadline ? date(need.response_deadline) : null} />
              <Fact
                label={t("needs.detail.value")}
                value={need.estimated_value !== null ? numberFormat(locale === "ko" ? "ko-KR" : "en-US", { style: "currency", currency: need.currency, maximumFractionDigits: 0 }).format(need.estimated_value) : null}
              />
              <Fact label={t("needs.detail.visibility")} value={t(`needs.visibility.${need.visibility}`)} />
            </dl>
          </section>
          {need.location ? (
            <MapPanel
              label={t("needs.detail.map_label")}
              points={[]}
              circles={[{ id: need.id, lat: need.location.lat, lng: need.location.lng, radius_km: need.radius_km ?? 10, label: need.location_name ?? need.title }]}
              height={260}
              headingLevel={3}
            />
          ) : null}
        </aside>
      </div>

      {data.sme ? <ExpressInterest /> : !data.isOwner && need.status === "open" && !data.signedIn ? (
        <p className="panel">
          <Link to={`/sign-in?redirectTo=${encodeURIComponent(`/needs/${need.id}`)}`}>{t("eois.form.sign_in")}</Link>
        </p>
      ) : null}
      {data.owner ? <OwnerPanels /> : null}
    </div>
  );
}

function Fact({ label, value }: { label: string; value: string | null | undefined }) {
  if (!value) return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function TermLine({ label, terms }: { label: string; terms: string[] }) {
  const t = useT();
  return (
    <p className="term-line">
      <span className="term-line__label">{label}: </span>
      {terms.length === 0 ? <span className="muted">{t("needs.detail.none")}</span> : terms.join(", ")}
    </p>
  );
}

function OwnerActions({ needId, status }: { needId: string; status: NeedStatus }) {
  const t = useT();
  return (
    <div className="button-row need-actions">
      <Link className="button button--secondary" to={`/needs/${needId}/edit`}>
        {t("needs.detail.edit")}
      </Link>
      <Form method="post" className="inline-form">
        {canChangeNeed(status, "open") && status === "draft" ? (
          <>
            <Button name="intent" value="publish">
              {t("needs.detail.publish")}
            </Button>{" "}
            <Button name="intent" value="delete" variant="quiet">
              {t("needs.detail.delete")}
            </Button>
          </>
        ) : null}
        {canChangeNeed(status, "closed") ? (
          <>
            <Button name="intent" value="close" variant="secondary">
              {t("needs.detail.close")}
            </Button>{" "}
            <Button name="intent" value="unpublish" variant="quiet">
              {t("needs.detail.unpublish")}
            </Button>
          </>
        ) : null}
        {status === "closed" && canChangeNeed(status, "open") ? (
          <Button name="intent" value="reopen" variant="secondary">
            {t("needs.detail.reopen")}
          </Button>
        ) : null}
      </Form>
    </div>
  );
}

function ExpressInterest() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const sme = data.sme!;
  const need = data.need;
  const eoi = sme.eoi;
  const mine = result && (result.intent === "save_eoi" || result.intent === "submit_eoi") ? result : null;
  const values = mine?.values ?? {};
  const errors = mine?.fieldErrors ?? {};
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "submit_eoi";

  if (eoi && eoi.status !== "draft") {
    return (
      <section aria-labelledby="express-interest-title" className="panel" id="express-interest">
        <h2 id="express-interest-title">{t("eois.form.title")}</h2>
        <p>{t("eois.form.existing", { status: t(`eois.status.${eoi.status}`) })}</p>
        <p>
          <Link to={`/eois/${eoi.id}`}>{t("eois.form.view")}</Link>
        </p>
      </section>
    );
  }
  if (need.status !== "open") {
    return (
      <section className="panel" id="express-interest">
        <p>{t("eois.form.not_open")}</p>
      </section>
    );
  }
  if (!sme.admin) {
    return (
      <section className="panel" id="express-interest">
        <p>{t("eois.form.admins_only")}</p>
      </section>
    );
  }
  const shared = new Set(mine ? mine.selected : eoi?.certification_ids ?? []);
  return (
    <section aria-labelledby="express-interest-title" className="panel" id="express-interest">
      <h2 id="express-interest-title">{t("eois.form.title")}</h2>
      <p>{t("eois.form.lead", { organization: need.organization })}</p>
      <Form method="post" encType="multipart/form-data" noValidate className="form">
        {mine?.message ? <Alert tone={mine.ok ? "success" : "error"}>{mine.message}</Alert> : null}
        <ChoiceField
          name="scope"
          legend={t("eois.form.scope")}
          required
          defaultValue={values.scope ?? eoi?.scope ?? "full"}
          error={errors.scope}
          choices={[
            { value: "full", label: t("eois.scope.full"), hint: t("eois.form.scope_full_hint") },
            { value: "partial", label: t("eois.scope.partial"), hint: t("eois.form.scope_partial_hint") },
          ]}
        />
        <TextAreaField name="scope_note" label={t("eois.form.scope_note")} defaultValue={values.scope_note ?? eoi?.scope_note ?? ""} error={errors.scope_note} rows={3} maxLength={5000} />
        <TextAreaField
          name="message"
          label={t("eois.form.message")}
          hint={t("eois.form.message_hint")}
          required
          defaultValue={values.message ?? eoi?.message ?? ""}
          error={errors.message}
          rows={6}
          maxLength={10000}
        />
        <fieldset className={errors.certification_ids ? "field field--invalid" : "field"}>
          <legend className="field__label">{t("eois.form.certifications")}</legend>
          <p className="field__hint">{t("eois.form.certifications_hint")}</p>
          {sme.certifications.length === 0 ? <p className="muted">{t("eois.form.no_certifications")}</p> : null}
          {sme.certifications.map((certification) => (
            <CheckboxField
              key={certification.id}
              name="certification_ids"
              value={certification.id}
              defaultChecked={shared.has(certification.id)}
              label={
                <>
                  {t("eois.form.certification_label", { name: certification.name, state: t(`eois.form.cert_state.${certification.state}`) })}
                  {!certification.has_document ? <span className="muted"> ({t("eois.form.cert_no_document")})</span> : null}
                </>
              }
            />
          ))}
          {errors.certification_ids ? <p className="field__error">{errors.certification_ids}</p> : null}
        </fieldset>
        <Field type="file" name="attachments" label={t("eois.form.attachments")} hint={t("eois.form.attachments_hint")} multiple accept="application/pdf,image/png,image/jpeg" error={errors.attachments} />
        <div className="button-row">
          <Button name="intent" value="submit_eoi" disabled={busy} aria-busy={busy || undefined}>
            {busy ? t("eois.form.submitting") : t("eois.form.submit")}
          </Button>
          <Button name="intent" value="save_eoi" variant="secondary">
            {t("eois.form.save_draft")}
          </Button>
        </div>
      </Form>
    </section>
  );
}

function OwnerPanels() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const date = useDates();
  const owner = data.owner!;
  const need = data.need;
  const admin = data.ownerAdmin;
  const shortlisted = new Set(owner.shortlist.map((entry) => entry.sme_organization_id));
  const invited = new Set(owner.invitations.map((invitation) => invitation.sme_organization_id));
  const canInvite = admin && (need.status === "draft" || need.status === "open");

  return (
    <>
      <section aria-labelledby="eois-title" className="panel" id="eois">
        <h2 id="eois-title">{t("needs.owner.eois")}</h2>
        {owner.eois.length === 0 ? (
          <p className="muted">{t("needs.owner.eois_empty")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("eois.list.sme")}</th>
                <th scope="col">{t("eois.list.status")}</th>
                <th scope="col">{t("eois.list.scope")}</th>
                <th scope="col">{t("eois.list.submitted")}</th>
              </tr>
            </thead>
            <tbody>
              {owner.eois.map((eoi) => (
                <tr key={eoi.id}>
                  <th scope="row">
                    <Link to={`/eois/${eoi.id}`} aria-label={t("eois.list.open", { name: eoi.name })}>
                      {eoi.name}
                    </Link>
                  </th>
                  <td>
                    <StatusBadge kind="eoi" status={eoi.status} />
                  </td>
                  <td>{t(`eois.scope.${eoi.scope}`)}</td>
                  <td>{date(eoi.submitted_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="shortlist-title" className="panel" id="shortlist">
        <h2 id="shortlist-title">{t("needs.owner.shortlist")}</h2>
        {owner.shortlist.length === 0 ? (
          <p className="muted">{t("needs.owner.shortlist_empty")}</p>
        ) : (
          <>
            <ul className="plain-list shortlist">
              {owner.shortlist.map((entry) => (
                <li key={entry.sme_organization_id}>
                  <Link to={`/suppliers/${entry.sme_organization_id}`}>{entry.name}</Link>
                  {invited.has(entry.sme_organization_id) ? <span className="badge badge--info">{t("needs.owner.invited")}</span> : null}
                  {admin ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="sme_id" value={entry.sme_organization_id} />
                      <input type="hidden" name="sme_name" value={entry.name} />
                      <Button name="intent" value="shortlist_remove" variant="quiet" className="button--small">
                        {t("needs.owner.shortlist_remove", { name: entry.name })}
                      </Button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
            <div className="button-row">
              <a className="button button--secondary" href={`/needs/${need.id}/shortlist.csv`} download>
                {t("needs.owner.shortlist_export")}
              </a>
              {canInvite && owner.shortlist.some((entry) => !invited.has(entry.sme_organization_id)) ? (
                <Form method="post" className="inline-form">
                  {owner.shortlist
                    .filter((entry) => !invited.has(entry.sme_organization_id))
                    .map((entry) => (
                      <input key={entry.sme_organization_id} type="hidden" name="sme_id" value={entry.sme_organization_id} />
                    ))}
                  <Button name="intent" value="invite" variant="secondary">
                    {t("needs.owner.shortlist_invite_all")}
                  </Button>
                </Form>
              ) : null}
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="invitations-title" className="panel" id="invitations">
        <h2 id="invitations-title">{t("needs.owner.invitations")}</h2>
        {canInvite ? (
          <>
            <Form method="get" action={`/needs/${need.id}#invitations`} className="form" role="search" aria-label={t("needs.owner.find")}>
              <Field name="invite_q" type="search" label={t("needs.owner.find_sme")} hint={t("needs.owner.find_sme_hint")} defaultValue={owner.inviteQuery} maxLength={100} />
              <Button variant="secondary">{t("needs.owner.find")}</Button>
            </Form>
            {owner.inviteQuery ? (
              owner.inviteMatches.length === 0 ? (
                <p className="muted">{t("needs.owner.find_none", { q: owner.inviteQuery })}</p>
              ) : (
                <ul className="plain-list" aria-label={t("needs.owner.find_results", { q: owner.inviteQuery })}>
                  {owner.inviteMatches.map((sme) => (
                    <li key={sme.id}>
                      <Link to={`/suppliers/${sme.id}`}>{sme.name}</Link>{" "}
                      {invited.has(sme.id) ? (
                        <span className="badge badge--info">{t("needs.owner.invited")}</span>
                      ) : (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="sme_id" value={sme.id} />
                          <Button name="intent" value="invite" variant="secondary" className="button--small">
                            {t("needs.owner.invite", { name: sme.name })}
                          </Button>
                        </Form>
                      )}
                    </li>
                  ))}
                </ul>
              )
            ) : null}
          </>
        ) : null}
        {owner.invitations.length === 0 ? (
          <p className="muted">{t("needs.owner.invitations_empty")}</p>
        ) : (
          <ul className="plain-list">
            {owner.invitations.map((invitation) => (
              <li key={invitation.sme_organization_id}>
                <Link to={`/suppliers/${invitation.sme_organization_id}`}>{invitation.name}</Link>{" "}
                <span className="muted">{t("needs.owner.invited_on", { date: date(invitation.created_at) })}</span>
                {admin ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="sme_id" value={invitation.sme_organization_id} />
                    <Button name="intent" value="withdraw_invitation" variant="quiet" className="button--small">
                      {t("needs.owner.withdraw_invitation", { name: invitation.name })}
                    </Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="candidates-title" className="panel" id="candidates">
        <h2 id="candidates-title">{t("needs.owner.candidates")}</h2>
        <p className="muted">{t("needs.owner.candidates_lead")}</p>
        {owner.matchingFailed ? (
          <Alert tone="warning">{t("needs.owner.candidates_unavailable")}</Alert>
        ) : owner.candidates.length === 0 ? (
          <p>{t("needs.owner.candidates_empty")}</p>
        ) : (
          <ol className="candidate-list" aria-labelledby="candidates-title">
            {owner.candidates.map((candidate) => (
              <li key={candidate.supplier_id}>
                <article className={candidate.meets_required ? "candidate" : "candidate candidate--gap"} aria-labelledby={`candidate-${candidate.supplier_id}`}>
                  <header className="candidate__header">
                    <h3 id={`candidate-${candidate.supplier_id}`}>
                      <Link to={`/suppliers/${candidate.supplier_id}`}>{candidate.name}</Link>
                    </h3>
                    <span className="candidate__score">{t("needs.owner.score", { score: candidate.score })}</span>
                    {candidate.distance_km !== null ? <span className="muted">{t("needs.owner.distance", { km: candidate.distance_km })}</span> : null}
                    {candidate.meets_required ? <span className="badge badge--success">{t("needs.owner.meets_required")}</span> : null}
                    {shortlisted.has(candidate.supplier_id) ? <span className="badge badge--info">{t("needs.owner.on_shortlist")}</span> : null}
                    {invited.has(candidate.supplier_id) ? <span className="badge badge--info">{t("needs.owner.invited")}</span> : null}
                  </header>
                  {candidate.reasons.length > 0 ? (
                    <div>
                      <p className="candidate__label">{t("needs.owner.reasons_label")}</p>
                      <ul className="reasons">
                        {candidate.reasons.map((reason) => (
                          <li key={reason}>{reason}</li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  {candidate.gaps.length > 0 ? (
                    <div>
                      <p className="candidate__label">{t("needs.owner.gap_label")}</p>
                      <ul className="gaps">
                        {candidate.gaps.map((gap) => (
                          <li key={gap}>{gap}</li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  {admin ? (
                    <Form method="post" className="button-row">
                      <input type="hidden" name="sme_id" value={candidate.supplier_id} />
                      <input type="hidden" name="sme_name" value={candidate.name} />
                      {shortlisted.has(candidate.supplier_id) ? (
                        <Button name="intent" value="shortlist_remove" variant="quiet" className="button--small">
                          {t("needs.owner.shortlist_remove", { name: candidate.name })}
                        </Button>
                      ) : (
                        <Button name="intent" value="shortlist_add" variant="secondary" className="button--small">
                          {t("needs.owner.shortlist_add", { name: candidate.name })}
                        </Button>
                      )}
                      {canInvite && !invited.has(candidate.supplier_id) ? (
                        <Button name="intent" value="invite" variant="secondary" className="button--small">
                          {t("needs.owner.invite", { name: candidate.name })}
                        </Button>
                      ) : null}
                    </Form>
                  ) : null}
                </article>
              </li>
            ))}
          </ol>
        )}
      </section>

      {owner.clusters.length > 0 ? (
        <section aria-labelledby="clusters-title" className="panel" id="clusters">
          <h2 id="clusters-title">{t("needs.owner.clusters")}</h2>
          <p className="muted">{t("needs.owner.clusters_lead")}</p>
          <ol className="candidate-list">
            {owner.clusters.map((cluster) => (
              <li key={cluster.id}>
                <article className="candidate" aria-labelledby={`cluster-${cluster.id}`}>
                  <header className="candidate__header">
                    <h3 id={`cluster-${cluster.id}`}>
                      <Link to={`/clusters/${cluster.slug}`}>{cluster.name}</Link>
                    </h3>
                    <span className="candidate__score">{t("needs.owner.score", { score: cluster.score })}</span>
                  </header>
                  <ul className="reasons">
                    {cluster.reasons.map((reason) => (
                      <li key={reason}>{reason}</li>
                    ))}
                  </ul>
                </article>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  { title: data ? `${data.need.title} · ${pageTitle(matches, "needs.list.title")}` : pageTitle(matches, "needs.list.title") },
];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
