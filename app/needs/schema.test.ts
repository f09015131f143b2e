import { describe, expect, it } from "vitest";
import { indexTaxonomy } from "~/matching/terms";
import { TAXONOMY } from "~/matching/taxonomy.fixture";
import { decisionSchema, listUrlForSavedSearch, needInputSchema, parseDecisionForm, parseEoiForm, parseNeedForm, parseNeedListQuery } from "./schema";

const taxonomy = indexTaxonomy(TAXONOMY);

function form(entries: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(entries)) {
    for (const item of Array.isArray(value) ? value : [value]) data.append(name, item);
  }
  return data;
}

const valid = {
  kind: "localization",
  title_en: "Titanium fittings",
  title_ko: "",
  description_en: "",
  description_ko: "티타늄 피팅 가공",
  required_processes: "5축 가공, ndt-pt",
  preferred_processes: "",
  required_materials: "titanium",
  preferred_materials: "",
  required_certifications: "AS9100",
  preferred_certifications: "",
  place: "sacheon",
  location_name: "",
  radius_km: "100",
  quantity: "1,200",
  quantity_unit: "parts/year",
  timeline_start: "2027-01-01",
  timeline_end: "2028-12-31",
  response_deadline: "",
  estimated_value: "8500000",
  currency: "usd",
  offset_eligible: "on",
  visibility: "invited",
};

describe("parseNeedForm", () => {
  it("turns terms in either language into codes and a place into coordinates", () => {
    const result = parseNeedForm(form(valid), taxonomy);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input).toMatchObject({
      kind: "localization",
      title_en: "Titanium fittings",
      title_ko: null,
      description_en: null,
      required_process_codes: ["machining-5axis", "ndt-pt"],
      required_material_codes: ["ti-6al-4v"],
      required_certification_codes: ["as9100d"],
      location_lat: 35.09,
      location_lng: 128.08,
      location_name: "Sacheon/Jinju, Gyeongnam",
      radius_km: 100,
      quantity: 1200,
      currency: "USD",
      offset_eligible: true,
      export_controlled: false,
      visibility: "invited",
    });
  });

  it("reports every problem on its own field at once", () => {
    const result = parseNeedForm(
      form({
        ...valid,
        kind: "catering",
        title_en: "",
        description_ko: "",
        required_processes: "5축 가공, basket weaving",
        place: "",
        radius_km: "50",
        quantity: "-3",
        timeline_end: "2026-01-01",
        response_deadline: "2026-02-30",
        currency: "dollars",
        visibility: "everyone",
      }),
      taxonomy,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.fromEntries(Object.entries(result.issues).map(([field, issue]) => [field, issue!.key]))).toEqual({
      kind: "needs.validation.kind",
      title_en: "needs.validation.title_required",
      description_en: "needs.validation.description_required",
      required_processes: "needs.validation.unknown_terms",
      radius_km: "needs.validation.radius_needs_location",
      quantity: "needs.validation.quantity",
      timeline_end: "needs.validation.timeline_order",
      response_deadline: "needs.validation.date",
      currency: "needs.validation.currency",
      visibility: "needs.validation.visibility",
    });
    expect(result.issues.required_processes!.params).toEqual({ terms: "basket weaving" });
  });

  it("takes custom coordinates and checks them", () => {
    const good = parseNeedForm(form({ ...valid, place: "custom", location_lat: "35.5", location_lng: "129.3" }), taxonomy);
    expect(good.ok && [good.input.location_lat, good.input.location_lng]).toEqual([35.5, 129.3]);
    const bad = parseNeedForm(form({ ...valid, place: "custom", location_lat: "95", location_lng: "east" }), taxonomy);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect([bad.issues.location_lat?.key, bad.issues.location_lng?.key]).toEqual(["needs.validation.lat", "needs.validation.lng"]);
    const unknownPlace = parseNeedForm(form({ ...valid, place: "atlantis" }), taxonomy);
    expect(!unknownPlace.ok && unknownPlace.issues.place?.key).toBe("needs.validation.place");
  });

  it("refuses overlong text without truncating it", () => {
    const result = parseNeedForm(form({ ...valid, title_en: "x".repeat(201) }), taxonomy);
    expect(!result.ok && result.issues.title_en?.key).toBe("needs.validation.text_length");
  });
});

describe("needInputSchema (the API's body after term resolution)", () => {
  it("applies defaults and rejects wrong types", () => {
    expect(needInputSchema.parse({ kind: "mro", title_en: "A", description_en: "B" })).toMatchObject({ visibility: "registered", currency: "USD", required_process_codes: [] });
    expect(needInputSchema.safeParse({ kind: "mro", title_en: "A", description_en: "B", quantity: "12" }).success).toBe(false);
    expect(needInputSchema.safeParse({ kind: "mro", title_en: "A", description_en: "B", location_lat: 35 }).success).toBe(false);
  });
});

describe("EOI and decision forms", () => {
  it("needs a scope note for partial scope and a message to submit", () => {
    const result = parseEoiForm(form({ scope: "partial", scope_note: " ", message: "", intent: "submit_eoi" }));
    expect(!result.ok && Object.fromEntries(Object.entries(result.issues).map(([k, v]) => [k, v!.key]))).toEqual({
      scope_note: "eois.validation.scope_note",
      message: "eois.validation.message",
    });
    const draft = parseEoiForm(form({ scope: "full", message: "", intent: "save_eoi", certification_ids: ["00000000-0000-4000-8000-000000000001"] }));
    expect(draft.ok && draft.input).toMatchObject({ submit: false, certification_ids: ["00000000-0000-4000-8000-000000000001"] });
    expect(parseEoiForm(form({ scope: "full", certification_ids: ["not-a-uuid"] })).ok).toBe(false);
  });

  it("requires a reason from the fixed list to decline", () => {
    expect(!parseDecisionForm(form({ decision: "declined", reason: "" })).ok).toBe(true);
    expect(parseDecisionForm(form({ decision: "declined", reason: "because" })).ok).toBe(false);
    const declined = parseDecisionForm(form({ decision: "declined", reason: "price", comment: "  Above budget " }));
    expect(declined.ok && declined.input).toEqual({ decision: "declined", reason: "price", comment: "Above budget", decline_others: false });
    expect(decisionSchema.safeParse({ decision: "awarded" }).success).toBe(true);
    expect(decisionSchema.safeParse({ decision: "withdrawn" }).success).toBe(false);
  });
});

describe("list queries and saved searches", () => {
  it("ignores malformed parameters instead of failing", () => {
    expect(parseNeedListQuery(new URLSearchParams("kind=catering&status=bogus&page=-4&offset=1&q=%20titanium%20"))).toEqual({
      q: "titanium",
      kind: undefined,
      status: undefined,
      process: "",
      offset: true,
      mine: false,
      page: 1,
    });
  });

  it("link back to the list they stand for", () => {
    expect(listUrlForSavedSearch("5축 가공", { kinds: ["localization"], processes: ["machining-5axis"], offset_eligible: true })).toBe(
      "/needs?q=5%EC%B6%95+%EA%B0%80%EA%B3%B5&kind=localization&process=machining-5axis&offset=1",
    );
    expect(listUrlForSavedSearch("", {})).toBe("/needs");
  });
});
