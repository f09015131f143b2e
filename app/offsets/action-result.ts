/** What an offsets action returns when it refuses: which form (intent + target), echoed values, messages. */
export type OffsetsActionResult = {
  ok: false;
  intent: string;
  target: string | null;
  values: Record<string, string>;
  fieldErrors: Partial<Record<string, string>>;
  formError: string | null;
};
