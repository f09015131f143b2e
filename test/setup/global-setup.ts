import type { TestProject } from "vitest/node";
import { provideTestStack } from "./boot.ts";

export default function setup(project: TestProject) {
  return provideTestStack(project, { withApp: "on-demand", label: "integration" });
}
