import { json } from "@remix-run/node";
import { getServerT } from "~/i18n/i18n.server";

/**
 * The submitted form, or a 400 when the body is not a form at all (a broken multipart body,
 * bad percent-encoding, another content type): a client's mistake must never surface as a
 * server error. The thrown answer reaches the route's error boundary with the message in the
 * visitor's language.
 */
export async function readFormOrRefuse(request: Request, headers?: Headers): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    const { t } = getServerT(request);
    throw json({ formError: t("form.malformed_body") }, { status: 400, headers });
  }
}
