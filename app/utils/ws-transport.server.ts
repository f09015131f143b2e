import type { SupabaseClientOptions } from "@supabase/supabase-js";
import ws from "ws";

type RealtimeTransport = NonNullable<NonNullable<SupabaseClientOptions<"public">["realtime"]>["transport"]>;

/**
 * Node 20 has no global WebSocket, and supabase-js refuses to start without one. The `ws` class
 * is what supabase-js expects at runtime; only its declared types differ from the DOM-shaped ones.
 */
export const wsTransport = ws as unknown as RealtimeTransport;
