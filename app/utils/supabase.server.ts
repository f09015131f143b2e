import { redirect } from "@remix-run/node";
import { createServerClient, parseCookieHeader, serializeCookieHeader } from "@supabase/ssr";
import type { SupabaseClient, User } from "@supabase/supabase-js";
import { getEnv } from "~/env.server";
import { wsTransport } from "~/utils/ws-transport.server";

export type ServerSupabase = { supabase: SupabaseClient; headers: Headers };

/*
 * Remix calls the root loader and the route loaders of one document request with the same Request.
 * Sharing one client per request means one auth round trip instead of one per loader, and a single
 * token refresh: parallel refreshes with the same rotating refresh token could revoke each other.
 */
const clientsByRequest = new WeakMap<Request, ServerSupabase>();
const usersByRequest = new WeakMap<Request, Promise<User | null>>();

/**
 * Supabase client acting as the requesting user, with the session kept in cookies by @supabase/ssr.
 * Whatever cookies it sets (sign-in, refresh, sign-out) land in `headers`; return those headers
 * from the loader, action or redirect that used the client.
 */
export function createSupabaseServerClient(request: Request): ServerSupabase {
  const existing = clientsByRequest.get(request);
  if (existing) return existing;

  const env = getEnv();
  const headers = new Headers();
  const supabase = createServerClient(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, {
    cookies: {
      getAll() {
        return parseCookieHeader(request.headers.get("Cookie") ?? "").map(({ name, value }) => ({
          name,
          value: value ?? "",
        }));
      },
      setAll(cookiesToSet, responseHeaders) {
        for (const { name, value, options } of cookiesToSet) {
          headers.append("Set-Cookie", serializeCookieHeader(name, value, options));
        }
        // Cache-Control: private, no-store and friends, so no proxy ever serves one user's session to another.
        for (const [name, value] of Object.entries(responseHeaders ?? {})) headers.set(name, value);
      },
    },
    cookieOptions: { secure: env.SITE_URL.startsWith("https:") },
    realtime: { transport: wsTransport },
  });

  const client = { supabase, headers };
  clientsByRequest.set(request, client);
  return client;
}

/**
 * The verified user (the Auth server checks the token: never trust getSession() for authorization),
 * or null when signed out or when the Auth server cannot be reached.
 */
export async function getUser(request: Request): Promise<ServerSupabase & { user: User | null }> {
  const { supabase, headers } = createSupabaseServerClient(request);
  let pending = usersByRequest.get(request);
  if (!pending) {
    pending = supabase.auth.getUser().then(
      ({ data, error }) => (error ? null : data.user),
      () => null,
    );
    usersByRequest.set(request, pending);
  }
  return { user: await pending, supabase, headers };
}

/** Throws a redirect to /sign-in that comes back here after signing in. */
export async function requireUser(request: Request): Promise<ServerSupabase & { user: User }> {
  const result = await getUser(request);
  if (!result.user) {
    const url = new URL(request.url);
    const searchParams = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
    throw redirect(`/sign-in?${searchParams}`, { headers: result.headers });
  }
  return { ...result, user: result.user };
}
