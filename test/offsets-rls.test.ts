import { randomUUID } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import ws from "ws";
import { addMember, connect, createActiveAgreement, createOrganization, createUser } from "./offsets-fixtures";

/*
 * Row-level security of the offset tables, the ledger views and the offset-evidence bucket,
 * exercised the way the app does it: unmodified supabase-js signed in as each party, through
 * PostgREST and the storage gateway. A contractor's offsets are visible to its own members and,
 * once submitted, to its reviewer; another contractor, an SME (even the counterparty) and another
 * reviewer see nothing and can change nothing.
 */

const stack = inject("stack");
const PDF = new TextEncoder().encode("%PDF-1.4\n% offset evidence\n%%EOF\n");

function client(): SupabaseClient {
  return createClient(stack.supabaseUrl, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
  });
}

async function signedIn(email: string, password: string): Promise<SupabaseClient> {
  const supabase = client();
  const { error } = await supabase.auth.signInWithPassword({ email, password });
  if (error) throw error;
  return supabase;
}

let db: pg.Client;
const ids = {} as {
  contractor: string;
  otherContractor: string;
  sme: string;
  reviewer: string;
  otherReviewer: string;
  agreement: string;
  draftAgreement: string;
  creditedTx: string;
  proposedTx: string;
  entryGroup: string;
};
const as = {} as Record<"contractorAdmin" | "contractorMember" | "otherContractor" | "sme" | "reviewer" | "otherReviewer" | "anon", SupabaseClient>;

beforeAll(async () => {
  db = await connect(stack.databaseUrl);
  ids.contractor = await createOrganization(db, "contractor", "RLS contractor");
  ids.otherContractor = await createOrganization(db, "contractor", "RLS other contractor");
  ids.sme = await createOrganization(db, "sme", "RLS SME");
  ids.reviewer = await createOrganization(db, "government_reviewer", "RLS reviewer");
  ids.otherReviewer = await createOrganization(db, "government_reviewer", "RLS other reviewer");

  const people = {
    contractorAdmin: await createUser(db, "rls-contractor-admin"),
    contractorMember: await createUser(db, "rls-contractor-member"),
    otherContractor: await createUser(db, "rls-other-contractor"),
    sme: await createUser(db, "rls-sme"),
    reviewer: await createUser(db, "rls-reviewer"),
    otherReviewer: await createUser(db, "rls-other-reviewer"),
  };
  await addMember(db, ids.contractor, people.contractorAdmin.id, "owner");
  await addMember(db, ids.contractor, people.contractorMember.id, "member");
  await addMember(db, ids.otherContractor, people.otherContractor.id, "owner");
  await addMember(db, ids.sme, people.sme.id, "owner");
  await addMember(db, ids.reviewer, people.reviewer.id, "owner");
  await addMember(db, ids.otherReviewer, people.otherReviewer.id, "owner");

  for (const [role, person] of Object.entries(people)) {
    as[role as keyof typeof people] = await signedIn(person.email, person.password);
  }
  as.anon = client();

  const parties = { contractor: ids.contractor, contractorAdmin: people.contractorAdmin.id, reviewer: ids.reviewer, reviewerAdmin: people.reviewer.id };
  ids.agreement = (await createActiveAgreement(db, parties, { contractValue: "2000000.00", obligationPercent: "50", currency: "USD", program: "RLS program" })).id;
  const { data: draft, error: draftError } = await as.contractorAdmin
    .from("offset_agreements")
    .insert({
      contractor_organization_id: ids.contractor,
      reviewer_organization_id: ids.reviewer,
      program: "RLS draft",
      contract_value: "1000.00",
      currency: "USD",
      obligation_percent: "50",
      deadline: "2035-01-01",
    })
    .select("id")
    .single();
  expect(draftError).toBeNull();
  ids.draftAgreement = draft!.id;

  // Two transactions recorded by the contractor through the API, with evidence uploaded through
  // the storage gateway; one is submitted and approved by the reviewer, one stays proposed.
  const record = async (title: string) => {
    const { data, error } = await as.contractorAdmin
      .from("offset_transactions")
      .insert({
        contractor_organization_id: ids.contractor,
        reviewer_organization_id: ids.reviewer,
        agreement_id: ids.agreement,
        category_code: "parts_supply",
        title,
        sme_organization_id: ids.sme,
        value: "1000.00",
        currency: "USD",
        multiplier: "1",
        credit_currency: "USD",
        transaction_date: "2026-01-15",
      })
      .select("id")
      .single();
    expect(error).toBeNull();
    const upload = await as.contractorAdmin.storage.from("offset-evidence").upload(`${ids.contractor}/${data!.id}/invoice.pdf`, PDF, { contentType: "application/pdf" });
    expect(upload.error).toBeNull();
    return data!.id as string;
  };
  ids.creditedTx = await record("Credited transaction");
  ids.proposedTx = await record("Proposed transaction");
  const submitted = await as.contractorAdmin.rpc("offset_submit_transaction", { transaction_id: ids.creditedTx });
  expect(submitted.error).toBeNull();
  const decided = await as.reviewer.rpc("offset_decide_transaction", {
    transaction_id: ids.creditedTx,
    decision: "approve",
    comment: "ok",
    request_key: randomUUID(),
  });
  expect(decided.error).toBeNull();
  expect(decided.data).toMatchObject({ status: "credited", credited: "2000.00", banked: "0.00" });
  ids.entryGroup = decided.data.entry_group;
});

afterAll(async () => {
  await db?.end();
});

async function visibleIds(supabase: SupabaseClient, table: string, column: string, values: string[]) {
  const { data, error } = await supabase.from(table).select(column).in(column, values);
  if (error) {
    // Anonymous callers have no privilege on these tables at all; anyone else must get rows or none.
    if (supabase === as.anon && error.code === "42501") return { denied: true, ids: [] as string[] };
    throw new Error(`${table}: ${error.message}`);
  }
  return { denied: false, ids: (data as unknown as Record<string, string>[]).map((row) => row[column]!).sort() };
}

describe("offset row-level security (supabase-js through PostgREST and storage)", () => {
  it("shows the contractor's members everything of their agreements", async () => {
    for (const supabase of [as.contractorAdmin, as.contractorMember]) {
      expect((await visibleIds(supabase, "offset_agreements", "id", [ids.agreement, ids.draftAgreement])).ids).toEqual([ids.agreement, ids.draftAgreement].sort());
      expect((await visibleIds(supabase, "offset_transactions", "id", [ids.creditedTx, ids.proposedTx])).ids).toEqual([ids.creditedTx, ids.proposedTx].sort());
      expect((await visibleIds(supabase, "offset_ledger_entries", "entry_group", [ids.entryGroup])).ids).toHaveLength(1);
      expect((await visibleIds(supabase, "offset_agreement_balances", "agreement_id", [ids.agreement])).ids).toEqual([ids.agreement]);
      const files = await supabase.storage.from("offset-evidence").list(`${ids.contractor}/${ids.proposedTx}`);
      expect(files.data?.map((file) => file.name)).toEqual(["invoice.pdf"]);
    }
  });

  it("shows the reviewer what was submitted to it: not drafts, not proposed transactions or their files", async () => {
    expect((await visibleIds(as.reviewer, "offset_agreements", "id", [ids.agreement, ids.draftAgreement])).ids).toEqual([ids.agreement]);
    expect((await visibleIds(as.reviewer, "offset_transactions", "id", [ids.creditedTx, ids.proposedTx])).ids).toEqual([ids.creditedTx]);
    expect((await visibleIds(as.reviewer, "offset_ledger_entries", "entry_group", [ids.entryGroup])).ids).toHaveLength(1);
    const submittedFile = await as.reviewer.storage.from("offset-evidence").download(`${ids.contractor}/${ids.creditedTx}/invoice.pdf`);
    expect(submittedFile.error).toBeNull();
    expect(new Uint8Array(await submittedFile.data!.arrayBuffer())).toEqual(PDF);
    const proposedFile = await as.reviewer.storage.from("offset-evidence").download(`${ids.contractor}/${ids.proposedTx}/invoice.pdf`);
    expect(proposedFile.data).toBeNull();
  });

  it("keeps another contractor, an SME (even the counterparty), another reviewer and anonymous callers out", async () => {
    for (const supabase of [as.otherContractor, as.sme, as.otherReviewer, as.anon]) {
      expect((await visibleIds(supabase, "offset_agreements", "id", [ids.agreement, ids.draftAgreement])).ids).toEqual([]);
      expect((await visibleIds(supabase, "offset_categories", "agreement_id", [ids.agreement])).ids).toEqual([]);
      expect((await visibleIds(supabase, "offset_transactions", "id", [ids.creditedTx, ids.proposedTx])).ids).toEqual([]);
      expect((await visibleIds(supabase, "offset_ledger_entries", "entry_group", [ids.entryGroup])).ids).toEqual([]);
      expect((await visibleIds(supabase, "offset_agreement_balances", "agreement_id", [ids.agreement])).ids).toEqual([]);
      expect((await visibleIds(supabase, "offset_bank_lots", "contractor_organization_id", [ids.contractor])).ids).toEqual([]);
      for (const tx of [ids.creditedTx, ids.proposedTx]) {
        const file = await supabase.storage.from("offset-evidence").download(`${ids.contractor}/${tx}/invoice.pdf`);
        expect(file.data).toBeNull();
        const listing = await supabase.storage.from("offset-evidence").list(`${ids.contractor}/${tx}`);
        expect(listing.data ?? []).toEqual([]);
      }
    }
  });

  it("lets no outsider change the contractor's offsets or act as its reviewer", async () => {
    for (const supabase of [as.otherContractor, as.sme, as.otherReviewer]) {
      const update = await supabase.from("offset_agreements").update({ program: "Hijacked" }).eq("id", ids.draftAgreement).select("id");
      expect(update.data ?? []).toEqual([]);
      const remove = await supabase.from("offset_transactions").delete().eq("id", ids.proposedTx).select("id");
      expect(remove.data ?? []).toEqual([]);
      const insert = await supabase.from("offset_transactions").insert({
        contractor_organization_id: ids.contractor,
        reviewer_organization_id: ids.reviewer,
        agreement_id: ids.agreement,
        category_code: "parts_supply",
        title: "Forged",
        counterparty_name: "Forged",
        value: "1.00",
        currency: "USD",
        multiplier: "1",
        credit_currency: "USD",
        transaction_date: "2026-01-01",
      });
      expect(insert.error?.code).toBe("42501");
      const upload = await supabase.storage.from("offset-evidence").upload(`${ids.contractor}/${ids.proposedTx}/forged.pdf`, PDF, { contentType: "application/pdf" });
      expect(upload.error).not.toBeNull();
      const submit = await supabase.rpc("offset_submit_transaction", { transaction_id: ids.proposedTx });
      expect(submit.error?.hint).toBe("offsets.error.not_found");
      const reverse = await supabase.rpc("offset_reverse_entries", { entry_group: ids.entryGroup, reason: "Forged", request_key: randomUUID() });
      expect(reverse.error?.hint).toBe("offsets.error.not_found");
      const review = await supabase.rpc("offset_review_agreement", { agreement_id: ids.agreement, decision: "close", comment: null });
      expect(review.error?.hint).toBe("offsets.error.not_found");
    }
    const { rows } = await db.query("select program from public.offset_agreements where id = $1", [ids.draftAgreement]);
    expect(rows[0]).toEqual({ program: "RLS draft" });
    const { rows: stillThere } = await db.query("select count(*)::int as n from public.offset_transactions where id = $1", [ids.proposedTx]);
    expect(stillThere[0]).toEqual({ n: 1 });
  });

  it("keeps members who are not admins, and the reviewer, from changing the contractor's data", async () => {
    const memberUpdate = await as.contractorMember.from("offset_agreements").update({ program: "Member edit" }).eq("id", ids.draftAgreement).select("id");
    expect(memberUpdate.data ?? []).toEqual([]);
    const memberSubmit = await as.contractorMember.rpc("offset_submit_transaction", { transaction_id: ids.proposedTx });
    expect(memberSubmit.error?.hint).toBe("offsets.error.forbidden");
    const reviewerEdit = await as.reviewer.from("offset_transactions").update({ value: "999999.00" }).eq("id", ids.creditedTx).select("id");
    expect(reviewerEdit.data ?? []).toEqual([]);
  });

  it("refuses every direct write to the ledger, the service role's included", async () => {
    const service = createClient(stack.supabaseUrl, stack.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: ws as never },
    });
    for (const supabase of [as.contractorAdmin, as.reviewer, service]) {
      const insert = await supabase.from("offset_ledger_entries").insert({
        entry_group: randomUUID(),
        contractor_organization_id: ids.contractor,
        reviewer_organization_id: ids.reviewer,
        account: "agreement",
        agreement_id: ids.agreement,
        kind: "credit",
        amount: "1.00",
        currency: "USD",
      });
      expect(insert.error?.code).toBe("42501");
      const update = await supabase.from("offset_ledger_entries").update({ amount: "9.00" }).eq("entry_group", ids.entryGroup).select("id");
      expect(update.error?.code ?? (update.data?.length === 0 ? "no rows" : "changed")).not.toBe("changed");
      const remove = await supabase.from("offset_ledger_entries").delete().eq("entry_group", ids.entryGroup).select("id");
      expect(remove.error?.code ?? (remove.data?.length === 0 ? "no rows" : "deleted")).not.toBe("deleted");
    }
    const { rows } = await db.query("select amount::text from public.offset_ledger_entries where entry_group = $1", [ids.entryGroup]);
    expect(rows).toEqual([{ amount: "2000.00" }]);
  });

  it("records the approval in the audit log for the contractor's and the reviewer's admins only", async () => {
    const read = (supabase: SupabaseClient) =>
      supabase.from("audit_log").select("action, organization_id, actor_organization_id").eq("entity_id", ids.creditedTx).eq("action", "offset.transaction.approved");
    for (const supabase of [as.contractorAdmin, as.reviewer]) {
      const { data } = await read(supabase);
      expect(data).toEqual([{ action: "offset.transaction.approved", organization_id: ids.contractor, actor_organization_id: ids.reviewer }]);
    }
    for (const supabase of [as.otherContractor, as.sme, as.otherReviewer, as.contractorMember]) {
      const { data } = await read(supabase);
      expect(data ?? []).toEqual([]);
    }
  });

  it("lets the reviewer decide only what was submitted to it, and the decision is final", async () => {
    const again = await as.reviewer.rpc("offset_decide_transaction", {
      transaction_id: ids.creditedTx,
      decision: "reject",
      comment: "changed",
      request_key: randomUUID(),
    });
    expect(again.error?.hint).toBe("offsets.error.already_decided");
    const proposed = await as.reviewer.rpc("offset_decide_transaction", {
      transaction_id: ids.proposedTx,
      decision: "approve",
      comment: null,
      request_key: randomUUID(),
    });
    expect(proposed.error?.hint).toBe("offsets.error.not_found");
    // The contractor cannot approve its own transaction either.
    const own = await as.contractorAdmin.rpc("offset_decide_transaction", {
      transaction_id: ids.creditedTx,
      decision: "approve",
      comment: null,
      request_key: randomUUID(),
    });
    expect(own.error?.hint).toBe("offsets.error.not_found");
  });
});
