import type { StackConfig } from "../../scripts/stack/config.ts";

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackConfig;
    /** Loopback server that stops, kills and starts stack services for fault tests. */
    controlUrl: string;
  }
}
