import * as z from "zod";

/** The name an admin gives an API key in settings. Plain module: the settings page's bundle stays small. */
export const apiKeyNameSchema = z
  .string({ error: "api.keys.error.name_required" })
  .trim()
  .min(1, { error: "api.keys.error.name_required" })
  .max(100, { error: "api.keys.error.name_too_long" });
