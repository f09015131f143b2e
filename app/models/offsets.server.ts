import type { SupabaseClient } from "@supabase/supabase-js";
import { describeDatabaseError, type OffsetsFailure } from "~/offsets/errors";
import { decodeEvidenceName, encodeEvidenceName, EVIDENCE_BUCKET, evidenceFolder, evidencePath } from "~/offsets/evidence-names.server";
import type { LedgerEntry, LedgerEntryKind } from "~/offsets/ledger";
import type { AgreementInput, TransactionInput } from "~/offsets/schemas";

/*
 * Data access for offsets: agreements, categories, transactions, evidence, the ledger and banking.
 * Every function takes the caller's Supabase client, so row-level security decides what it sees
 * and may change; state changes go through the database functions, which lock, check and audit.
 * Money is selected as text (numeric::text) and stays a decimal string.
 */

export type Result<T> = { ok: true; data: T } | { ok: false; error: OffsetsFailure };

function failure<T>(error: Parameters<typeof describeDatabaseError>[0]): Result<T> {
  return { ok: false, error: describeDatabaseError(error) };
}

/** For loaders: the data, or a thrown Response that the route's error boundary shows. */
export function orThrow<T>(result: Result<T>): T {
  if (result.ok) return result.data;
  throw new Response(result.error.messageKey, { status: result.error.status });
}

export type AgreementStatus = "draft" | "submitted" | "active" | "closed";
export type TransactionStatus = "proposed" | "submitted" | "approved" | "rejected" | "credited" | "reversed";
export type BankRequestStatus = "submitted" | "approved" | "rejected" | "withdrawn";

export type OrganizationRef = { id: string; kind: string; name_en: string; name_ko: string | null };
export type Membership = OrganizationRef & { role: "owner" | "admin" | "member" };

export type Agreement = {
  id: string;
  contractor_organization_id: string;
  reviewer_organization_id: string;
  program: string;
  reference: string | null;
  contract_value: string;
  currency: string;
  obligation_percent: string;
  obligation_value: string;
  deadline: string;
  penalty_rate_percent: string;
  bank_validity_months: number;
  notes: string | null;
  status: AgreementStatus;
  submitted_at: string | null;
  decided_at: string | null;
  review_comment: string | null;
  closed_at: string | null;
  created_at: string;
  contractor: OrganizationRef | null;
  reviewer: OrganizationRef | null;
};

export type AgreementBalanceRow = {
  agreement_id: string;
  obligation_value: string;
  credited: string;
  pending: string;
  remaining: string;
  fulfilment_percent: string;
};

export type Category = { id: string; code: string; name_en: string; name_ko: string; multiplier: string; sme_multiplier: string; sort_order: number };

export type TransactionChain = {
  need?: { id: string; kind: string; title_en?: string; title_ko?: string; program?: string; status?: string; estimated_value?: number; currency?: string };
  eoi?: { id: string; scope?: string; status?: string; submitted_at?: string };
  award?: { awarded_at?: string; awarded_by?: string };
  sme?: { id: string; name_en?: string; name_ko?: string };
};

export type Transaction = {
  id: string;
  contractor_organization_id: string;
  reviewer_organization_id: string;
  agreement_id: string | null;
  category_code: string;
  title: string;
  description: string | null;
  need_id: string | null;
  eoi_id: string | null;
  chain: TransactionChain;
  sme_organization_id: string | null;
  counterparty_name: string | null;
  counterparty_is_sme: boolean;
  value: string;
  currency: string;
  exchange_rate: string;
  credit_currency: string;
  multiplier: string;
  credit_value: string;
  transaction_date: string;
  status: TransactionStatus;
  submitted_at: string | null;
  decided_at: string | null;
  review_comment: string | null;
  credited_at: string | null;
  bank_valid_until: string | null;
  reversed_at: string | null;
  reversal_reason: string | null;
  created_at: string;
  sme: OrganizationRef | null;
  contractor: OrganizationRef | null;
  agreement: { id: string; program: string; currency: string } | null;
};

export type LedgerRow = LedgerEntry & {
  contractorOrganizationId: string;
  reviewerOrganizationId: string;
  transactionId: string | null;
  bankRequestId: string | null;
  counterpartyOrganizationId: string | null;
  memo: string | null;
  createdByName: string | null;
};

export type BankLotRow = {
  lot_id: number;
  contractor_organization_id: string;
  reviewer_organization_id: string;
  currency: string;
  source_kind: LedgerEntryKind;
  transaction_id: string | null;
  source_agreement_id: string | null;
  counterparty_organization_id: string | null;
  banked_at: string;
  valid_until: string;
  opened_amount: string;
  remaining: string;
  expired: boolean;
};

export type BankBalanceRow = {
  contractor_organization_id: string;
  reviewer_organization_id: string;
  currency: string;
  available: string;
  expiring_within_90_days: string;
  expired_not_written_off: string;
  next_expiry: string | null;
};

export type BankRequest = {
  id: string;
  kind: "application" | "transfer";
  contractor_organization_id: string;
  reviewer_organization_id: string;
  currency: string;
  amount: string;
  target_agreement_id: string | null;
  target_organization_id: string | null;
  note: string | null;
  status: BankRequestStatus;
  requested_at: string;
  decided_at: string | null;
  review_comment: string | null;
  entry_group: string | null;
  reversed_at: string | null;
  contractor: OrganizationRef | null;
  target_organization: OrganizationRef | null;
  target_agreement: { id: string; program: string } | null;
};

export type AwardedEoi = {
  id: string;
  need_id: string;
  sme_organization_id: string;
  decided_at: string | null;
  need: { id: string; kind: string; title_en: string | null; title_ko: string | null; program: string | null; organization_id: string; estimated_value: string | null; currency: string };
  sme: OrganizationRef | null;
};

export type EvidenceFile = { storedName: string; displayName: string; path: string; size: number | null; contentType: string | null; uploadedAt: string | null };

const ORG = "id, kind, name_en, name_ko";

const AGREEMENT_COLUMNS = [
  "id",
  "contractor_organization_id",
  "reviewer_organization_id",
  "program",
  "reference",
  "contract_value::text",
  "currency",
  "obligation_percent::text",
  "obligation_value::text",
  "deadline",
  "penalty_rate_percent::text",
  "bank_validity_months",
  "notes",
  "status",
  "submitted_at",
  "decided_at",
  "review_comment",
  "closed_at",
  "created_at",
  `contractor:organizations!offset_agreements_contractor_organization_id_fkey(${ORG})`,
  `reviewer:organizations!offset_agreements_reviewer_organization_id_fkey(${ORG})`,
].join(", ");

const TRANSACTION_COLUMNS = [
  "id",
  "contractor_organization_id",
  "reviewer_organization_id",
  "agreement_id",
  "category_code",
  "title",
  "description",
  "need_id",
  "eoi_id",
  "chain",
  "sme_organization_id",
  "counterparty_name",
  "counterparty_is_sme",
  "value::text",
  "currency",
  "exchange_rate::text",
  "credit_currency",
  "multiplier::text",
  "credit_value::text",
  "transaction_date",
  "status",
  "submitted_at",
  "decided_at",
  "review_comment",
  "credited_at",
  "bank_valid_until",
  "reversed_at",
  "reversal_reason",
  "created_at",
  `sme:organizations!offset_transactions_sme_organization_id_fkey(${ORG})`,
  `contractor:organizations!offset_transactions_contractor_organization_id_fkey(${ORG})`,
  "agreement:offset_agreements(id, program, currency)",
].join(", ");

const LEDGER_COLUMNS =
  "id, entry_group, contractor_organization_id, reviewer_organization_id, account, agreement_id, kind, amount::text, currency, " +
  "bank_lot_id, valid_until, transaction_id, bank_request_id, reverses_entry_id, counterparty_organization_id, memo, created_by_name, created_at";

const BANK_REQUEST_COLUMNS = [
  "id",
  "kind",
  "contractor_organization_id",
  "reviewer_organization_id",
  "currency",
  "amount::text",
  "target_agreement_id",
  "target_organization_id",
  "note",
  "status",
  "requested_at",
  "decided_at",
  "review_comment",
  "entry_group",
  "reversed_at",
  `contractor:organizations!offset_bank_requests_contractor_organization_id_fkey(${ORG})`,
  `target_organization:organizations!offset_bank_requests_target_organization_id_fkey(${ORG})`,
  "target_agreement:offset_agreements(id, program)",
].join(", ");

type LedgerRecord = {
  id: number;
  entry_group: string;
  contractor_organization_id: string;
  reviewer_organization_id: string;
  account: "agreement" | "bank";
  agreement_id: string | null;
  kind: LedgerEntryKind;
  amount: string;
  currency: string;
  bank_lot_id: number | null;
  valid_until: string | null;
  transaction_id: string | null;
  bank_request_id: string | null;
  reverses_entry_id: number | null;
  counterparty_organization_id: string | null;
  memo: string | null;
  created_by_name: string | null;
  created_at: string;
};

function toLedgerRow(record: LedgerRecord): LedgerRow {
  return {
    id: Number(record.id),
    entryGroup: record.entry_group,
    account: record.account,
    kind: record.kind,
    agreementId: record.agreement_id,
    amount: record.amount,
    currency: record.currency,
    bankLotId: record.bank_lot_id === null ? null : Number(record.bank_lot_id),
    validUntil: record.valid_until,
    reversesEntryId: record.reverses_entry_id === null ? null : Number(record.reverses_entry_id),
    createdAt: record.created_at,
    contractorOrganizationId: record.contractor_organization_id,
    reviewerOrganizationId: record.reviewer_organization_id,
    transactionId: record.transaction_id,
    bankRequestId: record.bank_request_id,
    counterpartyOrganizationId: record.counterparty_organization_id,
    memo: record.memo,
    createdByName: record.created_by_name,
  };
}

// Organizations -------------------------------------------------------------------------------

export async function listMyMemberships(supabase: SupabaseClient, { userId }: { userId: string }): Promise<Result<Membership[]>> {
  const { data, error } = await supabase
    .from("memberships")
    .select(`role, organization:organizations(${ORG})`)
    .eq("user_id", userId)
    .order("created_at");
  if (error) return failure(error);
  const rows = (data ?? []) as unknown as Array<{ role: Membership["role"]; organization: OrganizationRef | null }>;
  return { ok: true, data: rows.filter((row) => row.organization).map((row) => ({ ...row.organization!, role: row.role })) };
}

export function isAdmin(membership: Membership) {
  return membership.role === "owner" || membership.role === "admin";
}

export async function listOrganizationsOfKind(
  supabase: SupabaseClient,
  { kind }: { kind: "government_reviewer" | "contractor" },
): Promise<Result<OrganizationRef[]>> {
  const { data, error } = await supabase.from("organizations").select(ORG).eq("kind", kind).order("name_en").limit(500);
  if (error) return failure(error);
  return { ok: true, data: (data ?? []) as OrganizationRef[] };
}

// Agreements ----------------------------------------------------------------------------------

export async function listAgreements(
  supabase: SupabaseClient,
  filter: { contractorIds?: string[]; reviewerIds?: string[]; statuses?: AgreementStatus[] },
): Promise<Result<Agreement[]>> {
  let query = supabase.from("offset_agreements").select(AGREEMENT_COLUMNS).order("created_at", { ascending: false }).limit(500);
  if (filter.contractorIds) query = query.in("contractor_organization_id", filter.contractorIds);
  if (filter.reviewerIds) query = query.in("reviewer_organization_id", filter.reviewerIds);
  if (filter.statuses) query = query.in("status", filter.statuses);
  const { data, error } = await query;
  if (error) return failure(error);
  return { ok: true, data: (data ?? []) as unknown as Agreement[] };
}

export async function getAgreement(supabase: SupabaseClient, { id }: { id: string }): Promise<Result<Agreement | null>> {
  const { data, error } = await supabase.from("offset_agreements").select(AGREEMENT_COLUMNS).eq("id", id).maybeSingle();
  if (error) return failure(error);
  return { ok: true, data: (data ?? null) as unknown as Agreement | null };
}

export async function listAgreementBalances(supabase: SupabaseClient, { agreementIds }: { agreementIds: string[] }): Promise<Result<AgreementBalanceRow[]>> {
  if (agreementIds.length === 0) return { ok: true, data: [] };
  const { data, error } = await supabase
    .from("offset_agreement_balances")
    .select("agreement_id, obligation_value::text, credited::text, pending::text, remaining::text, fulfilment_percent::text")
    .in("agreement_id", agreementIds);
  if (error) return failure(error);
  return { ok: true, data: (data ?? []) as AgreementBalanceRow[] };
}

export async function createAgreement(supabase: SupabaseClient, input: AgreementInput): Promise<Result<{ id: string }>> {
  const { data, error } = await supabase
    .from("offset_agreements")
    .insert({
      contractor_organization_id: input.contractor_organization_id,
      reviewer_organization_id: input.reviewer_organization_id,
      program: input.program,
      reference: input.reference ?? null,
      contract_value: input.contract_value,
      currency: input.currency,
      obligation_percent: input.obligation_percent,
      deadline: input.deadline,
      penalty_rate_percent: input.penalty_rate_percent,
      bank_validity_months: input.bank_validity_months,
      notes: input.notes ?? null,
    })
    .select("id")
    .single();
  if (error) return failure(error);
  return { ok: true, data: { id: (data as { id: string }).id } };
}

export async function updateAgreement(supabase: SupabaseClient, { id, input }: { id: string; input: AgreementInput }): Promise<Result<null>> {
  const { data, error } = await supabase
    .from("offset_agreements")
    .update({
      reviewer_organization_id: input.reviewer_organization_id,
      program: input.program,
      reference: input.reference ?? null,
      contract_value: input.contract_value,
      currency: input.currency,
      obligation_percent: input.obligation_percent,
      deadline: input.deadline,
      penalty_rate_percent: input.penalty_rate_percent,
      bank_validity_months: input.bank_validity_months,
      notes: input.notes ?? null,
    })
    .eq("id", id)
    .select("id");
  if (error) return failure(error);
  if (!data || data.length === 0) return { ok: false, error: { status: 409, messageKey: "offsets.error.agreement_not_draft" } };
  return { ok: true, data: null };
}

export async function deleteDraftAgreement(supabase: SupabaseClient, { id }: { id: string }): Promise<Result<null>> {
  const { data, error } = await supabase.from("offset_agreements").delete().eq("id", id).eq("status", "draft").select("id");
  if (error) return failure(error);
  if (!data || data.length === 0) return { ok: false, error: { status: 409, messageKey: "offsets.error.agreement_not_draft" } };
  return { ok: true, data: null };
}

export async function listCategories(supabase: SupabaseClient, { agreementId }: { agreementId: string }): Promise<Result<Category[]>> {
  const { data, error } = await supabase
    .from("offset_categories")
    .select("id, code, name_en, name_ko, multiplier::text, sme_multiplier::text, sort_order")
    .eq("agreement_id", agreementId)
    .order("sort_order");
  if (error) return failure(error);
  return { ok: true, data: (data ?? []) as Category[] };
}

export async function listDefaultCategories(supabase: SupabaseClient): Promise<Result<Category[]>> {
  const { data, error } = await supabase
    .from("offset_default_categories")
    .select("code, name_en, name_ko, multiplier::text, sme_multiplier::text, sort_order")
    .order("sort_order");
  if (error) return failure(error);
  return { ok: true, data: ((data ?? []) as Omit<Category, "id">[]).map((row) => ({ ...row, id: row.code })) };
}

export async function setMultipliers(
  supabase: SupabaseClient,
  { agreementId, categories }: { agreementId: string; categories: Array<{ code: string; multiplier: string; sme_multiplier: string }> },
): Promise<Result<null>> {
  const { error } = await supabase.rpc("offset_set_multipliers", { agreement_id: agreementId, categories });
  if (error) return failure(error);
  return { ok: true, data: null };
}

export async function submitAgreement(supabase: SupabaseClient, { id }: { id: string }): Promise<Result<AgreementStatus>> {
  const { data, error } = await supabase.rpc("offset_submit_agreement", { agreement_id: id });
  if (error) return failure(error);
  return { ok: true, data: data as AgreementStatus };
}

export async function reviewAgreement(
  supabase: SupabaseClient,
  { id, decision, comment }: { id: string; decision: "accept" | "return" | "close"; comment?: string },
): Promise<Result<AgreementStatus>> {
  const { data, error } = await supabase.rpc("offset_review_agreement", { agreement_id: id, decision, comment: comment ?? null });
  if (error) return failure(error);
  return { ok: true, data: data as AgreementStatus };
}

// Transactions --------------------------------------------------------------------------------

export async function listTransactions(
  supabase: SupabaseClient,
  filter: { agreementId?: string; contractorIds?: string[]; withoutAgreement?: boolean; reviewerIds?: string[]; statuses?: TransactionStatus[]; ids?: string[] },
): Promise<Result<Transaction[]>> {
  let query = supabase.from("offset_transactions").select(TRANSACTION_COLUMNS).order("created_at", { ascending: false }).limit(1000);
  if (filter.agreementId) query = query.eq("agreement_id", filter.agreementId);
  if (filter.withoutAgreement) query = query.is("agreement_id", null);
  if (filter.contractorIds) query = query.in("contractor_organization_id", filter.contractorIds);
  if (filter.reviewerIds) query = query.in("reviewer_organization_id", filter.reviewerIds);
  if (filter.statuses) query = query.in("status", filter.statuses);
  if (filter.ids) query = query.in("id", filter.ids);
  const { data, error } = await query;
  if (error) return failure(error);
  return { ok: true, data: (data ?? []) as unknown as Transaction[] };
}

export async function getTransaction(supabase: SupabaseClient, { id }: { id: string }): Promise<Result<Transaction | null>> {
  const { data, error } = await supabase.from("offset_transactions").select(TRANSACTION_COLUMNS).eq("id", id).maybeSingle();
  if (error) return failure(error);
  return { ok: true, data: (data ?? null) as unknown as Transaction | null };
}

export async function listAwardedEois(supabase: SupabaseClient, { contractorIds }: { contractorIds: string[] }): Promise<Result<AwardedEoi[]>> {
  if (contractorIds.length === 0) return { ok: true, data: [] };
  const { data, error } = await supabase
    .from("eois")
    .select(
      `id, need_id, sme_organization_id, decided_at,
       need:needs!inner(id, kind, title_en, title_ko, program, organization_id, estimated_value::text, currency),
       sme:organizations!eois_sme_organization_id_fkey(${ORG})`,
    )
    .eq("status", "awarded")
    .in("need.organization_id", contractorIds)
    .order("decided_at", { ascending: false })
    .limit(500);
  if (error) return failure(error);
  return { ok: true, data: (data ?? []) as unknown as AwardedEoi[] };
}

export async function createTransaction(
  supabase: SupabaseClient,
  { contractorId, input }: { contractorId: string; input: TransactionInput },
): Promise<Result<{ id: string }>> {
  const { data, error } = await supabase
    .from("offset_transactions")
    .insert({
      contractor_organization_id: contractorId,
      // Derived by the database from the agreement when there is one; required without.
      reviewer_organization_id: input.reviewer_organization_id ?? contractorId,
      agreement_id: input.agreement_id ?? null,
      category_code: input.category_code,
      title: input.title,
      description: input.description ?? null,
      eoi_id: input.eoi_id ?? null,
      sme_organization_id: input.eoi_id ? null : (input.sme_organization_id ?? null),
      counterparty_name: input.eoi_id || input.sme_organization_id ? null : (input.counterparty_name ?? null),
      counterparty_is_sme: input.counterparty_is_sme,
      value: input.value,
      currency: input.currency,
      exchange_rate: input.exchange_rate ?? "1",
      // Both derived by the database trigger; any value sent here is replaced.
      multiplier: "1",
      credit_currency: input.currency,
      transaction_date: input.transaction_date,
    })
    .select("id")
    .single();
  if (error) return failure(error);
  return { ok: true, data: { id: (data as { id: string }).id } };
}

export async function deleteProposedTransaction(
  supabase: SupabaseClient,
  { id, contractorId }: { id: string; contractorId: string },
): Promise<Result<null>> {
  const files = await listEvidence(supabase, { contractorId, transactionId: id });
  if (!files.ok) return files;
  if (files.data.length > 0) {
    const { error: removeError } = await supabase.storage.from(EVIDENCE_BUCKET).remove(files.data.map((file) => file.path));
    if (removeError) return { ok: false, error: { status: 503, messageKey: "offsets.error.unavailable" } };
  }
  const { data, error } = await supabase.from("offset_transactions").delete().eq("id", id).eq("status", "proposed").select("id");
  if (error) return failure(error);
  if (!data || data.length === 0) return { ok: false, error: { status: 409, messageKey: "offsets.error.transaction_not_proposed" } };
  return { ok: true, data: null };
}

export async function submitTransaction(supabase: SupabaseClient, { id }: { id: string }): Promise<Result<TransactionStatus>> {
  const { data, error } = await supabase.rpc("offset_submit_transaction", { transaction_id: id });
  if (error) return failure(error);
  return { ok: true, data: data as TransactionStatus };
}

export type PostingResult = { status: string; replayed: boolean; entry_group?: string; credited?: string; banked?: string; currency?: string };

export async function decideTransaction(
  supabase: SupabaseClient,
  input: { id: string; decision: "approve" | "reject"; comment?: string; requestKey: string; bankValidUntil?: string },
): Promise<Result<PostingResult>> {
  const { data, error } = await supabase.rpc("offset_decide_transaction", {
    transaction_id: input.id,
    decision: input.decision,
    comment: input.comment ?? null,
    request_key: input.requestKey,
    bank_valid_until: input.bankValidUntil ?? null,
  });
  if (error) return failure(error);
  return { ok: true, data: data as PostingResult };
}

export async function reverseEntries(
  supabase: SupabaseClient,
  input: { entryGroup: string; reason: string; requestKey: string },
): Promise<Result<PostingResult>> {
  const { data, error } = await supabase.rpc("offset_reverse_entries", {
    entry_group: input.entryGroup,
    reason: input.reason,
    request_key: input.requestKey,
  });
  if (error) return failure(error);
  return { ok: true, data: data as PostingResult };
}

// Evidence ------------------------------------------------------------------------------------

export async function listEvidence(
  supabase: SupabaseClient,
  { contractorId, transactionId }: { contractorId: string; transactionId: string },
): Promise<Result<EvidenceFile[]>> {
  const folder = evidenceFolder(contractorId, transactionId);
  const { data, error } = await supabase.storage.from(EVIDENCE_BUCKET).list(folder, { limit: 100, sortBy: { column: "name", order: "asc" } });
  if (error) return { ok: false, error: { status: 503, messageKey: "offsets.error.unavailable" } };
  return {
    ok: true,
    data: (data ?? [])
      .filter((item) => item.id !== null && item.name)
      .map((item) => {
        const metadata = (item.metadata ?? {}) as { size?: number; mimetype?: string };
        return {
          storedName: item.name,
          displayName: decodeEvidenceName(item.name),
          path: `${folder}/${item.name}`,
          size: typeof metadata.size === "number" ? metadata.size : null,
          contentType: typeof metadata.mimetype === "string" ? metadata.mimetype : null,
          uploadedAt: item.created_at ?? null,
        };
      }),
  };
}

/** Evidence of many transactions, keyed by transaction id. */
export async function listEvidenceFor(
  supabase: SupabaseClient,
  transactions: ReadonlyArray<Pick<Transaction, "id" | "contractor_organization_id">>,
): Promise<Result<Record<string, EvidenceFile[]>>> {
  const results = await Promise.all(
    transactions.map(async (tx) => [tx.id, await listEvidence(supabase, { contractorId: tx.contractor_organization_id, transactionId: tx.id })] as const),
  );
  const byTransaction: Record<string, EvidenceFile[]> = {};
  for (const [id, result] of results) {
    if (!result.ok) return result;
    byTransaction[id] = result.data;
  }
  return { ok: true, data: byTransaction };
}

export type UploadableFile = { name: string; bytes: Uint8Array; contentType: string };

/**
 * Uploads files to a proposed transaction. All or nothing: when one upload fails, the ones
 * already stored are removed again and the failure is returned.
 */
export async function uploadEvidence(
  supabase: SupabaseClient,
  { contractorId, transactionId, files }: { contractorId: string; transactionId: string; files: UploadableFile[] },
): Promise<Result<string[]>> {
  const stored: string[] = [];
  const now = new Date();
  for (const [index, file] of files.entries()) {
    const path = evidencePath(contractorId, transactionId, encodeEvidenceName(file.name, now, index));
    const { error } = await supabase.storage.from(EVIDENCE_BUCKET).upload(path, file.bytes, { contentType: file.contentType, upsert: false });
    if (error) {
      if (stored.length > 0) await supabase.storage.from(EVIDENCE_BUCKET).remove(stored);
      const status = (error as { statusCode?: string | number }).statusCode;
      const code = Number(status);
      if (code === 403 || code === 401) return { ok: false, error: { status: 403, messageKey: "offsets.error.transaction_not_proposed" } };
      if (code === 413) return { ok: false, error: { status: 413, messageKey: "offsets.validation.file_too_large", field: "evidence" } };
      if (code === 400 || code === 415) return { ok: false, error: { status: 400, messageKey: "offsets.validation.file_type", field: "evidence" } };
      return { ok: false, error: { status: 503, messageKey: "offsets.error.unavailable" } };
    }
    stored.push(path);
  }
  return { ok: true, data: stored };
}

export async function deleteEvidence(supabase: SupabaseClient, { path }: { path: string }): Promise<Result<null>> {
  const { data, error } = await supabase.storage.from(EVIDENCE_BUCKET).remove([path]);
  if (error) return { ok: false, error: { status: 503, messageKey: "offsets.error.unavailable" } };
  // Storage answers an empty list when row-level security hid the object (or it is gone).
  if (!data || data.length === 0) return { ok: false, error: { status: 403, messageKey: "offsets.error.transaction_not_proposed" } };
  return { ok: true, data: null };
}

export async function downloadEvidence(supabase: SupabaseClient, { path }: { path: string }): Promise<Result<Blob>> {
  const { data, error } = await supabase.storage.from(EVIDENCE_BUCKET).download(path);
  if (error || !data) {
    const code = Number((error as { statusCode?: string | number } | null)?.statusCode ?? 0);
    if (code === 400 || code === 404 || code === 403) return { ok: false, error: { status: 404, messageKey: "offsets.error.not_found" } };
    return { ok: false, error: { status: 503, messageKey: "offsets.error.unavailable" } };
  }
  return { ok: true, data };
}

// Ledger and bank -----------------------------------------------------------------------------

export async function listLedger(
  supabase: SupabaseClient,
  filter: { agreementId?: string; contractorIds?: string[]; reviewerIds?: string[]; account?: "agreement" | "bank" },
): Promise<Result<LedgerRow[]>> {
  let query = supabase.from("offset_ledger_entries").select(LEDGER_COLUMNS).order("id", { ascending: true }).limit(5000);
  if (filter.agreementId) query = query.eq("agreement_id", filter.agreementId);
  if (filter.contractorIds) query = query.in("contractor_organization_id", filter.contractorIds);
  if (filter.reviewerIds) query = query.in("reviewer_organization_id", filter.reviewerIds);
  if (filter.account) query = query.eq("account", filter.account);
  const { data, error } = await query;
  if (error) return failure(error);
  return { ok: true, data: ((data ?? []) as unknown as LedgerRecord[]).map(toLedgerRow) };
}

export async function listBankLots(supabase: SupabaseClient, { contractorIds }: { contractorIds: string[] }): Promise<Result<BankLotRow[]>> {
  if (contractorIds.length === 0) return { ok: true, data: [] };
  const { data, error } = await supabase
    .from("offset_bank_lots")
    .select(
      "lot_id, contractor_organization_id, reviewer_organization_id, currency, source_kind, transaction_id, source_agreement_id, " +
        "counterparty_organization_id, banked_at, valid_until, opened_amount::text, remaining::text, expired",
    )
    .in("contractor_organization_id", contractorIds)
    .order("valid_until");
  if (error) return failure(error);
  return { ok: true, data: (data ?? []) as unknown as BankLotRow[] };
}

export async function listBankBalances(supabase: SupabaseClient, { contractorIds }: { contractorIds: string[] }): Promise<Result<BankBalanceRow[]>> {
  if (contractorIds.length === 0) return { ok: true, data: [] };
  const { data, error } = await supabase
    .from("offset_bank_balances")
    .select(
      "contractor_organization_id, reviewer_organization_id, currency, available::text, expiring_within_90_days::text, expired_not_written_off::text, next_expiry",
    )
    .in("contractor_organization_id", contractorIds);
  if (error) return failure(error);
  return { ok: true, data: (data ?? []) as BankBalanceRow[] };
}

export async function listBankRequests(
  supabase: SupabaseClient,
  filter: { contractorIds?: string[]; reviewerIds?: string[]; statuses?: BankRequestStatus[]; targetAgreementId?: string },
): Promise<Result<BankRequest[]>> {
  let query = supabase.from("offset_bank_requests").select(BANK_REQUEST_COLUMNS).order("requested_at", { ascending: false }).limit(500);
  if (filter.contractorIds) query = query.in("contractor_organization_id", filter.contractorIds);
  if (filter.reviewerIds) query = query.in("reviewer_organization_id", filter.reviewerIds);
  if (filter.statuses) query = query.in("status", filter.statuses);
  if (filter.targetAgreementId) query = query.eq("target_agreement_id", filter.targetAgreementId);
  const { data, error } = await query;
  if (error) return failure(error);
  return { ok: true, data: (data ?? []) as unknown as BankRequest[] };
}

export async function requestBankUse(
  supabase: SupabaseClient,
  input: {
    kind: "application" | "transfer";
    contractorId: string;
    reviewerId: string;
    currency: string;
    amount: string;
    requestKey: string;
    targetAgreementId?: string;
    targetOrganizationId?: string;
    note?: string;
  },
): Promise<Result<{ bank_request_id: string; replayed: boolean }>> {
  const { data, error } = await supabase.rpc("offset_request_bank_use", {
    kind: input.kind,
    contractor_organization_id: input.contractorId,
    reviewer_organization_id: input.reviewerId,
    currency: input.currency,
    amount: input.amount,
    request_key: input.requestKey,
    target_agreement_id: input.targetAgreementId ?? null,
    target_organization_id: input.targetOrganizationId ?? null,
    note: input.note ?? null,
  });
  if (error) return failure(error);
  return { ok: true, data: data as { bank_request_id: string; replayed: boolean } };
}

export async function withdrawBankRequest(supabase: SupabaseClient, { id }: { id: string }): Promise<Result<BankRequestStatus>> {
  const { data, error } = await supabase.rpc("offset_withdraw_bank_request", { bank_request_id: id });
  if (error) return failure(error);
  return { ok: true, data: data as BankRequestStatus };
}

export async function decideBankRequest(
  supabase: SupabaseClient,
  input: { id: string; decision: "approve" | "reject"; comment?: string; requestKey: string },
): Promise<Result<PostingResult>> {
  const { data, error } = await supabase.rpc("offset_decide_bank_request", {
    bank_request_id: input.id,
    decision: input.decision,
    comment: input.comment ?? null,
    request_key: input.requestKey,
  });
  if (error) return failure(error);
  return { ok: true, data: data as PostingResult };
}

export async function writeOffExpired(supabase: SupabaseClient, { contractorId }: { contractorId: string }): Promise<Result<string>> {
  const { data, error } = await supabase.rpc("offset_write_off_expired", { contractor_organization_id: contractorId });
  if (error) return failure(error);
  return { ok: true, data: String(data ?? "0") };
}
