import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as z from "zod";
import { en } from "~/i18n/en";
import { ko } from "~/i18n/ko";
import {
  ApiProblem,
  fieldError,
  fieldErrorsFromKeys,
  fieldErrorsFromZod,
  formatPath,
  parseWithInput,
  PROBLEM_KINDS,
  PROBLEM_TYPES,
  problemAnchor,
  problemBody,
  problemResponse,
} from "./problem.server";
import { fieldErrorSchema, matchRequestSchema } from "./schemas";

const SITE = "https://clustermatch.example";

describe("problem details", () => {
  it("renders RFC 9457 members with a type that links to the documentation", async () => {
    const problem = new ApiProblem("validation_failed", { errors: [fieldError("location.lat", "api.error.latitude")] });
    const response = problemResponse(problem, { locale: "en", instance: "/api/v1/match", siteUrl: SITE });
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toBe("application/problem+json; charset=utf-8");
    expect(response.headers.get("Content-Language")).toBe("en");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = await response.json();
    expect(body).toEqual({
      type: `${SITE}/api/docs#problem-validation-failed`,
      title: en["api.problem.validation_failed.title"],
      status: 400,
      detail: en["api.problem.validation_failed.detail"],
      instance: "/api/v1/match",
      errors: [{ field: "location.lat", code: "api.error.latitude", message_en: en["api.error.latitude"], message_ko: ko["api.error.latitude"] }],
    });
  });

  it("speaks Korean when asked, and leaves errors out when there are none", () => {
    const body = problemBody(new ApiProblem("not_found"), { locale: "ko", instance: "/x", siteUrl: SITE });
    expect(body.title).toBe(ko["api.problem.not_found.title"]);
    expect(body.detail).toBe(ko["api.problem.not_found.detail"]);
    expect("errors" in body).toBe(false);
  });

  it("fills detail parameters and carries extra headers such as Retry-After", () => {
    const problem = new ApiProblem("rate_limited", { params: { seconds: 7 }, headers: { "Retry-After": "7" } });
    const response = problemResponse(problem, { locale: "en", instance: "/api/v1/needs", siteUrl: SITE, headers: { Vary: "Authorization" } });
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("7");
    expect(response.headers.get("Vary")).toBe("Authorization");
    expect(problemBody(problem, { locale: "en", instance: "/", siteUrl: SITE }).detail).toContain("7 s");
  });

  it("has a status, an anchor and bilingual titles for every problem type", () => {
    for (const kind of PROBLEM_KINDS) {
      expect(PROBLEM_TYPES[kind].status).toBeGreaterThanOrEqual(400);
      expect(problemAnchor(kind)).toMatch(/^problem-[a-z-]+$/);
      expect(en[PROBLEM_TYPES[kind].title]).toBeTruthy();
      expect(ko[PROBLEM_TYPES[kind].title]).toBeTruthy();
      expect(ko[PROBLEM_TYPES[kind].title]).not.toBe(en[PROBLEM_TYPES[kind].title]);
    }
  });

  it("names fields the way clients write them", () => {
    expect(formatPath(["location", "lat"])).toBe("location.lat");
    expect(formatPath(["processes", 2])).toBe("processes[2]");
    expect(formatPath(["certifications", 0, "type"])).toBe("certifications[0].type");
    expect(formatPath([])).toBe("");
  });

  it("quotes names that are not plain, so no field is empty or ambiguous", () => {
    expect(formatPath([""])).toBe('[""]');
    expect(formatPath(["location", "a.b"])).toBe('location["a.b"]');
    expect(formatPath(["x[0]"])).toBe('["x[0]"]');
    expect(formatPath(["이름", 1])).toBe('["이름"][1]');
    expect(formatPath(['say "hi"'])).toBe('["say \\"hi\\""]');
  });
});

describe("field errors from zod", () => {
  const schema = z.strictObject({
    name: z.string().min(2).max(5),
    count: z.number().int().min(1).max(10),
    tags: z.array(z.string()).max(1),
    kind: z.enum(["a", "b"]),
    when: z.iso.date(),
    location: z.strictObject({ lat: z.number().min(-90, { error: "api.error.latitude" }) }),
  });

  it("gives every problem a field and a message in both languages", () => {
    const parsed = parseWithInput(schema, {
      name: "x",
      count: 0.5,
      tags: ["a", "b"],
      kind: "c",
      when: "2026-13-01",
      location: { lat: -100 },
      extra: 1,
    });
    expect(parsed.success).toBe(false);
    const errors = fieldErrorsFromZod(parsed.error!);
    const byField = Object.fromEntries(errors.map((error) => [error.field, error]));
    expect(byField.name?.message_en).toBe("Must be at least 2 characters.");
    expect(byField.name?.message_ko).toBe("2자 이상이어야 합니다.");
    expect(byField.count?.message_en).toBe(en["api.error.integer"]);
    expect(byField.tags?.message_en).toBe("At most 1 entries.");
    expect(byField.kind?.message_en).toBe("Must be one of: a, b.");
    expect(byField.when?.message_en).toBe("Not a valid date.");
    expect(byField["location.lat"]?.message_en).toBe(en["api.error.latitude"]);
    expect(byField.extra?.message_en).toBe(en["api.error.unknown_field"]);
    for (const error of errors) {
      expect(error.message_en).not.toMatch(/[{}]/);
      expect(error.message_ko).not.toMatch(/[{}]/);
    }
  });

  it("says a missing field is required rather than of the wrong type", () => {
    const parsed = parseWithInput(schema, {});
    const errors = fieldErrorsFromZod(parsed.error!);
    expect(errors.find((error) => error.field === "name")?.message_en).toBe(en["api.error.required"]);
  });

  it("reports a wrong top-level value against the body", () => {
    const parsed = parseWithInput(schema, [1, 2]);
    expect(fieldErrorsFromZod(parsed.error!)).toEqual([fieldError("body", "api.error.invalid_type", { expected: "object" })]);
  });

  it("names an unknown empty key (the fuzz test's {\"\": {}} to /api/v1/match)", () => {
    const parsed = parseWithInput(matchRequestSchema, { "": {}, required_certifications: "2026-02-30" });
    const errors = fieldErrorsFromZod(parsed.error!);
    expect(errors).toContainEqual(fieldError('[""]', "api.error.unknown_field"));
    expect(errors).toContainEqual(fieldError("required_certifications", "api.error.term_list"));
  });

  it("gives every error of any body a field and both messages", () => {
    const key = fc.oneof(fc.constantFrom("", " ", ".", "[0]", "title", "description", "kind", "processes", "location", "radius_km", "limit"), fc.string());
    const body = fc.oneof(fc.dictionary(key, fc.jsonValue({ maxDepth: 2 })), fc.jsonValue({ maxDepth: 2 }));
    fc.assert(
      fc.property(body, (value) => {
        const parsed = parseWithInput(matchRequestSchema, value);
        if (parsed.success) return;
        const errors = fieldErrorsFromZod(parsed.error);
        expect(errors.length).toBeGreaterThan(0);
        for (const error of errors) {
          expect(fieldErrorSchema.safeParse(error).success, JSON.stringify(error)).toBe(true);
          expect(error.message_en).not.toBe("");
          expect(error.message_ko).not.toBe("");
        }
      }),
      { numRuns: 500 }
    );
  });

  it("turns unknown message keys into the generic message rather than leaking them", () => {
    expect(fieldErrorsFromKeys({ q: "no.such.key" })).toEqual([fieldError("q", "api.error.invalid")]);
    expect(fieldErrorsFromKeys({ lat: "api.error.latitude" })[0]?.message_ko).toBe(ko["api.error.latitude"]);
  });
});
