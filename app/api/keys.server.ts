import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/*
 * API key format: `cm_live_<id>_<secret><check>`.
 *   id      8 base62 characters, public: `cm_live_<id>` is the prefix stored and shown in settings
 *   secret  43 base62 characters (256 random bits)
 *   check   6 base62 characters of CRC-32 over everything before it
 * The checksum lets the API turn away mistyped or truncated keys without a database round trip,
 * and lets secret scanners recognise a real key. Only the SHA-256 of the whole key is stored:
 * with 256 bits of entropy a fast hash is as safe as a slow one, and lookups stay one index probe.
 */

export const KEY_PREFIX = "cm_live_";
const ID_LENGTH = 8;
const SECRET_LENGTH = 43;
const CHECK_LENGTH = 6;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_PATTERN = new RegExp(`^${KEY_PREFIX}([0-9A-Za-z]{${ID_LENGTH}})_([0-9A-Za-z]{${SECRET_LENGTH}})([0-9A-Za-z]{${CHECK_LENGTH}})$`);
export const API_KEY_LENGTH = KEY_PREFIX.length + ID_LENGTH + 1 + SECRET_LENGTH + CHECK_LENGTH;

/** Uniform base62 characters: bytes ≥ 248 are thrown away so that no character is likelier. */
function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= 248) continue;
      out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, "utf8")) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62Fixed(value: number, length: number): string {
  let out = "";
  let rest = value;
  for (let index = 0; index < length; index++) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

function checksumOf(body: string): string {
  return base62Fixed(crc32(body), CHECK_LENGTH);
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export type GeneratedApiKey = { key: string; prefix: string; hash: string };

export function generateApiKey(): GeneratedApiKey {
  const prefix = `${KEY_PREFIX}${randomBase62(ID_LENGTH)}`;
  const body = `${prefix}_${randomBase62(SECRET_LENGTH)}`;
  const key = `${body}${checksumOf(body)}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export type ParsedApiKey = { prefix: string };

/** The key's public prefix when it is well-formed and its checksum holds; null otherwise. */
export function parseApiKey(candidate: string): ParsedApiKey | null {
  if (candidate.length !== API_KEY_LENGTH) return null;
  const match = KEY_PATTERN.exec(candidate);
  if (!match) return null;
  const body = candidate.slice(0, candidate.length - CHECK_LENGTH);
  const expected = Buffer.from(checksumOf(body));
  const actual = Buffer.from(match[3]!);
  if (!timingSafeEqual(expected, actual)) return null;
  return { prefix: `${KEY_PREFIX}${match[1]}` };
}

/** Anything that looks like one of our keys, well-formed or not (so it is never taken for a session token). */
export function looksLikeApiKey(token: string): boolean {
  return token.startsWith("cm_");
}
