/**
 * app/types/database.ts is generated from the schema (scripts/db-types.ts). It had fallen behind
 * the migrations by a dozen tables and functions without anything noticing; this keeps it in step.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, inject, it } from "vitest";
import { generateTypes } from "../scripts/db-types.ts";
import { projectRoot } from "../scripts/stack/config.ts";

const stack = inject("stack");

it("app/types/database.ts matches the migrated schema (run `npm run db:types` after a migration)", async () => {
  const committed = fs.readFileSync(path.join(projectRoot, "app", "types", "database.ts"), "utf8");
  expect(committed).toBe(await generateTypes(stack.databaseUrl));
});
