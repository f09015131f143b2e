import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    name: "e2e",
    include: ["test/e2e/**/*.e2e.ts"],
    globalSetup: ["test/setup/e2e-setup.ts"],
    // One browser and one app: the scenarios share seed data and run one after another.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 180_000,
  },
});
