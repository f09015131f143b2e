import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { parseCookieHeader, serializeCookieHeader } from "@supabase/ssr";
import { createSupabaseServerClient } from "~/utils/supabase.server";

// Signing out changes state, so only POST does it; a GET (a prefetch, a crawler) just goes home.
export function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = createSupabaseServerClient(request);
  // "local": this browser only; other devices stay signed in.
  const { error } = await supabase.auth.signOut({ scope: "local" });
  if (error) {
    // supabase-js keeps the session when the Auth server cannot be reached; the user asked to
    // leave, so expire the session cookies here regardless.
    for (const { name } of parseCookieHeader(request.headers.get("Cookie") ?? "")) {
      if (name.startsWith("sb-")) headers.append("Set-Cookie", serializeCookieHeader(name, "", { path: "/", maxAge: 0 }));
    }
  }
  return redirect("/", { headers });
}
