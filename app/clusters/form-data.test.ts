import { describe, expect, it } from "vitest";
import * as z from "zod";
import { createTranslator } from "../i18n";
import { collectRows, echoForm, echoRows, MAX_ROW_INDEX, nestedFieldErrors, rowCount } from "./form-data";

function form(entries: Array<[string, string]>) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("collectRows", () => {
  it("builds rows in index order, fills missing fields with empty strings and closes gaps", () => {
    const rows = collectRows(
      form([
        ["incentives.2.title_en", "Later"],
        ["incentives.0.kind", "tax"],
        ["incentives.0.title_en", "First"],
        ["incentives.2.kind", "land"],
        ["other.0.title_en", "not mine"],
      ]),
      "incentives",
      ["kind", "title_en", "title_ko"],
    );
    expect(rows).toEqual([
      { kind: "tax", title_en: "First", title_ko: "" },
      { kind: "land", title_en: "Later", title_ko: "" },
    ]);
  });

  it("ignores unknown fields, files and absurd indexes", () => {
    const data = form([
      ["incentives.0.evil", "x"],
      [`incentives.${MAX_ROW_INDEX + 1}.title_en`, "too far"],
      ["incentives.1e3.title_en", "not an index"],
    ]);
    data.append("incentives.0.title_en", new Blob(["file"]));
    expect(collectRows(data, "incentives", ["title_en"])).toEqual([]);
  });

  it("does not treat the prefix as a pattern", () => {
    expect(collectRows(form([["aXb.0.name", "x"]]), "a.b", ["name"])).toEqual([]);
  });
});

describe("echoForm and echoRows", () => {
  it("keeps the last value of text fields and every value of list fields", () => {
    const echo = echoForm(form([["title", "a"], ["title", "b"], ["codes", "x"], ["codes", "y"], ["intent", "save"]]), ["codes"], ["intent"]);
    expect(echo).toEqual({ values: { title: "b" }, lists: { codes: ["x", "y"] } });
  });

  it("numbers rows as collectRows did", () => {
    expect(echoRows("stories", [{ title_en: "A" }, { title_en: "B" }])).toEqual({ "stories.0.title_en": "A", "stories.1.title_en": "B" });
  });
});

describe("rowCount", () => {
  it("shows stored or echoed rows plus blank ones", () => {
    expect(rowCount("incentives", {}, 3)).toBe(4);
    expect(rowCount("incentives", { "incentives.4.title_en": "x" }, 2)).toBe(6);
    expect(rowCount("incentives", {}, 0, 2)).toBe(2);
  });
});

describe("nestedFieldErrors", () => {
  const t = createTranslator("ko");
  const schema = z.object({
    rows: z.array(z.object({ title: z.string().max(2, { error: "clusters.form.too_long" }) })),
    codes: z.array(z.string().regex(/^a/, { error: "clusters.hosting.validation.process_unknown" })),
  });

  it("keys messages by the dotted field name, translated with the issue's numbers", () => {
    const result = schema.safeParse({ rows: [{ title: "ok" }, { title: "too long" }], codes: [] });
    expect(result.success).toBe(false);
    expect(nestedFieldErrors(result.error!, t)).toEqual({ "rows.1.title": "2자 이내로 입력하세요." });
  });

  it("files issues inside list fields under the list itself", () => {
    const result = schema.safeParse({ rows: [], codes: ["a", "b"] });
    expect(nestedFieldErrors(result.error!, t, ["codes"])).toEqual({ codes: t("clusters.hosting.validation.process_unknown") });
  });
});
