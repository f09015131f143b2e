import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { API_KEY_LENGTH, crc32, generateApiKey, hashApiKey, KEY_PREFIX, parseApiKey } from "./keys.server";

describe("API keys", () => {
  it("have the documented format and a prefix the database accepts", () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^cm_live_[0-9A-Za-z]{8}_[0-9A-Za-z]{49}$/);
    expect(key).toHaveLength(API_KEY_LENGTH);
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(prefix.startsWith(KEY_PREFIX)).toBe(true);
    // public.api_keys.prefix check
    expect(prefix).toMatch(/^[A-Za-z0-9_]{6,32}$/);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("are stored as the SHA-256 of the whole key, as the SQL lookup computes it", () => {
    const { key, hash } = generateApiKey();
    expect(hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(hashApiKey(key)).toBe(hash);
    expect(hashApiKey(`${key}x`)).not.toBe(hash);
  });

  it("are different every time and spread over the whole alphabet", () => {
    const keys = Array.from({ length: 200 }, () => generateApiKey());
    expect(new Set(keys.map((item) => item.key)).size).toBe(200);
    expect(new Set(keys.map((item) => item.prefix)).size).toBe(200);
    const secrets = keys.map((item) => item.key.slice(17, 17 + 43)).join("");
    const distinct = new Set(secrets).size;
    expect(distinct).toBe(62);
  });

  it("parse back to their prefix when intact", () => {
    const { key, prefix } = generateApiKey();
    expect(parseApiKey(key)).toEqual({ prefix });
  });

  it("are refused when mistyped, truncated or from elsewhere, without a database lookup", () => {
    const { key } = generateApiKey();
    const flipped = key.slice(0, 30) + (key[30] === "a" ? "b" : "a") + key.slice(31);
    expect(parseApiKey(flipped)).toBeNull();
    expect(parseApiKey(key.slice(0, -1))).toBeNull();
    expect(parseApiKey(`${key}0`)).toBeNull();
    expect(parseApiKey(key.replace("cm_live_", "cm_test_"))).toBeNull();
    expect(parseApiKey("")).toBeNull();
    expect(parseApiKey("eyJhbGciOiJIUzI1NiJ9.e30.signature")).toBeNull();
    expect(parseApiKey(key.replace(/_/g, "-"))).toBeNull();
  });

  it("use the standard CRC-32 for the checksum", () => {
    // Reference value of CRC-32/ISO-HDLC for "123456789".
    expect(crc32("123456789")).toBe(0xcbf43926);
    expect(crc32("")).toBe(0);
  });
});
