import { createHash } from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from "pdf-lib";
import { describe, expect, it } from "vitest";
import type { Agreement, Category, LedgerRow, Transaction } from "~/models/offsets.server";
import { buildEvidencePack, ledgerCsv } from "./evidence-pack.server";

const AGREEMENT_ID = "11111111-1111-4111-8111-111111111111";
const TX_ID = "22222222-2222-4222-8222-222222222222";

const agreement: Agreement = {
  id: AGREEMENT_ID,
  contractor_organization_id: "33333333-3333-4333-8333-333333333333",
  reviewer_organization_id: "44444444-4444-4444-8444-444444444444",
  program: "KF-21 avionics offset",
  reference: "DAPA-2026-001",
  contract_value: "1000000.00",
  currency: "USD",
  obligation_percent: "50.000",
  obligation_value: "500000.00",
  deadline: "2031-12-31",
  penalty_rate_percent: "10.000",
  bank_validity_months: 60,
  notes: null,
  status: "active",
  submitted_at: "2026-01-02T00:00:00Z",
  decided_at: "2026-01-03T00:00:00Z",
  review_comment: null,
  closed_at: null,
  created_at: "2026-01-01T00:00:00Z",
  contractor: { id: "33333333-3333-4333-8333-333333333333", kind: "contractor", name_en: "Cobalt Ridge Aerospace", name_ko: "코발트리지 에어로스페이스" },
  reviewer: { id: "44444444-4444-4444-8444-444444444444", kind: "government_reviewer", name_en: "Offset Review Office", name_ko: "절충교역 심사팀" },
};

const categories: Category[] = [
  { id: "c1", code: "technology_transfer", name_en: "Technology transfer", name_ko: "기술이전", multiplier: "2.000", sme_multiplier: "3.000", sort_order: 40 },
];

const transaction: Transaction = {
  id: TX_ID,
  contractor_organization_id: agreement.contractor_organization_id,
  reviewer_organization_id: agreement.reviewer_organization_id,
  agreement_id: AGREEMENT_ID,
  category_code: "technology_transfer",
  title: "=HYPERLINK(\"http://evil\") FSW training",
  description: null,
  need_id: "55555555-5555-4555-8555-555555555555",
  eoi_id: "66666666-6666-4666-8666-666666666666",
  chain: {
    need: { id: "55555555-5555-4555-8555-555555555555", kind: "technology_transfer", title_en: "Transfer of friction stir welding", title_ko: "마찰교반용접 기술이전" },
    eoi: { id: "66666666-6666-4666-8666-666666666666", scope: "full", status: "awarded", submitted_at: "2026-02-01T00:00:00Z" },
    award: { awarded_at: "2026-02-15T00:00:00Z" },
    sme: { id: "77777777-7777-4777-8777-777777777777", name_en: "Redwood Kite Works", name_ko: "붉은솔개웍스" },
  },
  sme_organization_id: "77777777-7777-4777-8777-777777777777",
  counterparty_name: null,
  counterparty_is_sme: true,
  value: "100000.00",
  currency: "USD",
  exchange_rate: "1.00000000",
  credit_currency: "USD",
  multiplier: "3.000",
  credit_value: "300000.00",
  transaction_date: "2026-03-01",
  status: "credited",
  submitted_at: "2026-03-02T00:00:00Z",
  decided_at: "2026-03-03T00:00:00Z",
  review_comment: "증빙 확인",
  credited_at: "2026-03-03T00:00:00Z",
  bank_valid_until: null,
  reversed_at: null,
  reversal_reason: null,
  created_at: "2026-03-01T00:00:00Z",
  sme: { id: "77777777-7777-4777-8777-777777777777", kind: "sme", name_en: "Redwood Kite Works", name_ko: "붉은솔개웍스" },
  contractor: agreement.contractor,
  agreement: { id: AGREEMENT_ID, program: agreement.program, currency: "USD" },
};

const ledger: LedgerRow[] = [
  {
    id: 7,
    entryGroup: "88888888-8888-4888-8888-888888888888",
    account: "agreement",
    kind: "credit",
    agreementId: AGREEMENT_ID,
    amount: "300000.00",
    currency: "USD",
    bankLotId: null,
    validUntil: null,
    reversesEntryId: null,
    createdAt: "2026-03-03T00:00:00Z",
    contractorOrganizationId: agreement.contractor_organization_id,
    reviewerOrganizationId: agreement.reviewer_organization_id,
    transactionId: TX_ID,
    bankRequestId: null,
    counterpartyOrganizationId: null,
    memo: "FSW training",
    createdByName: "이정민",
  },
];

/** Text drawn on the PDF's pages, decoded through the font's ToUnicode map as a reader would. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const context = doc.context;
  const decode = (object: unknown) => {
    const stream = object instanceof PDFRef ? context.lookup(object) : object;
    if (!(stream instanceof PDFRawStream)) throw new Error("expected a stream");
    return new TextDecoder("latin1").decode(decodePDFRawStream(stream).decode());
  };
  let text = "";
  for (const page of doc.getPages()) {
    const fonts = page.node.Resources()?.lookup(PDFName.of("Font"), PDFDict);
    const cmap = new Map<string, string>();
    for (const [, ref] of fonts?.entries() ?? []) {
      const font = context.lookup(ref, PDFDict);
      const source = decode(font.get(PDFName.of("ToUnicode")));
      for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
        for (const [, glyph, unicode] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
          const units = unicode!.match(/.{4}/g)!.map((hex) => parseInt(hex, 16));
          cmap.set(glyph!.toUpperCase(), String.fromCharCode(...units));
        }
      }
    }
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray() : [contents];
    for (const stream of streams) {
      for (const [, hex] of decode(stream).matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
        text += `${hex!.match(/.{4}/g)?.map((glyph) => cmap.get(glyph.toUpperCase()) ?? "\uFFFD").join("") ?? ""}\n`;
      }
    }
  }
  return text;
}

// Embedding the whole Korean font makes each pack take about a second, more on a busy machine.
describe("evidence pack", () => {
  it("holds the summary, ledger, transactions, every evidence file and their checksums", async () => {
    const evidence = new TextEncoder().encode("%PDF-1.4 evidence");
    const zip = await buildEvidencePack({
      generatedAt: new Date("2026-03-04T00:00:00Z"),
      agreement,
      categories,
      transactions: [transaction],
      ledger,
      files: [
        { transactionId: TX_ID, displayName: "계약서.pdf", bytes: evidence },
        { transactionId: TX_ID, displayName: "계약서.pdf", bytes: evidence },
        { transactionId: "not-in-this-agreement", displayName: "stray.pdf", bytes: evidence },
      ],
    });
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(
      [
        "README.txt",
        "SHA256SUMS.txt",
        `evidence/${TX_ID}/계약서 (2).pdf`,
        `evidence/${TX_ID}/계약서.pdf`,
        "ledger.csv",
        "summary.pdf",
        "transactions.csv",
      ].sort(),
    );
    expect(files[`evidence/${TX_ID}/계약서.pdf`]).toEqual(evidence);

    const sums = strFromU8(files["SHA256SUMS.txt"]!).trim().split("\n");
    expect(sums).toHaveLength(6);
    for (const line of sums) {
      const [hash, name] = line.split(/\s{2}/);
      expect(createHash("sha256").update(files[name!]!).digest("hex")).toBe(hash);
    }

    const transactions = strFromU8(files["transactions.csv"]!);
    expect(transactions).toContain(`evidence/${TX_ID}/계약서.pdf | evidence/${TX_ID}/계약서 (2).pdf`);
    expect(transactions).toContain("마찰교반용접 기술이전");
    expect(transactions).toContain("2026-02-15T00:00:00Z");
  }, 60_000);

  it("writes a bilingual PDF summary whose Korean text maps back to Hangul", async () => {
    const zip = await buildEvidencePack({ generatedAt: new Date("2026-03-04T00:00:00Z"), agreement, categories, transactions: [transaction], ledger, files: [] });
    const pdf = unzipSync(zip)["summary.pdf"]!;
    expect(strFromU8(pdf.slice(0, 5))).toBe("%PDF-");
    const text = await pdfText(pdf);
    expect(text).toContain("Offset evidence pack / 절충교역 증빙 자료 묶음");
    expect(text).toContain("코발트리지 에어로스페이스");
    expect(text).toContain("USD 300,000.00");
    expect(text).toContain("마찰교반용접 기술이전");
    expect(text).toContain("60%");
    expect(text).not.toContain("\uFFFD");
  }, 60_000);

  it("keeps spreadsheet formulas out of the CSV and the ledger's chain columns filled", () => {
    const csv = ledgerCsv({ ledger, transactions: [transaction] });
    const [header, row] = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(header!.split(",")).toContain("awarded_at");
    expect(row).toContain(`"'=HYPERLINK(""http://evil"") FSW training"`);
    expect(row).toContain("2026-02-15T00:00:00Z");
    expect(row).toContain("Redwood Kite Works / 붉은솔개웍스");
    expect(row).toContain(",300000.00,USD,");
  });
});
