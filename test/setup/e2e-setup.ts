import type { TestProject } from "vitest/node";
import { provideTestStack } from "./boot.ts";

export default function setup(project: TestProject) {
  return provideTestStack(project, { withApp: true, label: "e2e" });
}
