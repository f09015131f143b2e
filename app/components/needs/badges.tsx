/** Status and property badges for needs and EOIs: text, not colour alone, carries the meaning. */
import { useT } from "~/i18n/react";

const NEED_TONE: Record<string, string> = { draft: "neutral", open: "success", closed: "neutral", awarded: "info" };
const EOI_TONE: Record<string, string> = {
  draft: "neutral",
  submitted: "info",
  shortlisted: "success",
  declined: "warning",
  withdrawn: "neutral",
  awarded: "success",
};

export function StatusBadge({ kind, status }: { kind: "need" | "eoi"; status: string }) {
  const t = useT();
  const tone = (kind === "need" ? NEED_TONE : EOI_TONE)[status] ?? "neutral";
  const label = kind === "need" ? t(`needs.status.${status}` as "needs.status.open") : t(`eois.status.${status}` as "eois.status.submitted");
  return <span className={`badge badge--${tone}`}>{label}</span>;
}

export function NeedBadges({
  need,
}: {
  need: { kind: string; status: string; visibility: string; export_controlled: boolean; offset_eligible: boolean };
}) {
  const t = useT();
  return (
    <p className="badges">
      <span className="badge badge--kind">{t(`needs.kind.${need.kind}` as "needs.kind.mro")}</span>
      <StatusBadge kind="need" status={need.status} />
      {need.visibility === "invited" ? <span className="badge badge--warning">{t("needs.badge.invited")}</span> : null}
      {need.export_controlled ? <span className="badge badge--danger">{t("needs.badge.export_controlled")}</span> : null}
      {need.offset_eligible ? <span className="badge badge--info">{t("needs.badge.offset_eligible")}</span> : null}
    </p>
  );
}
