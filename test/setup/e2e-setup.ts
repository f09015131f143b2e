import type { TestProject } from "vitest/node";
import type { StackConfig } from "../../scripts/stack/config.ts";
import { bootTestStack } from "./boot.ts";

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackConfig;
  }
}

export default async function setup(project: TestProject) {
  const { config, teardown } = await bootTestStack({ withApp: true, label: "e2e" });
  project.provide("stack", config);
  return teardown;
}
