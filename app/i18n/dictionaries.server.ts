import { en, type Messages } from "./en";
import { ko } from "./ko";

/**
 * Every language's messages, for the server, scripts and tests. Being a .server module is the
 * point: the browser build replaces it with an empty module, so pages do not ship both
 * dictionaries (they load the one they are rendered in; see loadDictionaries in ./index.ts).
 */
export const bundledDictionaries: { readonly en: Messages; readonly ko: Messages } = { en, ko };
