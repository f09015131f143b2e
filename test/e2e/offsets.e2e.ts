import { createHash } from "node:crypto";
import fs from "node:fs";
import { unzipSync, zlibSync } from "fflate";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { SEED_USER_PASSWORD } from "~/utils/seed-users";
import { launchBrowser, screenshot } from "./browser.ts";
import { appUrl, jsErrorsOf, newPage, signIn } from "./session.ts";

/*
 * Issue #9's acceptance scenario, through the browser: a contractor records a transaction from
 * an awarded EOI on the seeded agreement, the reviewer approves it, the agreement's credited
 * balance and fulfilment rise by value × multiplier, and the evidence pack holds the ledger, the
 * PDF summary, the uploaded files byte for byte and the chain need → EOI → award → transaction.
 */

const AGREEMENT_ID = "a0ff5e70-0000-4000-8000-000000000001";
// The machine these run on is shared by many test stacks at once: a page load or a server-built
// download can take far longer than session.ts's 15 s default without anything being wrong.
const PATIENCE_MS = 90_000;

async function openActor(browser: Browser) {
  const opened = await newPage(browser);
  opened.context.setDefaultTimeout(PATIENCE_MS);
  return opened;
}

let browser: Browser;
let db: pg.Client;
beforeAll(async () => {
  browser = await launchBrowser();
  db = new pg.Client({ connectionString: inject("stack").databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await browser?.close();
  await db?.end();
});

// Evidence files built here, so the test knows every byte it uploaded ----------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A valid 4×4 RGB PNG (a small gradient), decodable by any image viewer. */
function samplePng(): Buffer {
  const width = 4;
  const height = 4;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter method, no interlace
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < width; x++) rows.push(x * 60, y * 60, 200);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", zlibSync(new Uint8Array(rows))),
    pngChunk("IEND", new Uint8Array()),
  ]);
}

/** A valid one-page PDF with a correct cross-reference table. */
function samplePdf(text: string): Buffer {
  const stream = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

// Reading what the pages and the pack say ---------------------------------------------------------

/** "USD 18,000,000.00" → 1800000000n (cents). */
function centsOf(text: string): bigint {
  const match = /(-?)([\d,]+)\.(\d{2})/.exec(text.replace(/\s/g, " "));
  if (!match) throw new Error(`Not an amount: ${text}`);
  return BigInt(`${match[1]}${match[2]!.replaceAll(",", "")}${match[3]}`);
}

/** A decimal string with up to `scale` places as an integer of that scale ("1.5", 3 → 1500n). */
function scaled(text: string, scale: number): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match || (match[2]?.length ?? 0) > scale) throw new Error(`Not a decimal with ${scale} places: ${text}`);
  return BigInt(match[1]! + (match[2] ?? "").padEnd(scale, "0"));
}

/** "15.63%" → 1563n (hundredths of a percent). */
function hundredthsOfPercent(text: string): bigint {
  const match = /^([\d,]+(?:\.\d{1,2})?)%$/.exec(text.trim());
  if (!match) throw new Error(`Not a percentage: ${text}`);
  return scaled(match[1]!.replaceAll(",", ""), 2);
}

/** round(part × 10000 / whole), half away from zero: a percentage in hundredths. */
function percentHundredths(part: bigint, whole: bigint): bigint {
  return (part * 20000n + whole) / (2n * whole);
}

async function balances(page: Page) {
  const read = async (name: string) => ((await page.locator(`[data-balance="${name}"]`).textContent()) ?? "").trim();
  return {
    obligation: centsOf(await read("obligation")),
    credited: centsOf(await read("credited")),
    pending: centsOf(await read("pending")),
    fulfilment: hundredthsOfPercent(await read("fulfilment")),
  };
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF), with the byte-order mark the pack writes. */
function parseCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const source = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && source[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += char;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  const [header, ...records] = rows;
  return records.map((record) => Object.fromEntries(header!.map((name, index) => [name, record[index] ?? ""])));
}

describe("offset credit from an awarded EOI to the evidence pack", () => {
  it("records, submits, approves, credits value × multiplier and packs the evidence", async () => {
    const title = `Friction stir welding cell acceptance ${Date.now()}`;
    const value = "123450.00"; // whole dollars: value × any three-decimal multiplier is exact in cents
    const pdfName = "세금계산서-2026.pdf";
    const pngName = "site-acceptance-photo.png";
    const pdfBytes = samplePdf(`Tax invoice for ${title}`);
    const pngBytes = samplePng();

    // The contractor reads the balances and records a transaction from an awarded EOI.
    const contractor = await openActor(browser);
    await signIn(contractor.page, "contractor@clustermatch.test", SEED_USER_PASSWORD);
    const agreementUrl = `${appUrl()}/offsets/${AGREEMENT_ID}`;
    await contractor.page.goto(agreementUrl);
    await contractor.page.waitForFunction(() => (window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized);
    const before = await balances(contractor.page);

    const record = contractor.page.getByRole("form", { name: "Record a transaction" });
    const eoiSelect = record.getByLabel("Awarded expression of interest", { exact: true });
    const eoiOptions = eoiSelect.locator("option:not([value=''])");
    expect(await eoiOptions.count()).toBeGreaterThan(0);
    const eoiId = (await eoiOptions.first().getAttribute("value"))!;
    await eoiSelect.selectOption(eoiId);

    // What the seed says about this EOI, read independently of the app.
    const { rows: eoiRows } = await db.query<{
      need_id: string;
      need_kind: string;
      need_title_en: string;
      sme_kind: string;
      submitted_at: string;
      awarded_at: string;
    }>(
      `select e.need_id::text, n.kind::text as need_kind, n.title_en as need_title_en, o.kind::text as sme_kind,
              to_jsonb(e.submitted_at) #>> '{}' as submitted_at, to_jsonb(e.decided_at) #>> '{}' as awarded_at
       from public.eois e join public.needs n on n.id = e.need_id join public.organizations o on o.id = e.sme_organization_id
       where e.id = $1 and e.status = 'awarded'`,
      [eoiId],
    );
    expect(eoiRows).toHaveLength(1);
    const eoi = eoiRows[0]!;
    expect(eoi.sme_kind).toBe("sme");

    // Choosing the EOI suggests the category of its need.
    const categorySelect = record.getByLabel(/^Category/);
    await expect.poll(() => categorySelect.inputValue()).toBe(eoi.need_kind);
    const categoryName = (await categorySelect.locator("option:checked").textContent())!.replace(/\s*\(.*$/, "").trim();

    // The multiplier of that category with an SME, as the agreement's multiplier table shows it.
    const multipliers = contractor.page.getByRole("table", { name: "Categories and multipliers" });
    const categoryRow = multipliers.getByRole("row").filter({ has: contractor.page.getByRole("rowheader", { name: categoryName, exact: true }) });
    const smeMultiplierText = ((await categoryRow.getByRole("cell").nth(1).textContent()) ?? "").replace("×", "").trim();
    const multiplier = scaled(smeMultiplierText, 3);
    const { rows: categoryRows } = await db.query<{ sme_multiplier: string }>(
      "select sme_multiplier::text from public.offset_categories where agreement_id = $1 and code = $2",
      [AGREEMENT_ID, eoi.need_kind],
    );
    expect(scaled(categoryRows[0]!.sme_multiplier, 3)).toBe(multiplier);
    const expectedCredit = (scaled(value, 2) * multiplier) / 1000n;
    expect((scaled(value, 2) * multiplier) % 1000n).toBe(0n);

    await record.getByLabel(/^Title/).fill(title);
    await record.getByLabel(/^Value/).fill(value);
    await record.getByLabel(/^Evidence documents/).setInputFiles([
      { name: pdfName, mimeType: "application/pdf", buffer: pdfBytes },
      { name: pngName, mimeType: "image/png", buffer: pngBytes },
    ]);
    await record.getByRole("button", { name: "Record transaction" }).click();
    await contractor.page.waitForURL(/[?&]notice=offsets\.transactions\.recorded/);
    const transactionId = new URL(contractor.page.url()).searchParams.get("transaction")!;
    expect(transactionId).toMatch(/^[0-9a-f-]{36}$/);

    const row = contractor.page.locator(`#transaction-${transactionId}`);
    await row.waitFor();
    expect(await row.getByRole("rowheader").textContent()).toContain(eoi.need_title_en);
    for (const name of [pdfName, pngName]) await row.getByRole("link", { name: `Download ${name}` }).waitFor();
    await screenshot(contractor.page, "offsets-01-recorded");

    await contractor.page.getByRole("button", { name: `Submit “${title}” for review` }).click();
    await contractor.page.waitForURL(/[?&]notice=offsets\.transactions\.submitted/);
    // The URL changes before React renders the new loader data: wait for the page to show it.
    await contractor.page.getByText("Submitted for review.", { exact: true }).waitFor();
    await expect.poll(async () => (await balances(contractor.page)).pending - before.pending).toBe(expectedCredit);
    expect((await balances(contractor.page)).credited).toBe(before.credited);

    // The reviewer approves it from the queue.
    const reviewer = await openActor(browser);
    await signIn(reviewer.page, "reviewer@clustermatch.test", SEED_USER_PASSWORD);
    await reviewer.page.goto(`${appUrl()}/review`);
    const decision = reviewer.page.getByRole("form", { name: `Decision on “${title}”` });
    await decision.getByRole("button", { name: "Approve" }).click();
    await reviewer.page.waitForURL(/[?&]notice=offsets\.review\.approved/);
    const approved = reviewer.page.getByText(/^Approved: .* credited to the agreement, .* banked\.$/);
    await approved.waitFor();
    const approvedText = (await approved.textContent())!;
    expect(centsOf(/Approved: (.*) credited/.exec(approvedText)![1]!)).toBe(expectedCredit);
    expect(centsOf(/agreement, (.*) banked/.exec(approvedText)![1]!)).toBe(0n);
    await expect.poll(() => reviewer.page.getByRole("form", { name: `Decision on “${title}”` }).count()).toBe(0);
    await screenshot(reviewer.page, "offsets-02-approved");

    // Fulfilment rose by value × multiplier.
    await contractor.page.goto(agreementUrl);
    const after = await balances(contractor.page);
    expect(after.obligation).toBe(before.obligation);
    expect(after.credited - before.credited).toBe(expectedCredit);
    expect(after.pending).toBe(before.pending);
    expect(before.fulfilment).toBe(percentHundredths(before.credited, before.obligation));
    expect(after.fulfilment).toBe(percentHundredths(before.credited + expectedCredit, after.obligation));
    const { rows: viewRows } = await db.query<{ credited: string; fulfilment_percent: string }>(
      "select credited::text, fulfilment_percent::text from public.offset_agreement_balances where agreement_id = $1",
      [AGREEMENT_ID],
    );
    expect(scaled(viewRows[0]!.credited, 2)).toBe(after.credited);
    expect(scaled(viewRows[0]!.fulfilment_percent, 2)).toBe(after.fulfilment);
    expect(await contractor.page.locator(`#transaction-${transactionId}`).getByText("Credited", { exact: true }).count()).toBe(1);
    await screenshot(contractor.page, "offsets-03-credited");

    // The evidence pack downloads as a file and holds everything.
    // The server builds the whole pack (a PDF with an embedded Korean font) before the download starts.
    const packStarted = Date.now();
    const [download] = await Promise.all([
      contractor.page.waitForEvent("download"),
      contractor.page.getByRole("link", { name: "Download evidence pack (ZIP)" }).click(),
    ]);
    expect(await download.failure()).toBeNull();
    console.info(`evidence pack: download complete after ${Date.now() - packStarted} ms`);
    expect(download.url()).toBe(`${appUrl()}/offsets/${AGREEMENT_ID}/evidence.zip`);
    expect(download.suggestedFilename()).toMatch(/^offset-evidence-.+\.zip$/);
    const zipPath = await download.path();
    const pack = unzipSync(new Uint8Array(fs.readFileSync(zipPath)));
    const text = (name: string) => new TextDecoder().decode(pack[name]);

    const summary = pack["summary.pdf"];
    expect(summary).toBeDefined();
    expect(new TextDecoder("latin1").decode(summary!.subarray(0, 5))).toBe("%PDF-");
    expect(new TextDecoder("latin1").decode(summary!.subarray(-8))).toContain("%%EOF");

    expect(Buffer.from(pack[`evidence/${transactionId}/${pdfName}`]!).equals(pdfBytes)).toBe(true);
    expect(Buffer.from(pack[`evidence/${transactionId}/${pngName}`]!).equals(pngBytes)).toBe(true);
    expect(Object.keys(pack).filter((name) => name.startsWith(`evidence/${transactionId}/`)).sort()).toEqual(
      [`evidence/${transactionId}/${pdfName}`, `evidence/${transactionId}/${pngName}`].sort(),
    );

    // The ledger CSV has the new credit with its chain need → EOI → award → transaction.
    const ledger = parseCsv(text("ledger.csv"));
    const entries = ledger.filter((entry) => entry.transaction_id === transactionId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      kind: "credit",
      account: "agreement",
      agreement_id: AGREEMENT_ID,
      currency: "USD",
      transaction_title: title,
      need_id: eoi.need_id,
      eoi_id: eoiId,
      awarded_at: eoi.awarded_at,
    });
    expect(scaled(entries[0]!.amount!, 2)).toBe(expectedCredit);
    expect(entries[0]!.need_title).toContain(eoi.need_title_en);
    // The pack's ledger is the whole agreement's: its agreement rows add up to the credited balance.
    const agreementSum = ledger.filter((entry) => entry.account === "agreement").reduce((sum, entry) => sum + scaled(entry.amount!.replace("-", ""), 2) * (entry.amount!.startsWith("-") ? -1n : 1n), 0n);
    expect(agreementSum).toBe(after.credited);

    const transactions = parseCsv(text("transactions.csv")).filter((tx) => tx.transaction_id === transactionId);
    expect(transactions).toHaveLength(1);
    expect(transactions[0]).toMatchObject({
      status: "credited",
      category: eoi.need_kind,
      need_id: eoi.need_id,
      eoi_id: eoiId,
      eoi_submitted_at: eoi.submitted_at,
      awarded_at: eoi.awarded_at,
    });
    expect(scaled(transactions[0]!.multiplier!, 3)).toBe(multiplier);
    expect(scaled(transactions[0]!.credit_value!, 2)).toBe(expectedCredit);
    expect(transactions[0]!.evidence_files!.split(" | ").sort()).toEqual(
      [`evidence/${transactionId}/${pdfName}`, `evidence/${transactionId}/${pngName}`].sort(),
    );

    // The checksums list every other file of the pack and match it.
    const sums = text("SHA256SUMS.txt").trim().split("\n").map((line) => /^([0-9a-f]{64}) {2}(.+)$/.exec(line)!);
    expect(sums.map((match) => match[2]).sort()).toEqual(Object.keys(pack).filter((name) => name !== "SHA256SUMS.txt").sort());
    for (const [, digest, name] of sums) expect(createHash("sha256").update(pack[name!]!).digest("hex")).toBe(digest);
    expect(text("README.txt")).toContain(AGREEMENT_ID);
    // A UTF-8 byte-order mark, so spreadsheet programs read Korean text right (TextDecoder drops it above).
    expect([...pack["ledger.csv"]!.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    for (const actor of [contractor, reviewer]) {
      expect(jsErrorsOf(actor.page)).toEqual([]);
      await actor.context.close();
    }
  });
});
