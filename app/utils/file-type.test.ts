import { describe, expect, it } from "vitest";
import { checkDocumentUpload, detectFileType, displayFileName, MAX_DOCUMENT_BYTES } from "./file-type";

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);

describe("detectFileType", () => {
  it("recognises PDF, PNG and JPEG by their signatures", () => {
    expect(detectFileType(text("%PDF-1.7\n%âãÏÓ\n"))?.mime).toBe("application/pdf");
    expect(detectFileType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13))?.mime).toBe("image/png");
    expect(detectFileType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46))?.mime).toBe("image/jpeg");
    expect(detectFileType(bytes(0xff, 0xd8, 0xff, 0xe0))?.extension).toBe("jpg");
  });

  it("refuses a Windows executable whatever it is called", () => {
    const exe = bytes(0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04);
    expect(detectFileType(exe)).toBeNull();
    expect(checkDocumentUpload(exe)).toEqual({ ok: false, reason: "type_not_allowed" });
  });

  it("refuses near misses: a truncated PNG signature, text that mentions PDF, a ZIP", () => {
    expect(detectFileType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a))).toBeNull();
    expect(detectFileType(text(" %PDF-1.4"))).toBeNull();
    expect(detectFileType(text("%PDF"))).toBeNull();
    expect(detectFileType(bytes(0x50, 0x4b, 0x03, 0x04))).toBeNull();
    expect(detectFileType(bytes(0xff, 0xd8))).toBeNull();
  });
});

describe("checkDocumentUpload", () => {
  it("refuses empty files and files over the limit", () => {
    expect(checkDocumentUpload(new Uint8Array(0))).toEqual({ ok: false, reason: "empty" });
    const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    big.set(text("%PDF-1.7"));
    expect(checkDocumentUpload(big)).toEqual({ ok: false, reason: "too_large" });
    const exactly = new Uint8Array(MAX_DOCUMENT_BYTES);
    exactly.set(text("%PDF-1.7"));
    expect(checkDocumentUpload(exactly).ok).toBe(true);
  });

  it("applies a narrower list of allowed kinds", () => {
    expect(checkDocumentUpload(text("%PDF-1.7"), { allowed: ["png"] })).toEqual({ ok: false, reason: "type_not_allowed" });
    expect(checkDocumentUpload(text("%PDF-1.7"), { allowed: ["pdf"] })).toMatchObject({ ok: true, type: { kind: "pdf" } });
  });
});

describe("displayFileName", () => {
  it("keeps the base name and drops path parts and unsafe characters", () => {
    expect(displayFileName("C:\\Users\\kim\\인증서 AS9100.pdf")).toBe("인증서 AS9100.pdf");
    expect(displayFileName("../../etc/passwd")).toBe("passwd");
    expect(displayFileName('a"b<c>.pdf')).toBe("abc.pdf");
    expect(displayFileName("..")).toBe("document");
    expect(displayFileName("")).toBe("document");
  });
});
