import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { seedUsers } from "../../app/utils/seed-users.ts";
import { renderSeed, SEED_PASSWORD, SEED_USERS } from "./generate.ts";

describe("seed generator", () => {
  it("creates exactly the demo users the sign-in page lists, with the listed password", () => {
    expect(seedUsers.map((user) => user.email).sort()).toEqual(Object.values(SEED_USERS).sort());
    for (const user of seedUsers) expect(user.password).toBe(SEED_PASSWORD);
  });

  it("writes the committed seed.sql byte for byte, so a regenerated seed diffs cleanly", () => {
    const committed = fs.readFileSync(new URL("../../supabase/seed.sql", import.meta.url), "utf8");
    expect(renderSeed()).toBe(committed);
  });
});
