import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { StorageErrors } from "./storage-errors.ts";

/**
 * Signed URL tokens exactly as Storage mints them: an HS256 JWT signed with the project's JWT
 * secret, carrying `url` ("<bucket>/<key>"), a `scope` and iat/exp. Tokens without a scope are
 * legacy download tokens unless they carry `upsert`, which only upload tokens have.
 */
export type SignedUrlScope = "download" | "upload";

const encoder = new TextEncoder();

export async function signObjectToken(
  secret: string,
  claims: { url: string; scope: SignedUrlScope; owner?: string; upsert?: boolean },
  expiresInSeconds: number,
): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + expiresInSeconds)
    .sign(encoder.encode(secret));
}

export type VerifiedObjectToken = { url: string; exp: number; owner?: string; upsert?: boolean };

export async function verifyObjectToken(
  secret: string,
  token: string,
  expected: { bucketId: string; objectName: string; scope: SignedUrlScope },
): Promise<VerifiedObjectToken> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, encoder.encode(secret), { algorithms: ["HS256"] }));
  } catch (error) {
    throw StorageErrors.invalidJwt(error instanceof joseErrors.JOSEError ? error.message : "Invalid JWT");
  }
  const scope = payload.scope;
  const scoped =
    expected.scope === "upload"
      ? scope === "upload" || (scope === undefined && "upsert" in payload)
      : scope === "download" || (scope === undefined && !("upsert" in payload));
  if (!scoped) throw StorageErrors.invalidSignature(`Token is not scoped for ${expected.scope}`);
  if (payload.url !== `${expected.bucketId}/${expected.objectName}`) throw StorageErrors.invalidSignature();
  const exp = payload.exp;
  if (typeof exp !== "number") throw StorageErrors.invalidSignature();
  if (exp * 1000 < Date.now()) throw StorageErrors.expiredSignature();
  return {
    url: payload.url,
    exp,
    owner: typeof payload.owner === "string" ? payload.owner : undefined,
    upsert: payload.upsert === true,
  };
}
