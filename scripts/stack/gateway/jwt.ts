import { jwtVerify, SignJWT, type JWTPayload } from "jose";

export type SupabaseClaims = JWTPayload & {
  role?: string;
  email?: string;
  phone?: string;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  session_id?: string;
  aal?: string;
  is_anonymous?: boolean;
};

const encoder = new TextEncoder();

/** Returns the claims of a valid HS256 token signed with the project's secret, else null. */
export async function verifyJwt(token: string, secret: string): Promise<SupabaseClaims | null> {
  try {
    const { payload } = await jwtVerify(token, encoder.encode(secret), { algorithms: ["HS256"] });
    return payload as SupabaseClaims;
  } catch {
    return null;
  }
}

export async function signJwt(claims: SupabaseClaims, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(encoder.encode(secret));
}
