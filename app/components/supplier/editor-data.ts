import { useRouteLoaderData } from "@remix-run/react";
import type { loader } from "~/routes/my.profile";

/** The profile editor's shared data (the SME's whole profile), loaded once by the /my/profile layout. */
export function useEditorData() {
  const data = useRouteLoaderData<typeof loader>("routes/my.profile");
  if (!data) throw new Error("useEditorData is only for routes under /my/profile");
  return data;
}
