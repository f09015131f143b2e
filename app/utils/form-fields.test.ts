import { describe, expect, it } from "vitest";
import { isIsoDate, optionalNumber, parseDecimal, requiredEmail, requiredNumber, stringList } from "./form-fields";

describe("parseDecimal", () => {
  it("reads plain decimals with thousands separators and refuses everything else", () => {
    expect(parseDecimal("12,500.5")).toBe(12500.5);
    expect(parseDecimal(" 1 000 ")).toBe(1000);
    expect(parseDecimal("-3")).toBe(-3);
    expect(parseDecimal("")).toBeUndefined();
    expect(parseDecimal("1e5")).toBeNaN();
    expect(parseDecimal("0x10")).toBeNaN();
    expect(parseDecimal("Infinity")).toBeNaN();
  });
});

describe("number fields", () => {
  it("tell a missing value from a wrong one", () => {
    const schema = requiredNumber("clusters.validation.area_required", { exclusiveMin: 0 });
    expect(schema.safeParse("").error!.issues[0]?.message).toBe("clusters.validation.area_required");
    expect(schema.safeParse("abc").error!.issues[0]?.message).toBe("clusters.form.number_invalid");
    expect(schema.safeParse("0").error!.issues[0]?.message).toBe("clusters.form.number_positive");
    expect(optionalNumber({ max: 10 }).safeParse("11").error!.issues[0]?.message).toBe("clusters.form.number_too_large");
    expect(optionalNumber().parse("")).toBeUndefined();
  });
});

describe("isIsoDate", () => {
  it("accepts real calendar dates only", () => {
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2027-02-29")).toBe(false);
    expect(isIsoDate("2027-13-01")).toBe(false);
    expect(isIsoDate("27-01-01")).toBe(false);
  });
});

describe("stringList", () => {
  it("turns one value or many into distinct non-empty strings", () => {
    expect(stringList(5).parse("a")).toEqual(["a"]);
    expect(stringList(5).parse(["a", "a", " ", "b"])).toEqual(["a", "b"]);
    expect(stringList(5).parse(undefined)).toEqual([]);
    expect(stringList(1).safeParse(["a", "b"]).error!.issues[0]?.message).toBe("clusters.form.too_many");
  });
});

describe("requiredEmail", () => {
  const schema = requiredEmail("clusters.hosting.validation.contact_email_required");

  it("lower-cases a trimmed address", () => {
    expect(schema.parse("  Name@Company.COM ")).toBe("name@company.com");
  });

  it("refuses a file or a repeated field with a message key instead of throwing", () => {
    for (const value of [new File(["x"], "x.txt"), ["a@b.co", "c@d.co"], 42]) {
      const result = schema.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("validation.email_invalid");
    }
  });

  it("names the field's own message when it is blank", () => {
    expect(schema.safeParse(" ").error?.issues[0]?.message).toBe("clusters.hosting.validation.contact_email_required");
  });
});
