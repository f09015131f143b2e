import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import {
  createClient,
  isAuthApiError,
  isAuthSessionMissingError,
  isAuthWeakPasswordError,
  type SupabaseClient,
} from "@supabase/supabase-js";
import bcrypt from "bcryptjs";
import { decodeJwt, jwtVerify, SignJWT } from "jose";
import pg from "pg";
import ws from "ws";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const stack = inject("stack");
const authUrl = `${stack.supabaseUrl}/auth/v1`;

function newClient(key = stack.anonKey, accessToken?: string): SupabaseClient {
  return createClient(stack.supabaseUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
    ...(accessToken ? { global: { headers: { Authorization: `Bearer ${accessToken}` } } } : {}),
  });
}

const uniqueEmail = (label: string) => `auth-${label}-${randomUUID().slice(0, 8)}@example.com`;
const PASSWORD = "correct-horse-42";

let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
});

afterAll(async () => {
  await db.end();
});

async function signUp(label: string, password = PASSWORD) {
  const email = uniqueEmail(label);
  const client = newClient();
  const { data, error } = await client.auth.signUp({
    email,
    password,
    options: { data: { display_name: `Auth ${label}`, locale: "en" } },
  });
  expect(error).toBeNull();
  expect(data.session).not.toBeNull();
  return { email, client, session: data.session!, user: data.user! };
}

async function signIn(email: string, password = PASSWORD) {
  const client = newClient();
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  expect(error).toBeNull();
  return { client, session: data.session! };
}

type OutboxMail = { to: string; subject: string; text: string; html: string; created_at: string };

async function mailsTo(address: string): Promise<OutboxMail[]> {
  const files = await fs.readdir(stack.outboxDir).catch(() => []);
  const mails: OutboxMail[] = [];
  for (const file of files.filter((name) => name.endsWith(".json"))) {
    const mail = JSON.parse(await fs.readFile(path.join(stack.outboxDir, file), "utf8")) as OutboxMail;
    if (mail.to === address) mails.push(mail);
  }
  return mails.sort((a, b) => a.created_at.localeCompare(b.created_at));
}

async function latestMailTo(address: string) {
  const mails = await mailsTo(address);
  expect(mails.length).toBeGreaterThan(0);
  return mails.at(-1)!;
}

// The app link carries `token_hash=`, the auth server's own /verify link `token=`: the same hash.
const tokenHashIn = (mail: OutboxMail) => /[?&](?:token_hash|token)=([0-9a-f]{56})\b/.exec(mail.text)?.[1];
const codeIn = (mail: OutboxMail) => /instead of opening the link: (\d{6})/.exec(mail.text)?.[1];
const verifyLinkIn = (mail: OutboxMail) =>
  new RegExp(`${authUrl.replaceAll(".", "\\.")}/verify\\?\\S+`).exec(mail.text)?.[0];

async function rawAuth(pathAndQuery: string, init: RequestInit & { apiVersion?: boolean } = {}) {
  const headers = new Headers(init.headers);
  if (!headers.has("apikey")) headers.set("apikey", stack.anonKey);
  if (init.apiVersion !== false) headers.set("x-supabase-api-version", "2024-01-01");
  if (init.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const response = await fetch(`${authUrl}${pathAndQuery}`, { ...init, headers, redirect: "manual" });
  const text = await response.text();
  return { response, status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

function expectApiError(error: unknown, status: number, code: string) {
  expect(isAuthApiError(error), `expected an AuthApiError, got ${JSON.stringify(error)}`).toBe(true);
  expect(error).toMatchObject({ status, code });
}

describe("Auth API (GoTrue subset) through the gateway with supabase-js", () => {
  it("signs up with autoconfirm and returns a session carrying Supabase's claims", async () => {
    const { email, session, user } = await signUp("signup");

    expect(session.token_type).toBe("bearer");
    expect(session.expires_in).toBe(3600);
    expect(session.expires_at).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect(user).toMatchObject({
      aud: "authenticated",
      role: "authenticated",
      email,
      phone: "",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { display_name: "Auth signup", locale: "en", email: email, email_verified: true, sub: user.id },
      is_anonymous: false,
    });
    expect(user.email_confirmed_at).toBeTruthy();
    expect(user.confirmed_at).toBeTruthy();
    expect(user.identities).toHaveLength(1);
    expect(user.identities![0]).toMatchObject({ provider: "email", id: user.id, user_id: user.id, email });

    const { payload } = await jwtVerify(session.access_token, new TextEncoder().encode(stack.jwtSecret));
    expect(payload).toMatchObject({
      aud: "authenticated",
      iss: `${stack.supabaseUrl}/auth/v1`,
      sub: user.id,
      email,
      phone: "",
      role: "authenticated",
      aal: "aal1",
      is_anonymous: false,
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { display_name: "Auth signup" },
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload.amr).toEqual([{ method: "password", timestamp: expect.any(Number) }]);

    const { rows: users } = await db.query(
      "select encrypted_password, email_confirmed_at, raw_app_meta_data from auth.users where id = $1",
      [user.id],
    );
    expect(users[0].encrypted_password).toMatch(/^\$2[aby]\$10\$/);
    expect(await bcrypt.compare(PASSWORD, users[0].encrypted_password)).toBe(true);
    expect(users[0].email_confirmed_at).not.toBeNull();
    const { rows: sessions } = await db.query("select id from auth.sessions where user_id = $1", [user.id]);
    expect(sessions.map((row) => row.id)).toEqual([payload.session_id]);
    const { rows: tokens } = await db.query("select revoked, parent, session_id from auth.refresh_tokens where token = $1", [
      session.refresh_token,
    ]);
    expect(tokens).toEqual([{ revoked: false, parent: null, session_id: payload.session_id }]);
  });

  it("refuses duplicate, weak-password and malformed sign-ups with GoTrue's status and codes", async () => {
    const { email } = await signUp("duplicate");
    const client = newClient();

    const duplicate = await client.auth.signUp({ email: email.toUpperCase(), password: PASSWORD });
    expectApiError(duplicate.error, 422, "user_already_exists");
    expect(duplicate.data.session).toBeNull();

    const weakEmail = uniqueEmail("weak");
    const weak = await client.auth.signUp({ email: weakEmail, password: "short7!" });
    expect(isAuthWeakPasswordError(weak.error)).toBe(true);
    expect(weak.error).toMatchObject({ status: 422, code: "weak_password", reasons: ["length"] });

    const tooLong = await client.auth.signUp({ email: uniqueEmail("long"), password: "x".repeat(73) });
    expectApiError(tooLong.error, 400, "validation_failed");

    const invalid = await client.auth.signUp({ email: "not-an-email", password: PASSWORD });
    expectApiError(invalid.error, 400, "validation_failed");

    const { rows } = await db.query("select count(*)::int as n from auth.users where email in ($1, 'not-an-email')", [weakEmail]);
    expect(rows[0].n).toBe(0);
  });

  it("rolls back a sign-up whose auth.users trigger fails, leaving no half-created user", async () => {
    // Fires only for this test's marker, so parallel test files signing up are unaffected.
    await db.query(`
      create or replace function auth.auth_test_fail_signup() returns trigger language plpgsql as $$
      begin
        if new.raw_user_meta_data ->> 'auth_test_fail' = 'yes' then
          raise exception 'refused by test trigger';
        end if;
        return new;
      end $$;
      drop trigger if exists auth_test_fail_signup on auth.users;
      create trigger auth_test_fail_signup after insert on auth.users
        for each row execute function auth.auth_test_fail_signup();
    `);
    try {
      const email = uniqueEmail("trigger");
      const { data, error } = await newClient().auth.signUp({
        email,
        password: PASSWORD,
        options: { data: { auth_test_fail: "yes", display_name: "Trigger" } },
      });
      expect(data.session).toBeNull();
      expect(error?.status).toBe(500);

      const raw = await rawAuth("/signup", {
        method: "POST",
        body: JSON.stringify({ email, password: PASSWORD, data: { auth_test_fail: "yes" } }),
      });
      expect(raw.status).toBe(500);
      expect(raw.body).toEqual({ code: "unexpected_failure", message: "Database error saving new user" });

      const { rows } = await db.query(
        `select (select count(*) from auth.users where email = $1)::int as users,
                (select count(*) from auth.identities where identity_data ->> 'email' = $1)::int as identities,
                (select count(*) from public.profiles where email = $1)::int as profiles`,
        [email],
      );
      expect(rows[0]).toEqual({ users: 0, identities: 0, profiles: 0 });
    } finally {
      await db.query(`drop trigger if exists auth_test_fail_signup on auth.users; drop function if exists auth.auth_test_fail_signup();`);
    }
  });

  it("signs in with the password and refuses a wrong password, an unknown e-mail and an unconfirmed one", async () => {
    const { email, session: signUpSession } = await signUp("signin");
    const { session } = await signIn(email);
    expect(session.user.email).toBe(email);
    expect(session.user.last_sign_in_at).toBeTruthy();
    expect(decodeJwt(session.access_token).session_id).not.toBe(decodeJwt(signUpSession.access_token).session_id);

    const client = newClient();
    const wrong = await client.auth.signInWithPassword({ email, password: "wrong-password-1" });
    expectApiError(wrong.error, 400, "invalid_credentials");
    expect(wrong.error!.message).toBe("Invalid login credentials");
    const unknown = await client.auth.signInWithPassword({ email: uniqueEmail("nobody"), password: PASSWORD });
    expectApiError(unknown.error, 400, "invalid_credentials");

    const unconfirmedEmail = uniqueEmail("unconfirmed");
    const admin = newClient(stack.serviceRoleKey);
    const created = await admin.auth.admin.createUser({ email: unconfirmedEmail, password: PASSWORD });
    expect(created.error).toBeNull();
    const unconfirmed = await client.auth.signInWithPassword({ email: unconfirmedEmail, password: PASSWORD });
    expectApiError(unconfirmed.error, 400, "email_not_confirmed");
  });

  it("rotates refresh tokens, returns the same child on an immediate retry, and ends the session on a later replay", async () => {
    const { email } = await signUp("refresh");
    const { client, session } = await signIn(email);
    const sessionId = decodeJwt(session.access_token).session_id;
    const first = session.refresh_token;

    const rotated = await client.auth.refreshSession({ refresh_token: first });
    expect(rotated.error).toBeNull();
    const second = rotated.data.session!.refresh_token;
    expect(second).not.toBe(first);
    const refreshedClaims = decodeJwt(rotated.data.session!.access_token);
    expect(refreshedClaims.session_id).toBe(sessionId);
    expect(refreshedClaims.amr).toEqual(decodeJwt(session.access_token).amr);
    const { rows } = await db.query(
      "select token, revoked, parent, session_id from auth.refresh_tokens where token = any($1) order by id",
      [[first, second]],
    );
    expect(rows).toEqual([
      { token: first, revoked: true, parent: null, session_id: sessionId },
      { token: second, revoked: false, parent: first, session_id: sessionId },
    ]);

    // The client lost the answer and retries: it gets the same child back.
    const retried = await client.auth.refreshSession({ refresh_token: first });
    expect(retried.error).toBeNull();
    expect(retried.data.session!.refresh_token).toBe(second);

    const third = (await client.auth.refreshSession({ refresh_token: second })).data.session!;
    expect(third.refresh_token).not.toBe(second);

    // Once the reuse interval has passed, replaying the first token looks like theft.
    await db.query("update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1", [first]);
    const replay = await client.auth.refreshSession({ refresh_token: first });
    expectApiError(replay.error, 400, "refresh_token_already_used");

    const { rows: left } = await db.query("select count(*)::int as n from auth.sessions where id = $1", [sessionId]);
    expect(left[0].n).toBe(0);
    const afterTheft = await newClient().auth.refreshSession({ refresh_token: third.refresh_token });
    expectApiError(afterTheft.error, 400, "refresh_token_not_found");
    const user = await newClient().auth.getUser(third.access_token);
    expect(isAuthSessionMissingError(user.error)).toBe(true);

    const unknown = await newClient().auth.refreshSession({ refresh_token: "no-such-refresh-token" });
    expectApiError(unknown.error, 400, "refresh_token_not_found");
  });

  it("accepts a rotated token again within the reuse interval, for concurrent refreshes", async () => {
    const { email } = await signUp("concurrent");
    const { client, session } = await signIn(email);
    const first = session.refresh_token;
    const [a, b] = await Promise.all([
      client.auth.refreshSession({ refresh_token: first }),
      newClient().auth.refreshSession({ refresh_token: first }),
    ]);
    expect(a.error).toBeNull();
    expect(b.error).toBeNull();
    // Both racing requests end up with the same child token.
    expect(a.data.session!.refresh_token).toBe(b.data.session!.refresh_token);
  });

  it("returns the user for a valid token and updates metadata and password, ending the user's other sessions", async () => {
    const { email, user } = await signUp("update");
    const { client: first } = await signIn(email);
    const { client: second } = await signIn(email);

    const fetched = await first.auth.getUser();
    expect(fetched.error).toBeNull();
    expect(fetched.data.user).toMatchObject({ id: user.id, email, aud: "authenticated", role: "authenticated" });
    expect(fetched.data.user!.identities).toHaveLength(1);

    const renamed = await first.auth.updateUser({ data: { display_name: "Renamed", locale: null } });
    expect(renamed.error).toBeNull();
    expect(renamed.data.user!.user_metadata.display_name).toBe("Renamed");
    expect(renamed.data.user!.user_metadata).not.toHaveProperty("locale");

    const same = await first.auth.updateUser({ password: PASSWORD });
    expectApiError(same.error, 422, "same_password");
    const weak = await first.auth.updateUser({ password: "short" });
    expect(isAuthWeakPasswordError(weak.error)).toBe(true);

    const newPassword = "battery-staple-77";
    const changed = await first.auth.updateUser({ password: newPassword });
    expect(changed.error).toBeNull();
    expect((await first.auth.getUser()).error).toBeNull();
    expect(isAuthSessionMissingError((await second.auth.getUser()).error)).toBe(true);
    expectApiError((await newClient().auth.signInWithPassword({ email, password: PASSWORD })).error, 400, "invalid_credentials");
    await signIn(email, newPassword);

    const token = (await first.auth.getSession()).data.session!.access_token;
    const appMetadata = await rawAuth("/user", {
      method: "PUT",
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ app_metadata: { role: "platform" } }),
    });
    expect(appMetadata.status).toBe(403);
    expect(appMetadata.body).toMatchObject({ code: "not_admin" });
  });

  it("changes the e-mail address after the new address confirms through the mailed link", async () => {
    const { email, client } = await signUp("emailchange");
    const taken = (await signUp("emailtaken")).email;
    const duplicate = await client.auth.updateUser({ email: taken });
    expectApiError(duplicate.error, 422, "email_exists");

    const newEmail = uniqueEmail("emailnew");
    const requested = await client.auth.updateUser({ email: newEmail }, { emailRedirectTo: `${stack.siteUrl}/auth/callback` });
    expect(requested.error).toBeNull();
    expect(requested.data.user).toMatchObject({ email, new_email: newEmail });
    const mail = await latestMailTo(newEmail);
    expect(mail.subject).toBe("[ClusterMatch] 새 이메일 주소 확인 / Confirm your new e-mail address");

    const confirmed = await newClient().auth.verifyOtp({ token_hash: tokenHashIn(mail)!, type: "email_change" });
    expect(confirmed.error).toBeNull();
    expect(confirmed.data.user!.email).toBe(newEmail);
    await signIn(newEmail);
    expectApiError((await newClient().auth.signInWithPassword({ email, password: PASSWORD })).error, 400, "invalid_credentials");
  });

  it("signs out globally, locally or others: ended sessions fail at /user and /token", async () => {
    const { email } = await signUp("signout");
    const a = await signIn(email);
    const b = await signIn(email);
    const c = await signIn(email);

    expect((await a.client.auth.signOut({ scope: "others" })).error).toBeNull();
    expect((await a.client.auth.getUser()).error).toBeNull();
    expect(isAuthSessionMissingError((await newClient().auth.getUser(b.session.access_token)).error)).toBe(true);
    expect(isAuthSessionMissingError((await newClient().auth.getUser(c.session.access_token)).error)).toBe(true);

    const d = await signIn(email);
    expect((await d.client.auth.signOut({ scope: "local" })).error).toBeNull();
    expect((await a.client.auth.getUser()).error).toBeNull();

    const { error } = await a.client.auth.signOut();
    expect(error).toBeNull();
    const stale = await newClient().auth.getUser(a.session.access_token);
    expect(isAuthSessionMissingError(stale.error)).toBe(true);
    const raw = await rawAuth("/user", { headers: { authorization: `Bearer ${a.session.access_token}` } });
    expect(raw.status).toBe(403);
    expect(raw.body).toEqual({ code: "session_not_found", message: "Session from session_id claim in JWT does not exist" });
    const refresh = await newClient().auth.refreshSession({ refresh_token: a.session.refresh_token });
    expectApiError(refresh.error, 400, "refresh_token_not_found");
  });

  it("mails a bilingual recovery link whose token_hash signs in once through verifyOtp", async () => {
    const { email } = await signUp("recover");
    const redirectTo = `${stack.siteUrl}/auth/callback?next=%2Freset-password`;
    const client = newClient();
    const { data, error } = await client.auth.resetPasswordForEmail(email, { redirectTo });
    expect(error).toBeNull();
    expect(data).toEqual({});

    const mail = await latestMailTo(email);
    expect(mail.subject).toBe("[ClusterMatch] 비밀번호 재설정 / Reset your password");
    expect(mail.text).toContain("비밀번호를 새로 정하려면");
    expect(mail.text).toContain("To choose a new ClusterMatch password");
    expect(mail.html).toContain('lang="ko"');
    expect(mail.html).toContain('lang="en"');
    const hash = tokenHashIn(mail)!;
    expect(mail.text).toContain(`${stack.siteUrl}/auth/callback?next=%2Freset-password&token_hash=${hash}&type=recovery`);
    const { rows } = await db.query("select recovery_token from auth.users where email = $1", [email]);
    expect(rows[0].recovery_token).toBe(hash);

    const verified = await client.auth.verifyOtp({ token_hash: hash, type: "recovery" });
    expect(verified.error).toBeNull();
    expect(verified.data.session).not.toBeNull();
    expect(decodeJwt(verified.data.session!.access_token).amr).toEqual([{ method: "otp", timestamp: expect.any(Number) }]);
    const newPassword = "recovered-password-9";
    expect((await client.auth.updateUser({ password: newPassword })).error).toBeNull();
    await signIn(email, newPassword);

    const reused = await newClient().auth.verifyOtp({ token_hash: hash, type: "recovery" });
    expectApiError(reused.error, 403, "otp_expired");

    const unknown = uniqueEmail("unknown");
    expect(await newClient().auth.resetPasswordForEmail(unknown)).toEqual({ data: {}, error: null });
    expect(await mailsTo(unknown)).toEqual([]);
    expectApiError((await newClient().auth.resetPasswordForEmail("nope")).error, 400, "validation_failed");
  });

  it("refuses a mailed token after an hour", async () => {
    const { email } = await signUp("expired");
    expect((await newClient().auth.resetPasswordForEmail(email)).error).toBeNull();
    const hash = tokenHashIn(await latestMailTo(email))!;
    await db.query("update auth.users set recovery_sent_at = now() - interval '61 minutes' where email = $1", [email]);
    const expired = await newClient().auth.verifyOtp({ token_hash: hash, type: "recovery" });
    expectApiError(expired.error, 403, "otp_expired");
  });

  it("follows the mailed /verify link with a 303 carrying the session, then the error, in the fragment", async () => {
    const { email } = await signUp("verifylink");
    const redirectTo = `${stack.siteUrl}/auth/callback`;
    expect((await newClient().auth.resetPasswordForEmail(email, { redirectTo })).error).toBeNull();
    const link = verifyLinkIn(await latestMailTo(email))!;
    expect(link).toBeTruthy();

    // Opened from the mail: no API key, like a browser.
    const first = await fetch(link, { redirect: "manual" });
    expect(first.status).toBe(303);
    const location = new URL(first.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectTo);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get("type")).toBe("recovery");
    expect(fragment.get("token_type")).toBe("bearer");
    const user = await newClient().auth.getUser(fragment.get("access_token")!);
    expect(user.data.user?.email).toBe(email);
    expect(fragment.get("refresh_token")).toBeTruthy();

    const again = await fetch(link, { redirect: "manual" });
    expect(again.status).toBe(303);
    const errorFragment = new URLSearchParams(new URL(again.headers.get("location")!).hash.slice(1));
    expect(errorFragment.get("error")).toBe("access_denied");
    expect(errorFragment.get("error_code")).toBe("otp_expired");

    const elsewhere = new URL(link);
    elsewhere.searchParams.set("redirect_to", "https://evil.example.com/steal");
    const redirected = await fetch(elsewhere, { redirect: "manual" });
    expect(new URL(redirected.headers.get("location")!).origin).toBe(new URL(stack.siteUrl).origin);
  });

  it("sends magic links: creates the account on first use and signs in by link or by six-digit code", async () => {
    const email = uniqueEmail("magic");
    const client = newClient();
    const sent = await client.auth.signInWithOtp({
      email,
      options: { emailRedirectTo: `${stack.siteUrl}/auth/callback`, data: { display_name: "Magic Person" } },
    });
    expect(sent.error).toBeNull();
    const { rows } = await db.query("select email_confirmed_at, raw_user_meta_data from auth.users where email = $1", [email]);
    expect(rows).toHaveLength(1);
    expect(rows[0].email_confirmed_at).not.toBeNull();
    expect(rows[0].raw_user_meta_data.display_name).toBe("Magic Person");

    const mail = await latestMailTo(email);
    expect(mail.subject).toBe("[ClusterMatch] 로그인 링크 / Your sign-in link");
    expect(mail.text).toContain(`${stack.siteUrl}/auth/callback?token_hash=`);
    const byLink = await client.auth.verifyOtp({ token_hash: tokenHashIn(mail)!, type: "magiclink" });
    expect(byLink.error).toBeNull();
    expect(byLink.data.user!.user_metadata.display_name).toBe("Magic Person");

    // Two mails of one kind to one address need a short gap ([auth.email] max_frequency).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await newClient().auth.signInWithOtp({ email, options: { shouldCreateUser: false } })).error).toBeNull();
    const second = await latestMailTo(email);
    const byCode = await newClient().auth.verifyOtp({ email, token: codeIn(second)!, type: "email" });
    expect(byCode.error).toBeNull();
    expect(byCode.data.session!.user.email).toBe(email);

    const noSignup = await newClient().auth.signInWithOtp({ email: uniqueEmail("nosignup"), options: { shouldCreateUser: false } });
    expectApiError(noSignup.error, 422, "otp_disabled");
  });

  it("serves the admin API to the service role: create, list with pagination, get, update, ban, delete", async () => {
    const admin = newClient(stack.serviceRoleKey).auth.admin;
    const email = uniqueEmail("admin");
    const created = await admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { display_name: "Admin Made" },
      app_metadata: { plan: "pilot" },
    });
    expect(created.error).toBeNull();
    const user = created.data.user!;
    expect(user).toMatchObject({
      email,
      app_metadata: { provider: "email", providers: ["email"], plan: "pilot" },
      user_metadata: { display_name: "Admin Made", email_verified: true },
    });
    await signIn(email);
    expectApiError((await admin.createUser({ email, password: PASSWORD })).error, 422, "email_exists");

    // Other test files may add users meanwhile, so the total lies between counts taken around the call.
    const countUsers = async () =>
      (await db.query("select count(*)::int as n from auth.users where aud = 'authenticated'")).rows[0].n as number;
    const before = await countUsers();
    const listed = await admin.listUsers({ page: 1, perPage: 1 });
    const raw = await rawAuth("/admin/users?page=2&per_page=1", { headers: { authorization: `Bearer ${stack.serviceRoleKey}` } });
    const after = await countUsers();
    expect(listed.error).toBeNull();
    expect(listed.data).toMatchObject({ aud: "authenticated", nextPage: 2 });
    expect(listed.data.users).toHaveLength(1);
    expect((listed.data as { total: number }).total).toBeGreaterThanOrEqual(before);
    expect((listed.data as { total: number }).total).toBeLessThanOrEqual(after);
    expect(Number(raw.response.headers.get("x-total-count"))).toBeGreaterThanOrEqual(before);
    expect(raw.response.headers.get("link")).toContain('</admin/users?page=3&per_page=1>; rel="next"');
    expect((raw.body as { users: unknown[] }).users).toHaveLength(1);

    const fetched = await admin.getUserById(user.id);
    expect(fetched.data.user?.email).toBe(email);
    expectApiError((await admin.getUserById(randomUUID())).error, 404, "user_not_found");
    // supabase-js checks the id itself; GoTrue answers a malformed one with a 404 too.
    const malformed = await rawAuth("/admin/users/not-a-uuid", { headers: { authorization: `Bearer ${stack.serviceRoleKey}` } });
    expect(malformed.status).toBe(404);
    expect(malformed.body).toMatchObject({ code: "validation_failed" });

    const updated = await admin.updateUserById(user.id, { user_metadata: { display_name: "Renamed" }, ban_duration: "1h" });
    expect(updated.error).toBeNull();
    expect(updated.data.user!.user_metadata.display_name).toBe("Renamed");
    expect(updated.data.user!.banned_until).toBeTruthy();
    expectApiError((await newClient().auth.signInWithPassword({ email, password: PASSWORD })).error, 400, "user_banned");
    expect((await admin.updateUserById(user.id, { ban_duration: "none" })).error).toBeNull();
    await signIn(email);
    expect(isAuthWeakPasswordError((await admin.updateUserById(user.id, { password: "short" })).error)).toBe(true);
    expectApiError((await admin.updateUserById(user.id, { ban_duration: "forever" })).error, 400, "validation_failed");
    expectApiError((await admin.updateUserById(user.id, { ban_duration: "9999999999h" })).error, 400, "validation_failed");

    expect((await admin.deleteUser(user.id)).error).toBeNull();
    expectApiError((await admin.getUserById(user.id)).error, 404, "user_not_found");
    const { rows: leftovers } = await db.query(
      `select (select count(*) from auth.identities where user_id = $1)::int as identities,
              (select count(*) from auth.sessions where user_id = $1)::int as sessions,
              (select count(*) from auth.refresh_tokens where user_id = $1::text)::int as tokens`,
      [user.id],
    );
    expect(leftovers[0]).toEqual({ identities: 0, sessions: 0, tokens: 0 });
  });

  it("refuses the admin API to the anon key and to signed-in users", async () => {
    const anonAdmin = newClient().auth.admin;
    expectApiError((await anonAdmin.listUsers()).error, 403, "not_admin");
    expectApiError((await anonAdmin.createUser({ email: uniqueEmail("anon"), password: PASSWORD })).error, 403, "not_admin");
    const { session, user } = await signUp("notadmin");
    const asUser = await rawAuth(`/admin/users/${user.id}`, { headers: { authorization: `Bearer ${session.access_token}` } });
    expect(asUser.status).toBe(403);
    expect(asUser.body).toEqual({ code: "not_admin", message: "User not allowed" });
  });

  it("refuses a token signed with the wrong secret at /auth/v1/user and at /rest/v1, and an expired one", async () => {
    const { session } = await signUp("forged");
    const claims = decodeJwt(session.access_token);
    const forged = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode("not-the-project-secret-but-long-enough-0123456789"));

    const viaAuth = await newClient().auth.getUser(forged);
    expectApiError(viaAuth.error, 403, "bad_jwt");

    const viaRest = await newClient(stack.anonKey, forged).from("profiles").select("user_id");
    expect(viaRest.error).not.toBeNull();
    expect(viaRest.status).toBe(401);
    const genuine = await newClient(stack.anonKey, session.access_token).from("profiles").select("user_id");
    expect(genuine.error).toBeNull();

    const expired = await new SignJWT({ ...claims, iat: claims.iat! - 7200, exp: claims.iat! - 3600 })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(stack.jwtSecret));
    expectApiError((await newClient().auth.getUser(expired)).error, 403, "bad_jwt");
  });

  it("answers malformed requests in GoTrue's error shapes and never with a 500", async () => {
    const versioned = await rawAuth("/signup", { method: "POST", body: "{not json" });
    expect(versioned.status).toBe(400);
    expect(versioned.body).toMatchObject({ code: "bad_json", message: expect.stringContaining("Could not parse request body as JSON") });
    expect(versioned.response.headers.get("x-supabase-api-version")).toBe("2024-01-01");

    const legacy = await rawAuth("/signup", { method: "POST", body: "{not json", apiVersion: false });
    expect(legacy.status).toBe(400);
    expect(legacy.body).toMatchObject({ code: 400, error_code: "bad_json", msg: expect.any(String) });
    expect(legacy.response.headers.get("x-supabase-api-version")).toBeNull();

    const huge = await rawAuth("/signup", { method: "POST", body: JSON.stringify({ email: "a@b.c", data: { blob: "x".repeat(70_000) } }) });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ code: "request_entity_too_large" });

    const noGrant = await rawAuth("/token?grant_type=magic", { method: "POST", body: "{}" });
    expect(noGrant.body).toMatchObject({ code: "invalid_credentials", message: "unsupported_grant_type" });
    const noRefresh = await rawAuth("/token?grant_type=refresh_token", { method: "POST", body: "{}" });
    expect(noRefresh.status).toBe(400);
    expect(noRefresh.body).toEqual({ error: "invalid_request", error_description: "refresh_token required" });
    const noBearer = await rawAuth("/user");
    expect(noBearer.status).toBe(401);
    expect(noBearer.body).toMatchObject({ code: "no_authorization" });
    const noKey = await fetch(`${authUrl}/settings`);
    expect(noKey.status).toBe(401);

    const { session } = await signUp("junk");
    const asUser = { authorization: `Bearer ${session.access_token}` };
    const asAdmin = { authorization: `Bearer ${stack.serviceRoleKey}` };
    const targets: Array<[string, string, Record<string, string>]> = [
      ["POST", "/signup", {}],
      ["POST", "/token?grant_type=password", {}],
      ["POST", "/token?grant_type=refresh_token", {}],
      ["POST", "/recover", {}],
      ["POST", "/otp", {}],
      ["POST", "/verify", {}],
      ["PUT", "/user", asUser],
      ["POST", "/admin/users", asAdmin],
      ["PUT", `/admin/users/${randomUUID()}`, asAdmin],
    ];
    const bodies = [
      "null",
      '"text"',
      "[1, 2]",
      '{"email": ["a"]}',
      '{"email": 5, "password": {}}',
      '{"data": "not an object", "email": "x@example.com", "password": "long-enough-1"}',
      '{"type": 1, "token_hash": true}',
      '{"email": "bad address", "password": "long-enough-1"}',
      '{"email_confirm": "yes", "email": "ok@example.com"}',
      '{"refresh_token": 12}',
      '{"create_user": "sometimes", "email": "x@example.com"}',
      // PostgreSQL cannot store NUL in jsonb: a 400, not a failed insert.
      `{"email": "nul-${randomUUID().slice(0, 8)}@example.com", "password": "long-enough-1", "data": {"x": "\\u0000"}, "user_metadata": {"x": "\\u0000"}}`,
    ];
    const adminList = (query: string) => rawAuth(`/admin/users?${query}`, { headers: asAdmin });
    expect((await adminList("page=99999999999999999999")).status).toBe(400);
    expect((await adminList("page=abc")).body).toMatchObject({ code: "validation_failed" });
    const farPage = await adminList("page=9007199254740991&per_page=1000");
    expect(farPage.status).toBe(200);
    expect(farPage.body).toMatchObject({ users: [] });

    for (const [method, target, headers] of targets) {
      for (const body of bodies) {
        const result = await rawAuth(target, { method, body, headers });
        const label = `${method} ${target} ${body} -> ${result.status} ${JSON.stringify(result.body)}`;
        expect(result.status, label).toBeLessThan(500);
        if (result.status >= 400) {
          // GoTrue's error shape, or the OAuth2 one it uses for a missing refresh token.
          const shape = result.body && "error_description" in result.body
            ? { error: expect.any(String), error_description: expect.any(String) }
            : { code: expect.any(String), message: expect.any(String) };
          expect(result.body, label).toMatchObject(shape);
        }
      }
    }
  });

  it("serves public settings and health like GoTrue", async () => {
    const settings = await rawAuth("/settings");
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ mailer_autoconfirm: true, disable_signup: false, external: { email: true, phone: false } });
    const health = await fetch(`${authUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ name: "GoTrue" });
  });
});
