import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/error-boundary";
import { Alert } from "~/components/form";
import { useEditorData } from "~/components/supplier/editor-data";
import { SupplierProfile } from "~/components/supplier/SupplierProfile";
import { pageTitle, useT } from "~/i18n/react";

/** The profile exactly as contractors see it on /suppliers/$id: the same component, the same data. */
export default function ProfilePreview() {
  const t = useT();
  const { supplier, today } = useEditorData();
  return (
    <div className="supplier-page">
      <Alert tone="info" title={t("profile.preview.title")}>
        <p>{supplier.profile.published ? t("profile.preview.published") : t("profile.preview.draft")}</p>
        {supplier.profile.published ? (
          <p>
            <Link to={`/suppliers/${supplier.organization.id}`}>{t("profile.public_link")}</Link>
          </p>
        ) : null}
      </Alert>
      <SupplierProfile supplier={supplier} today={today} headingLevel={2} />
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "profile.preview.title") }];

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}
