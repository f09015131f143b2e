import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importEn } from "../i18n/features/import";
import { FIELD_DOCS, INTERCHANGE_FIELDS } from "./interchange";

const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/import-format.md"), "utf8");

describe("docs/import-format.md", () => {
  it("documents every field of the interchange schema with its type", () => {
    const missing = INTERCHANGE_FIELDS.filter((field) => !doc.includes(`| \`${field}\` | \`${FIELD_DOCS[field].type}\` |`));
    expect(missing).toEqual([]);
  });

  it("documents no field the schema does not have", () => {
    const section = doc.slice(doc.indexOf("## Fields"), doc.indexOf("\n## ", doc.indexOf("## Fields") + 1));
    const documented = [...section.matchAll(/^\| `([a-z_]+)` \| `[^`]+` \|/gm)].map((match) => match[1]);
    expect(documented).toHaveLength(INTERCHANGE_FIELDS.length);
    expect(documented.filter((field) => !(INTERCHANGE_FIELDS as readonly string[]).includes(field!))).toEqual([]);
  });

  it("lists every message code an import can report", () => {
    const codes = Object.keys(importEn).filter((key) => /^import\.(error|warning|file)\./.test(key));
    expect(codes.length).toBeGreaterThan(30);
    expect(codes.filter((code) => !doc.includes(`\`${code}\``))).toEqual([]);
  });
});
