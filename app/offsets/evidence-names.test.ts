import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { decodeEvidenceName, encodeEvidenceName, isStoredEvidenceName } from "./evidence-names.server";

// Property runs are CPU-bound; on a busy machine they outlast vitest's 5 s default.
vi.setConfig({ testTimeout: 30_000 });

// The storage gateway's (and hosted Storage's) key alphabet.
const STORAGE_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]*$/;

describe("evidence file names", () => {
  it("stores Korean and English names as safe keys and reads them back", () => {
    for (const name of ["계약서.pdf", "Invoice 2026-03 (final).pdf", "납품 확인서_최종.jpg"]) {
      const stored = encodeEvidenceName(name, new Date("2026-03-01T00:00:00Z"));
      expect(stored).toMatch(STORAGE_KEY);
      expect(isStoredEvidenceName(stored)).toBe(true);
      expect(decodeEvidenceName(stored)).toBe(name);
    }
  });

  it("round-trips any name within the length limit and keeps keys inside one 255-byte segment", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }), fc.date({ noInvalidDate: true, min: new Date(0) }), (name, when) => {
        const stored = encodeEvidenceName(name, when);
        expect(stored).toMatch(STORAGE_KEY);
        expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(255);
        expect(isStoredEvidenceName(stored)).toBe(true);
        const decoded = decodeEvidenceName(stored);
        expect(name.startsWith(decoded.replace(/\.[^.]{0,9}$/, "")) || decoded === name).toBe(true);
      }),
    );
  });

  it("keeps the extension when a long name is shortened", () => {
    const decoded = decodeEvidenceName(encodeEvidenceName(`${"가".repeat(100)}.pdf`));
    expect(decoded.endsWith(".pdf")).toBe(true);
    expect(Buffer.byteLength(decoded)).toBeLessThanOrEqual(160);
  });

  it("shows names it did not produce as they are", () => {
    expect(decodeEvidenceName("legacy-file.pdf")).toBe("legacy-file.pdf");
    expect(isStoredEvidenceName("../../etc/passwd")).toBe(false);
  });
});
