import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { strToU8, zlibSync, zipSync, type Zippable } from "fflate";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { createTranslator, type Locale } from "~/i18n";
import type { Agreement, Category, LedgerRow, Transaction } from "~/models/offsets.server";
import { agreementBalance, type AgreementBalance } from "./ledger";
import { formatMoney, formatMultiplier, formatPercent } from "./money";

/*
 * The evidence pack of an agreement, one ZIP:
 *   README.txt        what is inside, in English and Korean
 *   summary.pdf       agreement, balances, transactions and the need → EOI → award → transaction
 *                     chain, in both languages (Noto Sans KR, embedded whole: see below)
 *   ledger.csv        every ledger row of the agreement, with the chain of the transaction behind it
 *   transactions.csv  every transaction with its chain and its evidence files
 *   evidence/…        every evidence file, one folder per transaction
 *   SHA256SUMS.txt    checksums of all of the above, so a reviewer can tell the pack is intact
 */

export type EvidenceFileContent = { transactionId: string; displayName: string; bytes: Uint8Array };

export type EvidencePackInput = {
  generatedAt: Date;
  agreement: Agreement;
  categories: Category[];
  transactions: Transaction[];
  ledger: LedgerRow[];
  files: EvidenceFileContent[];
};

const require = createRequire(import.meta.url);
let fontBytes: Uint8Array | null = null;
let fontDeflated: Uint8Array | null = null;

/** Noto Sans KR Regular (SIL Open Font License 1.1) from @embedpdf/fonts-kr. */
function koreanFont(): Uint8Array {
  if (!fontBytes) {
    const packageMain = require.resolve("@embedpdf/fonts-kr");
    fontBytes = new Uint8Array(fs.readFileSync(path.join(path.dirname(packageMain), "..", "fonts", "NotoSansKR-Regular.otf")));
  }
  return fontBytes;
}

/**
 * pdf-lib deflates the embedded font program on every save (about a second for this 4.5 MB
 * font). The program never changes, so it is compressed once per process and handed to pdf-lib
 * ready-made; every other stream goes through pdf-lib's own compression.
 */
function reuseCompressedFont(doc: PDFDocument) {
  const context = doc.context;
  const compress = context.flateStream.bind(context);
  context.flateStream = (contents, dict = {}) => {
    const font = koreanFont();
    if (contents instanceof Uint8Array && contents.byteLength === font.byteLength) {
      fontDeflated ??= zlibSync(font, { level: 6 });
      return context.stream(fontDeflated, { ...dict, Filter: "FlateDecode" });
    }
    return compress(contents, dict);
  };
}

// CSV --------------------------------------------------------------------------------------------

/** One CSV cell. Text that a spreadsheet would run as a formula is prefixed with an apostrophe. */
function csvCell(value: string | number | null | undefined, options: { text?: boolean } = {}): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (options.text && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csv(header: string[], rows: Array<Array<string>>): string {
  // A byte-order mark so spreadsheet programs read Korean text as UTF-8.
  return `\uFEFF${[header.join(","), ...rows.map((row) => row.join(","))].join("\r\n")}\r\n`;
}

function needTitle(tx: Transaction | undefined): string {
  const need = tx?.chain.need;
  if (!need) return "";
  return [need.title_en, need.title_ko].filter(Boolean).join(" / ");
}

function smeName(tx: Transaction | undefined): string {
  if (!tx) return "";
  const sme = tx.chain.sme ?? tx.sme ?? null;
  if (sme) return [sme.name_en, sme.name_ko].filter(Boolean).join(" / ");
  return tx.counterparty_name ?? "";
}

export function ledgerCsv(input: Pick<EvidencePackInput, "ledger" | "transactions">): string {
  const transactions = new Map(input.transactions.map((tx) => [tx.id, tx]));
  const header = [
    "entry_id", "created_at", "created_by", "entry_group", "kind", "account", "amount", "currency", "agreement_id",
    "bank_lot_id", "valid_until", "reverses_entry_id", "transaction_id", "transaction_title", "need_id", "need_title",
    "eoi_id", "awarded_at", "sme", "bank_request_id", "memo",
  ];
  const rows = input.ledger.map((entry) => {
    const tx = entry.transactionId ? transactions.get(entry.transactionId) : undefined;
    return [
      csvCell(entry.id),
      csvCell(entry.createdAt),
      csvCell(entry.createdByName, { text: true }),
      csvCell(entry.entryGroup),
      csvCell(entry.kind),
      csvCell(entry.account),
      csvCell(entry.amount),
      csvCell(entry.currency),
      csvCell(entry.agreementId),
      csvCell(entry.bankLotId),
      csvCell(entry.validUntil),
      csvCell(entry.reversesEntryId),
      csvCell(entry.transactionId),
      csvCell(tx?.title, { text: true }),
      csvCell(tx?.chain.need?.id ?? tx?.need_id),
      csvCell(needTitle(tx), { text: true }),
      csvCell(tx?.chain.eoi?.id ?? tx?.eoi_id),
      csvCell(tx?.chain.award?.awarded_at),
      csvCell(smeName(tx), { text: true }),
      csvCell(entry.bankRequestId),
      csvCell(entry.memo, { text: true }),
    ];
  });
  return csv(header, rows);
}

function evidenceFolderName(tx: Pick<Transaction, "id">): string {
  return `evidence/${tx.id}`;
}

/** A file name unique within its folder, safe inside a ZIP on every platform. */
function zipFileName(name: string, taken: Set<string>): string {
  const cleaned = name.replace(/[\u0000-\u001f\u007f"<>|:*?\\/]/g, "_").trim() || "document";
  let candidate = cleaned;
  let counter = 2;
  while (taken.has(candidate)) {
    const dot = cleaned.lastIndexOf(".");
    candidate = dot > 0 ? `${cleaned.slice(0, dot)} (${counter})${cleaned.slice(dot)}` : `${cleaned} (${counter})`;
    counter++;
  }
  taken.add(candidate);
  return candidate;
}

export function transactionsCsv(input: Pick<EvidencePackInput, "transactions" | "ledger">, filesByTransaction: Map<string, string[]>): string {
  const header = [
    "transaction_id", "status", "title", "category", "transaction_date", "value", "currency", "exchange_rate", "multiplier",
    "credit_value", "credit_currency", "need_id", "need_title", "eoi_id", "eoi_submitted_at", "awarded_at", "sme",
    "submitted_at", "decided_at", "review_comment", "credited_at", "reversed_at", "ledger_entry_ids", "evidence_files",
  ];
  const rows = input.transactions.map((tx) => [
    csvCell(tx.id),
    csvCell(tx.status),
    csvCell(tx.title, { text: true }),
    csvCell(tx.category_code),
    csvCell(tx.transaction_date),
    csvCell(tx.value),
    csvCell(tx.currency),
    csvCell(tx.exchange_rate),
    csvCell(tx.multiplier),
    csvCell(tx.credit_value),
    csvCell(tx.credit_currency),
    csvCell(tx.chain.need?.id ?? tx.need_id),
    csvCell(needTitle(tx), { text: true }),
    csvCell(tx.chain.eoi?.id ?? tx.eoi_id),
    csvCell(tx.chain.eoi?.submitted_at),
    csvCell(tx.chain.award?.awarded_at),
    csvCell(smeName(tx), { text: true }),
    csvCell(tx.submitted_at),
    csvCell(tx.decided_at),
    csvCell(tx.review_comment, { text: true }),
    csvCell(tx.credited_at),
    csvCell(tx.reversed_at),
    csvCell(input.ledger.filter((entry) => entry.transactionId === tx.id).map((entry) => entry.id).join(" ")),
    csvCell((filesByTransaction.get(tx.id) ?? []).join(" | "), { text: true }),
  ]);
  return csv(header, rows);
}

// PDF --------------------------------------------------------------------------------------------

const PAGE = { width: 595.28, height: 841.89, margin: 48 };
const INK = rgb(0.1, 0.12, 0.16);
const MUTED = rgb(0.38, 0.42, 0.48);
const RULE = rgb(0.8, 0.83, 0.87);

class PdfWriter {
  page: PDFPage;
  y: number;
  pages: PDFPage[] = [];
  constructor(
    private readonly doc: PDFDocument,
    readonly font: PDFFont,
  ) {
    this.page = this.newPage();
    this.y = PAGE.height - PAGE.margin;
  }

  private newPage() {
    const page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(page);
    this.y = PAGE.height - PAGE.margin;
    return page;
  }

  ensure(height: number) {
    if (this.y - height < PAGE.margin + 20) this.page = this.newPage();
  }

  private readonly widths = new Map<string, number>();

  /** Width of a piece of text, cached: laying out text in this large font is the slow part. */
  width(text: string, size: number): number {
    let unit = this.widths.get(text);
    if (unit === undefined) {
      unit = this.font.widthOfTextAtSize(text, 1000);
      this.widths.set(text, unit);
    }
    return (unit * size) / 1000;
  }

  /** Splits text into lines that fit: at spaces for Latin text, anywhere inside Korean words. */
  wrap(text: string, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      let line = "";
      let lineWidth = 0;
      const tokens = paragraph.match(/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]|\S+|\s+/g) ?? [""];
      for (const token of tokens) {
        const tokenWidth = this.width(token, size);
        if (lineWidth + tokenWidth <= width) {
          line += token;
          lineWidth += tokenWidth;
        } else if (tokenWidth > width) {
          // A single token wider than the line: cut it by characters.
          for (const char of [...token]) {
            const charWidth = this.width(char, size);
            if (lineWidth + charWidth > width && line !== "") {
              lines.push(line.trimEnd());
              line = "";
              lineWidth = 0;
            }
            line += char;
            lineWidth += charWidth;
          }
        } else {
          lines.push(line.trimEnd());
          line = token.trimStart();
          lineWidth = this.width(line, size);
        }
      }
      lines.push(line.trimEnd());
    }
    return lines;
  }

  text(text: string, options: { size?: number; color?: ReturnType<typeof rgb>; indent?: number; gap?: number } = {}) {
    const size = options.size ?? 10;
    const indent = options.indent ?? 0;
    for (const line of this.wrap(text, size, PAGE.width - 2 * PAGE.margin - indent)) {
      this.ensure(size * 1.45);
      this.page.drawText(line, { x: PAGE.margin + indent, y: this.y - size, size, font: this.font, color: options.color ?? INK });
      this.y -= size * 1.45;
    }
    this.y -= options.gap ?? 0;
  }

  heading(text: string) {
    this.ensure(40);
    this.y -= 8;
    this.text(text, { size: 13, gap: 2 });
    this.page.drawLine({ start: { x: PAGE.margin, y: this.y }, end: { x: PAGE.width - PAGE.margin, y: this.y }, thickness: 0.6, color: RULE });
    this.y -= 8;
  }

  /** Label and value side by side: the bilingual label on the left. */
  pair(label: string, value: string) {
    const size = 9.5;
    const labelWidth = 190;
    const valueLines = this.wrap(value, size, PAGE.width - 2 * PAGE.margin - labelWidth);
    const labelLines = this.wrap(label, size, labelWidth - 10);
    const lines = Math.max(valueLines.length, labelLines.length);
    this.ensure(lines * size * 1.45);
    labelLines.forEach((line, index) =>
      this.page.drawText(line, { x: PAGE.margin, y: this.y - size - index * size * 1.45, size, font: this.font, color: MUTED }),
    );
    valueLines.forEach((line, index) =>
      this.page.drawText(line, { x: PAGE.margin + labelWidth, y: this.y - size - index * size * 1.45, size, font: this.font, color: INK }),
    );
    this.y -= lines * size * 1.45 + 2;
  }

  footers(text: string) {
    this.pages.forEach((page, index) => {
      const label = `${text} · ${index + 1} / ${this.pages.length}`;
      page.drawText(label, { x: PAGE.margin, y: PAGE.margin / 2, size: 8, font: this.font, color: MUTED });
    });
  }
}

function both(key: Parameters<ReturnType<typeof createTranslator>>[0], params?: Record<string, string | number>) {
  const en = createTranslator("en")(key, params);
  const ko = createTranslator("ko")(key, params);
  return en === ko ? en : `${en} / ${ko}`;
}

function orgName(org: { name_en: string; name_ko: string | null } | null) {
  if (!org) return "—";
  return org.name_ko && org.name_ko !== org.name_en ? `${org.name_en} / ${org.name_ko}` : org.name_en;
}

function moneyBoth(amount: string, currency: string) {
  return formatMoney(amount, currency, "en");
}

export async function summaryPdf(input: EvidencePackInput, balance: AgreementBalance): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  reuseCompressedFont(doc);
  // Embedded whole: pdf-lib's subsetting of this CFF (OTF) font draws Hangul as empty boxes, and
  // contextual alternates (calt) swap spaces for a glyph viewers render too wide.
  const font = await doc.embedFont(koreanFont(), { subset: false, features: { calt: false } });
  const { agreement } = input;
  doc.setTitle(`Offset evidence pack · 절충교역 증빙 자료 · ${agreement.program}`);
  doc.setAuthor("ClusterMatch");
  doc.setCreationDate(input.generatedAt);
  doc.setModificationDate(input.generatedAt);
  doc.setLanguage("ko-KR");

  const pdf = new PdfWriter(doc, font);
  pdf.text(both("offsets.pack.title"), { size: 18, gap: 4 });
  pdf.text(agreement.program, { size: 13, gap: 2 });
  pdf.text(`${both("offsets.pack.generated_at")}: ${input.generatedAt.toISOString()}`, { size: 9, color: MUTED, gap: 6 });

  const en = createTranslator("en");
  const ko = createTranslator("ko");
  const status = (key: Parameters<typeof en>[0]) => `${en(key)} / ${ko(key)}`;

  pdf.heading(both("offsets.pack.agreement"));
  pdf.pair(both("offsets.field.program"), agreement.program);
  if (agreement.reference) pdf.pair(both("offsets.field.reference"), agreement.reference);
  pdf.pair(both("offsets.field.contractor"), orgName(agreement.contractor));
  pdf.pair(both("offsets.field.reviewer"), orgName(agreement.reviewer));
  pdf.pair(both("offsets.field.status"), status(`offsets.agreement_status.${agreement.status}`));
  pdf.pair(both("offsets.field.contract_value"), moneyBoth(agreement.contract_value, agreement.currency));
  pdf.pair(both("offsets.field.obligation_percent"), formatPercent(agreement.obligation_percent, "en"));
  pdf.pair(both("offsets.field.deadline"), agreement.deadline);
  pdf.pair(both("offsets.field.penalty_rate_percent"), formatPercent(agreement.penalty_rate_percent, "en"));

  pdf.heading(both("offsets.pack.balances"));
  pdf.pair(both("offsets.balance.obligation"), moneyBoth(balance.obligation, agreement.currency));
  pdf.pair(both("offsets.balance.credited"), moneyBoth(balance.credited, agreement.currency));
  pdf.pair(both("offsets.balance.pending"), moneyBoth(balance.pending, agreement.currency));
  pdf.pair(both("offsets.balance.remaining"), moneyBoth(balance.remaining, agreement.currency));
  pdf.pair(both("offsets.balance.fulfilment"), formatPercent(balance.fulfilmentPercent, "en"));
  pdf.pair(both("offsets.balance.penalty_exposure"), moneyBoth(balance.penaltyExposure, agreement.currency));

  pdf.heading(both("offsets.pack.multipliers"));
  for (const category of input.categories) {
    pdf.pair(
      `${category.name_en} / ${category.name_ko}`,
      `${formatMultiplier(category.multiplier, "en")} · ${both("offsets.category.sme_multiplier")} ${formatMultiplier(category.sme_multiplier, "en")}`,
    );
  }

  pdf.heading(both("offsets.pack.transactions"));
  if (input.transactions.length === 0) pdf.text(both("offsets.transactions.empty"), { color: MUTED });
  for (const tx of input.transactions) {
    pdf.ensure(90);
    pdf.text(`${tx.transaction_date} · ${tx.title}`, { size: 10.5, gap: 1 });
    pdf.pair(both("offsets.field.status"), status(`offsets.transaction_status.${tx.status}`));
    pdf.pair(both("offsets.field.counterparty"), smeName(tx) || "—");
    pdf.pair(
      both("offsets.field.credit_value"),
      `${moneyBoth(tx.value, tx.currency)}${tx.currency !== tx.credit_currency ? ` × ${tx.exchange_rate}` : ""} × ${formatMultiplier(tx.multiplier, "en")} = ${moneyBoth(tx.credit_value, tx.credit_currency)}`,
    );
    const chain = [
      tx.chain.need ? `${both("offsets.chain.need")}: ${needTitle(tx)} (${tx.chain.need.id})` : null,
      tx.chain.eoi ? `${both("offsets.chain.eoi")}: ${tx.chain.eoi.id}${tx.chain.eoi.submitted_at ? ` · ${tx.chain.eoi.submitted_at.slice(0, 10)}` : ""}` : null,
      tx.chain.award?.awarded_at ? `${both("offsets.chain.award")}: ${tx.chain.award.awarded_at.slice(0, 10)}` : null,
      `${both("offsets.chain.transaction")}: ${tx.id}`,
      tx.decided_at ? `${both("offsets.chain.decision")}: ${tx.decided_at.slice(0, 10)}${tx.review_comment ? ` — ${tx.review_comment}` : ""}` : null,
    ].filter((line): line is string => line !== null);
    pdf.pair(both("offsets.chain.title"), chain.join("\n→ "));
    pdf.y -= 4;
  }

  pdf.heading(both("offsets.pack.ledger"));
  if (input.ledger.length === 0) pdf.text(both("offsets.ledger.empty"), { color: MUTED });
  for (const entry of input.ledger) {
    pdf.text(
      `#${entry.id} · ${entry.createdAt.slice(0, 10)} · ${status(`offsets.entry_kind.${entry.kind}`)} · ${status(`offsets.account.${entry.account}`)} · ${moneyBoth(entry.amount, entry.currency)}${entry.reversesEntryId ? ` · ↺ #${entry.reversesEntryId}` : ""}`,
      { size: 9 },
    );
  }

  pdf.footers(`ClusterMatch · ${agreement.program}`);
  return doc.save({ objectsPerTick: Number.POSITIVE_INFINITY });
}

// ZIP --------------------------------------------------------------------------------------------

function readme(input: EvidencePackInput): string {
  const lines = (locale: Locale) => {
    const t = createTranslator(locale);
    return [
      t("offsets.pack.title"),
      `${input.agreement.program} (${input.agreement.id})`,
      `${t("offsets.pack.generated_at")}: ${input.generatedAt.toISOString()}`,
      "",
      `summary.pdf — ${t("offsets.pack.readme_pdf")}`,
      `ledger.csv — ${t("offsets.pack.readme_ledger")}`,
      `transactions.csv — ${t("offsets.pack.readme_transactions")}`,
      `evidence/ — ${t("offsets.pack.readme_evidence")}`,
      `SHA256SUMS.txt — ${t("offsets.pack.readme_checksums")}`,
    ].join("\r\n");
  };
  return `${lines("en")}\r\n\r\n${lines("ko")}\r\n`;
}

export async function buildEvidencePack(input: EvidencePackInput): Promise<Uint8Array> {
  const balance = agreementBalance({
    agreementId: input.agreement.id,
    obligation: input.agreement.obligation_value,
    penaltyRatePercent: input.agreement.penalty_rate_percent,
    entries: input.ledger,
    pendingCredits: input.transactions.filter((tx) => tx.status === "submitted" || tx.status === "approved").map((tx) => tx.credit_value),
  });

  const entries: Record<string, Uint8Array> = {};
  const filesByTransaction = new Map<string, string[]>();
  const namesByFolder = new Map<string, Set<string>>();
  const transactionsById = new Map(input.transactions.map((tx) => [tx.id, tx]));
  for (const file of input.files) {
    const tx = transactionsById.get(file.transactionId);
    if (!tx) continue;
    const folder = evidenceFolderName(tx);
    const taken = namesByFolder.get(folder) ?? new Set<string>();
    namesByFolder.set(folder, taken);
    const name = zipFileName(file.displayName, taken);
    entries[`${folder}/${name}`] = file.bytes;
    filesByTransaction.set(tx.id, [...(filesByTransaction.get(tx.id) ?? []), `${folder}/${name}`]);
  }

  entries["README.txt"] = strToU8(readme(input));
  entries["summary.pdf"] = await summaryPdf(input, balance);
  entries["ledger.csv"] = strToU8(ledgerCsv(input));
  entries["transactions.csv"] = strToU8(transactionsCsv(input, filesByTransaction));
  const sums = Object.keys(entries)
    .sort()
    .map((name) => `${createHash("sha256").update(entries[name]!).digest("hex")}  ${name}`)
    .join("\n");
  entries["SHA256SUMS.txt"] = strToU8(`${sums}\n`);

  const zippable: Zippable = {};
  const mtime = input.generatedAt;
  for (const [name, bytes] of Object.entries(entries)) {
    // The PDF's font stream and images are compressed already.
    zippable[name] = [bytes, { level: /\.(pdf|png|jpe?g|zip|docx|xlsx)$/i.test(name) ? 0 : 6, mtime }];
  }
  return zipSync(zippable);
}
