/**
 * Runs the built Remix server (build/index.js, as `npm test` builds it) in this test process
 * against the test stack: requests go straight to Remix's request handler, so the tests control
 * the client address the rate limiter sees and share its memory. Environment first, then import:
 * the server reads its settings on first use.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { createServerClient } from "@supabase/ssr";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import ws from "ws";
import { appEnvFor, projectRoot, type StackConfig } from "../scripts/stack/config.ts";

export type CallOptions = {
  method?: string;
  key?: string;
  cookie?: string;
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
  ip?: string;
  origin?: string;
  language?: "en" | "ko";
  headers?: Record<string, string>;
};

export type Harness = {
  siteUrl: string;
  call: (pathAndQuery: string, options?: CallOptions) => Promise<Response>;
  /** Puts back the environment the harness changed (the worker may run other files next). */
  restoreEnv: () => void;
};

export async function startHarness(stack: StackConfig, extraEnv: Record<string, string> = {}): Promise<Harness> {
  const settings: Record<string, string> = { ...appEnvFor(stack), SUPABASE_JWT_SECRET: stack.jwtSecret, ...extraEnv };
  const previous = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  Object.assign(process.env, settings);
  const buildPath = path.join(projectRoot, "build", "index.js");
  if (!existsSync(buildPath)) throw new Error(`No server build at ${buildPath}: run \`npm run build\` first (npm test does).`);
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const handle = createRequestHandler(build, "production");
  const siteUrl = stack.siteUrl;
  return {
    siteUrl,
    restoreEnv() {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
    async call(pathAndQuery, options = {}) {
      const headers = new Headers(options.headers);
      if (options.key !== undefined) headers.set("Authorization", `Bearer ${options.key}`);
      if (options.cookie) headers.set("Cookie", options.cookie);
      if (options.origin) headers.set("Origin", options.origin);
      headers.set("Accept-Language", options.language ?? "en");
      let body = options.body;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers.set("Content-Type", "application/json");
      }
      if (options.contentType) headers.set("Content-Type", options.contentType);
      const request = new Request(new URL(pathAndQuery, siteUrl), { method: options.method ?? "GET", headers, body });
      return handle(request, { clientIp: options.ip ?? "192.0.2.1" });
    },
  };
}

export function anonClient(stack: StackConfig): SupabaseClient {
  return createClient(stack.supabaseUrl, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
  });
}

/** A signed-in supabase-js client for a seed or test user. */
export async function signedInClient(stack: StackConfig, email: string, password: string): Promise<SupabaseClient> {
  const client = anonClient(stack);
  const { error } = await client.auth.signInWithPassword({ email, password });
  if (error) throw new Error(`Could not sign in ${email}: ${error.message}`);
  return client;
}

/** The site's session cookie for a user, made by @supabase/ssr itself (names, chunking, encoding). */
export async function sessionCookie(stack: StackConfig, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const client = createServerClient(stack.supabaseUrl, stack.anonKey, {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => {
        for (const { name, value } of cookies) {
          if (value === "") jar.delete(name);
          else jar.set(name, value);
        }
      },
    },
    realtime: { transport: ws as never },
  });
  const { error } = await client.auth.signInWithPassword({ email, password });
  if (error) throw new Error(`Could not sign in ${email}: ${error.message}`);
  if (jar.size === 0) throw new Error("Signing in set no session cookie");
  return [...jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("; ");
}
