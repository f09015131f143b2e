import { describe, expect, it } from "vitest";
import { StorageError } from "./storage-errors.ts";
import { parseFileSizeToBytes, validateMimeType } from "./storage-upload.ts";

function rendered(action: () => unknown) {
  try {
    action();
  } catch (error) {
    return error instanceof StorageError ? error.render() : error;
  }
  return null;
}

describe("file size limits", () => {
  it("reads Storage's decimal units", () => {
    expect(parseFileSizeToBytes("20MB")).toBe(20_000_000);
    expect(parseFileSizeToBytes("1.5gb")).toBe(1_500_000_000);
    expect(parseFileSizeToBytes("30KB")).toBe(30_000);
    expect(parseFileSizeToBytes("3B")).toBe(3);
  });

  it("refuses anything else with Storage's hint", () => {
    expect(rendered(() => parseFileSizeToBytes("20 MB"))).toMatchObject({
      statusCode: "400",
      message: "Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B",
    });
  });
});

describe("allowed mime types", () => {
  it("match exactly or by wildcard subtype", () => {
    expect(() => validateMimeType("image/png", ["image/*"])).not.toThrow();
    expect(() => validateMimeType("application/pdf", ["image/png", "application/pdf"])).not.toThrow();
  });

  it("refuse other types with a 415 in Storage's shape", () => {
    expect(rendered(() => validateMimeType("application/pdf", ["image/*"]))).toEqual({
      statusCode: "415",
      code: "InvalidMimeType",
      error: "invalid_mime_type",
      message: "mime type application/pdf is not supported",
    });
    // As in Storage, parameters are part of the subtype, so they must be listed to be allowed.
    expect(rendered(() => validateMimeType("text/plain;charset=UTF-8", ["text/plain"]))).toMatchObject({ statusCode: "415" });
    expect(rendered(() => validateMimeType("nonsense", ["text/plain"]))).toMatchObject({ statusCode: "415" });
  });
});
