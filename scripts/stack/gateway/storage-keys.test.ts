import path from "node:path";
import { describe, expect, it } from "vitest";
import { StorageError } from "./storage-errors.ts";
import { decodePathPart, isValidBucketName, isValidObjectKey, objectDirectory, objectVersionFile } from "./storage-keys.ts";

const root = path.resolve("/srv/storage");
const version = "0b7c6c5e-8d4f-4b8e-9c6a-2f1d3e4a5b6c";

function invalidKeyOf(action: () => unknown) {
  try {
    action();
  } catch (error) {
    return error instanceof StorageError ? error.render() : error;
  }
  return null;
}

describe("object keys", () => {
  it("accepts Storage's S3-safe keys", () => {
    for (const key of ["a", "org/2024/report.pdf", "with space (1).txt", "x/.emptyFolderPlaceholder", "a..b/c", "uid/$&@=;:+,?!*'.txt"]) {
      expect(isValidObjectKey(key), key).toBe(true);
    }
  });

  it("refuses traversal, absolute, empty-segment, NUL, backslash and non-S3 characters", () => {
    for (const key of ["", "..", "../x", "a/../../x", "a/..", "./a", "a/./b", "/a", "a//b", "a/", "a\0b", "a\\..\\b", "보고서.pdf", "a~b", "a#b", "%2e%2e/x"]) {
      expect(isValidObjectKey(key), JSON.stringify(key)).toBe(false);
    }
  });

  it("refuses names a filesystem cannot hold", () => {
    expect(isValidObjectKey(`a/${"x".repeat(255)}`)).toBe(true);
    expect(isValidObjectKey(`a/${"x".repeat(256)}`)).toBe(false);
    expect(isValidObjectKey(Array.from({ length: 120 }, () => "abcdefghi").join("/"))).toBe(false);
  });

  it("never resolves outside the bucket directory", () => {
    expect(objectDirectory(root, "docs", "a/b.txt")).toBe(path.join(root, "docs", "a", "b.txt"));
    expect(objectVersionFile(root, "docs", "a", version)).toBe(path.join(root, "docs", "a", `~${version}`));
    expect(invalidKeyOf(() => objectDirectory(root, "docs", "../../etc/passwd"))).toMatchObject({ statusCode: "400", error: "InvalidKey" });
    expect(invalidKeyOf(() => objectDirectory(root, "..", "x"))).toMatchObject({ statusCode: "400", error: "Invalid Input" });
    expect(invalidKeyOf(() => objectVersionFile(root, "docs", "a", "../../x"))).toMatchObject({ error: "InvalidKey" });
  });

  it("turns malformed escapes into a bad key instead of a crash", () => {
    expect(decodePathPart("a%20b")).toBe("a b");
    expect(invalidKeyOf(() => decodePathPart("%E0%A4%A"))).toMatchObject({ statusCode: "400", error: "InvalidKey" });
  });
});

describe("bucket names", () => {
  it("follow Storage's rule and exclude dot directories", () => {
    for (const name of ["avatars", "need-attachments", "a.b", "A_1"]) expect(isValidBucketName(name), name).toBe(true);
    for (const name of ["", ".", "..", "a/b", "a\\b", "~uploads", "x".repeat(101), "버킷"]) expect(isValidBucketName(name), name).toBe(false);
  });
});
