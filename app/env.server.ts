import * as z from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

/**
 * Every setting the server reads, validated once at startup. `npm start` fills these for the
 * local stack; production sets them to a hosted Supabase project and Meilisearch.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SITE_URL: z.url({ error: "SITE_URL must be the public URL of the app, e.g. https://clustermatch.example" }),
  SUPABASE_URL: z.url({ error: "SUPABASE_URL must be your project's URL, e.g. https://xyz.supabase.co" }),
  SUPABASE_ANON_KEY: z
    .string({ error: "SUPABASE_ANON_KEY is required: Project settings → API → anon key" })
    .min(20, { error: "SUPABASE_ANON_KEY looks too short to be a Supabase API key" }),
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(20).optional(),
  /** Signs the short-lived tokens the public API uses to act for an API key's organization. */
  SUPABASE_JWT_SECRET: z.string().min(32, { error: "SUPABASE_JWT_SECRET must be the project's JWT secret (32+ characters)" }).optional(),
  DATABASE_URL: z.string().optional(),
  MEILI_URL: z.url({ error: "MEILI_URL must be the Meilisearch URL, e.g. http://127.0.0.1:7700" }),
  MEILI_MASTER_KEY: z.string().min(16, { error: "MEILI_MASTER_KEY must be at least 16 bytes" }),
  MAPBOX_TOKEN: z.string().startsWith("pk.", { error: "MAPBOX_TOKEN must be a public token (pk.…)" }).optional(),
  MAIL_OUTBOX_DIR: z.string().optional(),
  DEV_TOOLS: booleanFlag.default(false),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "env"}: ${issue.message}`);
    throw new Error(`Invalid environment configuration. Fix these variables (see .env.example):\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The only values that may reach the browser. */
export function getPublicEnv(env: Env = getEnv()) {
  return {
    SUPABASE_URL: env.SUPABASE_URL,
    SUPABASE_ANON_KEY: env.SUPABASE_ANON_KEY,
    MAPBOX_TOKEN: env.MAPBOX_TOKEN ?? null,
    DEV_TOOLS: env.DEV_TOOLS,
  };
}

export type PublicEnv = ReturnType<typeof getPublicEnv>;
