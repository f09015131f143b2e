import { useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";

/** Root loader data from anywhere in the tree; undefined only while the root itself failed. */
export function useRootData() {
  return useRouteLoaderData<typeof rootLoader>("root");
}

export function useOptionalUser() {
  return useRootData()?.user ?? null;
}
