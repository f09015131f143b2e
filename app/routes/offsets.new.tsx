import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert } from "~/components/form";
import { AgreementForm } from "~/components/offsets/agreement-form";
import { offsetsLinks } from "~/components/offsets/parts";
import { pageTitle, useT } from "~/i18n/react";
import { createAgreement, listOrganizationsOfKind, orThrow } from "~/models/offsets.server";
import type { OffsetsActionResult } from "~/offsets/action-result";
import { doneRedirect, readForm, refuse, refuseFailure, refuseInvalid } from "~/offsets/actions.server";
import { adminOf, offsetsContext } from "~/offsets/context.server";
import { agreementSchema } from "~/offsets/schemas";

const AGREEMENT_FIELDS = [
  "contractor_organization_id", "program", "reference", "contract_value", "currency", "obligation_percent", "deadline",
  "penalty_rate_percent", "bank_validity_months", "reviewer_organization_id", "notes",
];

export const links: LinksFunction = offsetsLinks;

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, contractors, today } = await offsetsContext(request);
  const adminContractors = contractors.filter((org) => adminOf(contractors, org.id));
  if (adminContractors.length === 0) throw new Response("offsets.error.forbidden", { status: 403, headers });
  const reviewers = orThrow(await listOrganizationsOfKind(supabase, { kind: "government_reviewer" }));
  return json({ contractors: adminContractors, reviewers, today }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, t, contractors } = await offsetsContext(request);
  const intent = "create_agreement";
  const form = await readForm(request);
  if (!form.ok) return refuse(headers, { intent, status: form.status, formError: t(form.messageKey) });
  const { formData } = form;
  const parsed = agreementSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return refuseInvalid(headers, t, intent, null, formData, parsed.error);
  if (!adminOf(contractors, parsed.data.contractor_organization_id)) {
    return refuse(headers, { intent, formData, status: 403, fieldErrors: { contractor_organization_id: t("offsets.error.forbidden") } });
  }
  const created = await createAgreement(supabase, parsed.data);
  if (!created.ok) return refuseFailure(headers, t, { intent, formData, failure: created.error, fields: AGREEMENT_FIELDS });
  return doneRedirect(headers, `/offsets/${created.data.id}`, "offsets.agreement.saved");
}

export default function NewAgreement() {
  const t = useT();
  const { contractors, reviewers, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as OffsetsActionResult | undefined;
  return (
    <div className="container page offset-page">
      <p>
        <Link to="/offsets">← {t("offsets.agreement.back")}</Link>
      </p>
      <h1>{t("offsets.new.title")}</h1>
      <p className="lead">{t("offsets.new.lead")}</p>
      {reviewers.length === 0 ? (
        <Alert tone="warning">{t("offsets.new.no_reviewers")}</Alert>
      ) : (
        <AgreementForm contractors={contractors} reviewers={reviewers} result={result} defaultDeadline={addYears(today, 5)} submitLabel={t("offsets.new.submit")} />
      )}
    </div>
  );
}

function addYears(isoDate: string, years: number) {
  const [year, rest] = [Number(isoDate.slice(0, 4)), isoDate.slice(4)];
  return `${year + years}${rest === "-02-29" ? "-02-28" : rest}`;
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "offsets.new.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
