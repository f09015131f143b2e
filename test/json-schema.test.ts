import { describe, expect, it } from "vitest";
import { validate, type Schema } from "./json-schema";

// The contract tests are only as good as this validator: each keyword must be able to fail.
describe("JSON Schema validator used by the contract tests", () => {
  const root = {
    components: {
      schemas: {
        Point: { type: "object", properties: { lat: { type: "number", minimum: -90, maximum: 90 } }, required: ["lat"], additionalProperties: false },
      },
    },
  };

  const cases: Array<{ schema: Schema; good: unknown[]; bad: unknown[] }> = [
    { schema: { type: "integer" }, good: [1, -3], bad: [1.5, "1", null] },
    { schema: { type: "number" }, good: [1, 1.5], bad: ["1", true] },
    { schema: { type: ["string", "null"] }, good: ["a", null], bad: [1] },
    { schema: { enum: ["a", "b"] }, good: ["a"], bad: ["c"] },
    { schema: { const: 3 }, good: [3], bad: [4] },
    { schema: { type: "string", minLength: 2, maxLength: 3 }, good: ["ab", "한국어"], bad: ["a", "abcd"] },
    { schema: { type: "string", pattern: "^[a-z]+$" }, good: ["abc"], bad: ["ab1"] },
    { schema: { type: "string", format: "uuid" }, good: ["2faedb3a-8c1e-48e8-9777-406c9a1e1284"], bad: ["2faedb3a"] },
    { schema: { type: "string", format: "date" }, good: ["2026-02-28"], bad: ["2026-02-30", "2026-2-1"] },
    { schema: { type: "string", format: "date-time" }, good: ["2026-11-24T23:37:00.123456+00:00", "2026-11-24T23:37:00Z"], bad: ["2026-11-24"] },
    { schema: { type: "string", format: "uri" }, good: ["https://x.example/a#b"], bad: ["/relative", "not a uri"] },
    { schema: { type: "string", format: "email" }, good: ["a@b.co"], bad: ["a@b"] },
    { schema: { type: "number", minimum: 0, maximum: 1 }, good: [0, 1], bad: [-0.1, 1.1] },
    { schema: { type: "number", exclusiveMinimum: 0 }, good: [0.1], bad: [0] },
    { schema: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 2 }, good: [["a"]], bad: [[], ["a", "b", "c"], [1]] },
    {
      schema: { type: "object", required: ["a"], properties: { a: { type: "string" } }, additionalProperties: false },
      good: [{ a: "x" }],
      bad: [{}, { a: 1 }, { a: "x", b: 1 }],
    },
    { schema: { type: "object", additionalProperties: { type: "integer" }, propertyNames: { type: "string" } }, good: [{ x: 1 }], bad: [{ x: "1" }] },
    { schema: { anyOf: [{ type: "string" }, { type: "null" }] }, good: ["a", null], bad: [1] },
    { schema: { oneOf: [{ type: "integer" }, { type: "number" }] }, good: [1.5], bad: [1] },
    { schema: { $ref: "#/components/schemas/Point" }, good: [{ lat: 1 }], bad: [{ lat: 91 }, { lat: 1, lng: 2 }, {}] },
  ];

  for (const [index, testCase] of cases.entries()) {
    it(`case ${index + 1}: ${JSON.stringify(testCase.schema)}`, () => {
      for (const value of testCase.good) expect(validate(testCase.schema, value, root), JSON.stringify(value)).toEqual([]);
      for (const value of testCase.bad) expect(validate(testCase.schema, value, root).length, JSON.stringify(value)).toBeGreaterThan(0);
    });
  }

  it("refuses keywords and formats it does not check rather than ignoring them", () => {
    expect(() => validate({ type: "object", dependentRequired: { a: ["b"] } }, {})).toThrow(/Unsupported JSON Schema keyword/);
    expect(() => validate({ type: "string", format: "ipv4" }, "1.2.3.4")).toThrow(/Unsupported format/);
    expect(() => validate({ $ref: "#/nowhere" }, 1)).toThrow(/Unresolvable/);
  });

  it("skips annotations", () => {
    expect(validate({ type: "string", description: "d", default: "x", "x-description-ko": "설명" }, "y")).toEqual([]);
  });
});
