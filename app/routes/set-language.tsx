import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { isLocale, serializeLanguageCookie } from "~/i18n";
import { getServerT } from "~/i18n/i18n.server";
import { safeRedirectPath } from "~/utils/auth-schemas";
import { getUser } from "~/utils/supabase.server";
import { readFormOrRefuse } from "~/utils/form-body.server";

export function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormOrRefuse(request);
  const lang = formData.get("lang");
  if (!isLocale(lang)) {
    const { t } = getServerT(request);
    return json({ error: t("validation.language_invalid") }, { status: 400 });
  }

  const { user, supabase, headers } = await getUser(request);
  if (user && user.user_metadata?.locale !== lang) {
    // Remembered on the account too, so e-mails and other devices use the same language.
    // Best effort: the cookie alone already switches this browser.
    await supabase.auth.updateUser({ data: { ...user.user_metadata, locale: lang } }).catch(() => undefined);
  }
  headers.append("Set-Cookie", serializeLanguageCookie(lang, { secure: getEnv().SITE_URL.startsWith("https:") }));
  return redirect(safeRedirectPath(formData.get("redirectTo"), "/"), { status: 303, headers });
}
