import { Form } from "@remix-run/react";
import { useId } from "react";
import { Alert, Button } from "~/components/form";
import { useT } from "~/i18n/react";
import type { OffsetsActionResult } from "~/offsets/action-result";
import { TEXT_LIMITS } from "~/offsets/schemas";
import { formResult } from "./parts";

/**
 * A reviewer's decision on one transaction or bank request: a comment (required to reject) and
 * Approve / Reject. The request key makes a repeated submission of the same form a no-op.
 */
export function DecisionForm({
  intent,
  targetField,
  targetId,
  title,
  requestKey,
  result,
}: {
  intent: "decide_transaction" | "decide_bank_request";
  targetField: "transaction_id" | "bank_request_id";
  targetId: string;
  title: string;
  requestKey: string;
  result: OffsetsActionResult | undefined;
}) {
  const t = useT();
  const id = useId();
  const mine = formResult(result, intent, targetId);
  const error = mine?.fieldErrors.comment;
  return (
    <Form method="post" className="offset-decision" aria-label={t("offsets.review.decision_for", { title })}>
      {mine?.formError ? <Alert tone="error">{mine.formError}</Alert> : null}
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={targetField} value={targetId} />
      <input type="hidden" name="request_key" value={requestKey} />
      <div className={error ? "field field--invalid" : "field"}>
        <label htmlFor={`${id}-comment`} className="field__label">
          {t("offsets.review.comment_for", { title })}
        </label>
        <p id={`${id}-hint`} className="field__hint">
          {t("offsets.hint.comment_reject")}
        </p>
        <textarea
          id={`${id}-comment`}
          name="comment"
          rows={2}
          maxLength={TEXT_LIMITS.comment}
          className="field__input"
          defaultValue={mine?.values.comment ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={[`${id}-hint`, error ? `${id}-error` : ""].filter(Boolean).join(" ")}
        />
        {error ? (
          <p id={`${id}-error`} className="field__error">
            {error}
          </p>
        ) : null}
      </div>
      <div className="button-row">
        <Button name="decision" value="approve" variant="primary">
          {t("offsets.review.approve")}
        </Button>
        <Button name="decision" value="reject" variant="secondary">
          {t("offsets.review.reject")}
        </Button>
      </div>
    </Form>
  );
}

/** The reviewer's decision on an agreement: accept or return (submitted), or close (active). */
export function AgreementReviewForm({
  agreementId,
  status,
  result,
}: {
  agreementId: string;
  status: "submitted" | "active";
  result: OffsetsActionResult | undefined;
}) {
  const t = useT();
  const id = useId();
  const mine = formResult(result, "review_agreement", agreementId);
  const error = mine?.fieldErrors.comment;
  return (
    <Form method="post" className="offset-decision" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{status === "submitted" ? t("offsets.agreement.review_title") : t("offsets.agreement.close")}</h3>
      {status === "active" ? <p className="muted">{t("offsets.agreement.close_hint")}</p> : null}
      {mine?.formError ? <Alert tone="error">{mine.formError}</Alert> : null}
      <input type="hidden" name="intent" value="review_agreement" />
      <input type="hidden" name="agreement_id" value={agreementId} />
      <div className={error ? "field field--invalid" : "field"}>
        <label htmlFor={`${id}-comment`} className="field__label">
          {t("offsets.field.comment")}
        </label>
        <textarea
          id={`${id}-comment`}
          name="comment"
          rows={2}
          maxLength={TEXT_LIMITS.comment}
          className="field__input"
          defaultValue={mine?.values.comment ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error ? (
          <p id={`${id}-error`} className="field__error">
            {error}
          </p>
        ) : null}
      </div>
      <div className="button-row">
        {status === "submitted" ? (
          <>
            <Button name="decision" value="accept" variant="primary">
              {t("offsets.agreement.accept")}
            </Button>
            <Button name="decision" value="return" variant="secondary">
              {t("offsets.agreement.return")}
            </Button>
          </>
        ) : (
          <Button name="decision" value="close" variant="secondary">
            {t("offsets.agreement.close")}
          </Button>
        )}
      </div>
    </Form>
  );
}
