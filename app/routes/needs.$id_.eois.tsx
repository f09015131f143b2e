import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

/** Older notification links point here; the need page lists its EOIs. */
export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/needs/${encodeURIComponent(params.id ?? "")}#eois`);
}
