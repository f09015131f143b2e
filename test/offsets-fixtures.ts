import { randomUUID } from "node:crypto";
import pg from "pg";

/*
 * Fixtures for the offset tests: organizations, users and memberships written as the database
 * superuser (what the seed does), and a way to run statements as a signed-in user the way
 * PostgREST does (role authenticated + request.jwt.claims, in one transaction).
 */

export type OrgKind = "contractor" | "sme" | "cluster_authority" | "government_reviewer" | "platform";

export async function connect(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

/**
 * An organization for one test. Slugs sort last ("zz-") so that tests elsewhere picking "the
 * first contractor" keep picking seeded ones; SMEs get no profile, so they stay out of supplier
 * search and analytics (offsets only need the organization's kind).
 */
export async function createOrganization(db: pg.Client, kind: OrgKind, label: string): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into public.organizations (id, slug, kind, name_en, name_ko, country, is_fictional)
     values ($1, $2, $3, $4, $5, $6, true)`,
    [id, `zz-offsets-test-${kind.replace(/_/g, "-")}-${id.slice(0, 8)}`, kind, `${label} (test)`, `${label} (테스트)`, kind === "contractor" ? "US" : "KR"],
  );
  return id;
}

/** A confirmed user with a password, able to sign in through the gateway. */
export async function createUser(db: pg.Client, label: string, password = "Offsets!2026-test"): Promise<{ id: string; email: string; password: string }> {
  const id = randomUUID();
  const email = `${label}-${id.slice(0, 8)}@offsets.test`;
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data,
       raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token, email_change_token_new, email_change,
       is_sso_user, is_anonymous)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, crypt($3, gen_salt('bf', 4)), now(),
       '{"provider":"email","providers":["email"]}', $4, now(), now(), '', '', '', '', false, false)`,
    [id, email, password, JSON.stringify({ display_name: label, locale: "en" })],
  );
  await db.query(
    `insert into auth.identities (id, user_id, provider_id, identity_data, provider, created_at, updated_at)
     values ($1, $2, $3, $4, 'email', now(), now())`,
    [randomUUID(), id, id, JSON.stringify({ sub: id, email, email_verified: true, phone_verified: false })],
  );
  return { id, email, password };
}

export async function addMember(db: pg.Client, organizationId: string, userId: string, role: "owner" | "admin" | "member") {
  await db.query("insert into public.memberships (organization_id, user_id, role) values ($1, $2, $3)", [organizationId, userId, role]);
}

/** Runs `work` in one transaction as the given user (or the service role), like a PostgREST request. */
export async function asRole<T>(
  db: pg.Client,
  who: { userId: string } | "service_role",
  work: (db: pg.Client) => Promise<T>,
): Promise<T> {
  await db.query("begin");
  try {
    const claims = who === "service_role" ? { role: "service_role" } : { sub: who.userId, role: "authenticated" };
    await db.query("select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)", [
      who === "service_role" ? "service_role" : "authenticated",
      JSON.stringify(claims),
    ]);
    const result = await work(db);
    await db.query("commit");
    return result;
  } catch (error) {
    await db.query("rollback");
    throw error;
  }
}

export function asUser<T>(db: pg.Client, userId: string, work: (db: pg.Client) => Promise<T>): Promise<T> {
  return asRole(db, { userId }, work);
}

/** The database error's message key (HINT) and SQLSTATE, for asserting refusals. */
export function refusal(error: unknown): { code: string; hint: string | undefined; message: string } {
  const e = error as { code?: string; hint?: string; message?: string };
  return { code: e.code ?? "", hint: e.hint, message: e.message ?? String(error) };
}

export async function expectRefusal(promise: Promise<unknown>): Promise<{ code: string; hint: string | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    return refusal(error);
  }
  throw new Error("Expected the database to refuse, but it accepted");
}

/** An evidence object for a transaction, as the storage gateway would record an upload. */
export async function addEvidenceObject(db: pg.Client, contractorOrgId: string, transactionId: string, fileName = "invoice.pdf") {
  await db.query(
    `insert into storage.objects (bucket_id, name, metadata) values ('offset-evidence', $1, '{"mimetype":"application/pdf","size":5}')`,
    [`${contractorOrgId}/${transactionId}/${fileName}`],
  );
}

export type OffsetParties = {
  contractor: string;
  contractorAdmin: string;
  reviewer: string;
  reviewerAdmin: string;
  sme: string;
};

/** An agreement drafted by the contractor, submitted and accepted by the reviewer: active. */
export async function createActiveAgreement(
  db: pg.Client,
  parties: Pick<OffsetParties, "contractor" | "contractorAdmin" | "reviewer" | "reviewerAdmin">,
  terms: { contractValue: string; obligationPercent: string; currency: string; program?: string },
): Promise<{ id: string; obligation: string }> {
  const { rows } = await asUser(db, parties.contractorAdmin, (c) =>
    c.query(
      `insert into public.offset_agreements (contractor_organization_id, reviewer_organization_id, program, contract_value, currency,
         obligation_percent, deadline)
       values ($1, $2, $3, $4, $5, $6, private.offset_today() + 365) returning id, obligation_value::text as obligation`,
      [parties.contractor, parties.reviewer, terms.program ?? "Test program", terms.contractValue, terms.currency, terms.obligationPercent],
    ),
  );
  const agreement = rows[0] as { id: string; obligation: string };
  await asUser(db, parties.contractorAdmin, (c) => c.query("select public.offset_submit_agreement($1)", [agreement.id]));
  await asUser(db, parties.reviewerAdmin, (c) => c.query("select public.offset_review_agreement($1, 'accept', null)", [agreement.id]));
  return agreement;
}

/** Records a transaction as the contractor, attaches evidence and submits it. Returns its id and credit value. */
export async function submitTransaction(
  db: pg.Client,
  parties: Pick<OffsetParties, "contractor" | "contractorAdmin" | "reviewer" | "sme">,
  input: { agreementId: string | null; value: string; currency: string; category: string; withSme?: boolean },
): Promise<{ id: string; creditValue: string; multiplier: string }> {
  const withSme = input.withSme ?? true;
  const { rows } = await asUser(db, parties.contractorAdmin, (c) =>
    c.query(
      `insert into public.offset_transactions (contractor_organization_id, reviewer_organization_id, agreement_id, category_code, title,
         sme_organization_id, counterparty_name, value, currency, transaction_date, multiplier, credit_currency)
       values ($1, $2, $3, $4, 'Test transaction', $5, $6, $7, $8, private.offset_today(), 1, $8)
       returning id, credit_value::text as "creditValue", multiplier::text as multiplier`,
      [
        parties.contractor,
        parties.reviewer,
        input.agreementId,
        input.category,
        withSme ? parties.sme : null,
        withSme ? null : "Large Korean firm (test)",
        input.value,
        input.currency,
      ],
    ),
  );
  const transaction = rows[0] as { id: string; creditValue: string; multiplier: string };
  await addEvidenceObject(db, parties.contractor, transaction.id);
  await asUser(db, parties.contractorAdmin, (c) => c.query("select public.offset_submit_transaction($1)", [transaction.id]));
  return transaction;
}
