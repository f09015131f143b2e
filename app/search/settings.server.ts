/**
 * Index settings, applied idempotently by `npm run search:setup`, by the launcher, by the sync
 * worker when the taxonomy or glossary changes, and to every index a reindex builds aside.
 */
import type { Meilisearch, Settings } from "meilisearch";
import { SEARCH_KEY_UID } from "./meili.server";
import type { IndexName } from "./sources.server";

const LOCALIZED = [
  { attributePatterns: ["*_ko"], locales: ["kor"] },
  { attributePatterns: ["*_en"], locales: ["eng"] },
] satisfies Settings["localizedAttributes"];

export const SUPPLIER_SEARCHABLE = [
  "name_en",
  "name_ko",
  "process_labels_en",
  "process_labels_ko",
  "material_labels_en",
  "material_labels_ko",
  "certification_labels_en",
  "certification_labels_ko",
  "tags",
  "description_en",
  "description_ko",
  "capability_text_en",
  "capability_text_ko",
  "equipment_names",
  "equipment_models",
  "certificate_numbers",
  "cluster_names_en",
  "cluster_names_ko",
  "region_labels_en",
  "region_labels_ko",
  "site_addresses",
  "capacity_note",
];

/**
 * Exactly what app/search/suppliers.server.ts filters and counts on. Each filterable attribute
 * is indexed per document and value, so one that no query uses costs indexing time and resident
 * memory for nothing.
 */
export const SUPPLIER_FILTERABLE = [
  "published",
  "process_codes",
  "material_codes",
  "certification_codes",
  "valid_certification_codes",
  "cert_expiry",
  "cluster_slugs",
  "regions",
  "size_band",
  "defense_designated",
  "verified",
  "_geo",
];

/** Distance sort and the completeness sort (and tie-break ranking rule). */
export const SUPPLIER_SORTABLE = ["_geo", "completeness"];

/** Codes and part numbers must match exactly: "AS9100" must not find "AS9110", nor 7075 find 7057. */
export const TYPO_STRICT_ATTRIBUTES = [
  "certification_labels_en",
  "certification_labels_ko",
  "certificate_numbers",
  "equipment_models",
];

export function indexSettings(index: IndexName, synonyms: Record<string, string[]>): Settings {
  const common: Settings = {
    synonyms,
    localizedAttributes: LOCALIZED,
    pagination: { maxTotalHits: 5000 },
    faceting: { maxValuesPerFacet: 300 },
    // Indexing cost is edit-to-searchable lag: no facet-value search (the page lists values with
    // counts instead), and proximity by attribute rather than by word distance, which Meilisearch
    // documents as much cheaper to index for a small relevancy cost.
    facetSearch: false,
    proximityPrecision: "byAttribute",
  };
  if (index === "suppliers") {
    return {
      ...common,
      searchableAttributes: SUPPLIER_SEARCHABLE,
      filterableAttributes: SUPPLIER_FILTERABLE,
      sortableAttributes: SUPPLIER_SORTABLE,
      rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness", "completeness:desc"],
      typoTolerance: { enabled: true, disableOnAttributes: TYPO_STRICT_ATTRIBUTES, disableOnNumbers: true },
    };
  }
  if (index === "needs") {
    return {
      ...common,
      searchableAttributes: [
        "title_en",
        "title_ko",
        "process_labels_en",
        "process_labels_ko",
        "material_labels_en",
        "material_labels_ko",
        "certification_labels_en",
        "certification_labels_ko",
        "program",
        "platform",
        "description_en",
        "description_ko",
        "organization_name_en",
        "organization_name_ko",
        "location_name",
      ],
      filterableAttributes: [
        "id",
        "organization_id",
        "kind",
        "status",
        "visibility",
        "export_controlled",
        "invited_organization_ids",
        "process_codes",
        "required_process_codes",
        "material_codes",
        "certification_codes",
        "offset_eligible",
        "response_deadline",
        "_geo",
      ],
      sortableAttributes: ["opened_at", "response_deadline", "estimated_value", "_geo"],
      rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness", "opened_at:desc"],
      typoTolerance: { enabled: true, disableOnAttributes: ["certification_labels_en", "program", "platform"], disableOnNumbers: true },
    };
  }
  return {
    ...common,
    searchableAttributes: [
      "name_en",
      "name_ko",
      "focus_areas_en",
      "focus_areas_ko",
      "focus_process_labels_en",
      "focus_process_labels_ko",
      "region_label_en",
      "region_label_ko",
      "description_en",
      "description_ko",
    ],
    filterableAttributes: ["id", "slug", "region", "designation", "focus_process_codes", "_geo"],
    sortableAttributes: ["name_en", "member_count", "available_land_m2", "_geo"],
    rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness", "member_count:desc"],
    typoTolerance: { enabled: true, disableOnNumbers: true },
  };
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)])
    );
  }
  return value;
}

/** Settings whose current value differs from the wanted one (order-insensitive where Meilisearch is). */
export function settingsDiff(current: Settings, wanted: Settings): Settings {
  const diff: Record<string, unknown> = {};
  const orderInsensitive = new Set(["filterableAttributes", "sortableAttributes"]);
  for (const [key, value] of Object.entries(wanted)) {
    let have = (current as Record<string, unknown>)[key];
    let want: unknown = value;
    if (orderInsensitive.has(key) && Array.isArray(have) && Array.isArray(want)) {
      have = [...(have as unknown[])].map(String).sort();
      want = [...(want as unknown[])].map(String).sort();
    }
    if (key === "synonyms" && have && typeof have === "object") {
      have = Object.fromEntries(Object.entries(have as Record<string, string[]>).map(([k, v]) => [k, [...v].sort()]));
    }
    if (key === "typoTolerance" && have && typeof have === "object") {
      const wantTolerance = want as Record<string, unknown>;
      const haveTolerance = have as Record<string, unknown>;
      have = Object.fromEntries(
        Object.keys(wantTolerance).map((k) => [k, Array.isArray(haveTolerance[k]) ? [...(haveTolerance[k] as string[])].sort() : haveTolerance[k]])
      );
      want = Object.fromEntries(Object.entries(wantTolerance).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]));
    }
    if (key === "pagination" || key === "faceting") {
      const wantObject = want as Record<string, unknown>;
      const haveObject = (have ?? {}) as Record<string, unknown>;
      have = Object.fromEntries(Object.keys(wantObject).map((k) => [k, haveObject[k]]));
    }
    if (JSON.stringify(canonical(have)) !== JSON.stringify(canonical(want))) diff[key] = value;
  }
  return diff as Settings;
}

const TASK_WAIT = { timeout: 300_000, interval: 50 };

/** Creates the index when missing and brings its settings to the wanted ones. Returns what changed. */
export async function ensureIndex(admin: Meilisearch, uid: string, settings: Settings): Promise<string[]> {
  const exists = await admin.getRawIndex(uid).then(
    () => true,
    (error: unknown) => {
      if ((error as { cause?: { code?: string } }).cause?.code === "index_not_found") return false;
      throw error;
    }
  );
  if (!exists) {
    const task = await admin.createIndex(uid, { primaryKey: "id" }).waitTask(TASK_WAIT);
    // Another process may have created it in between; that is fine.
    if (task.status === "failed" && task.error?.code !== "index_already_exists")
      throw new Error(`Could not create index ${uid}: ${task.error?.message}`);
  }
  const current = await admin.index(uid).getSettings();
  const diff = settingsDiff(current, settings);
  const changed = Object.keys(diff);
  if (changed.length > 0) {
    const task = await admin.index(uid).updateSettings(diff).waitTask(TASK_WAIT);
    if (task.status !== "succeeded") throw new Error(`Settings of ${uid} were not applied: ${task.error?.message ?? task.status}`);
  }
  return exists ? changed : ["created", ...changed];
}

/** The search-only key (actions: search) the app queries with; recreated if it was altered. */
export async function ensureSearchKey(admin: Meilisearch, indexes: readonly string[]): Promise<"created" | "unchanged" | "recreated"> {
  const wantedIndexes = [...indexes].sort();
  const existing = await admin.getKey(SEARCH_KEY_UID).catch((error: unknown) => {
    if ((error as { cause?: { code?: string } }).cause?.code === "api_key_not_found") return null;
    throw error;
  });
  if (existing) {
    const same =
      JSON.stringify([...existing.actions].sort()) === JSON.stringify(["search"]) &&
      JSON.stringify([...existing.indexes].sort()) === JSON.stringify(wantedIndexes) &&
      existing.expiresAt === null;
    if (same) return "unchanged";
    await admin.deleteKey(SEARCH_KEY_UID);
  }
  await admin.createKey({
    uid: SEARCH_KEY_UID,
    name: "ClusterMatch search",
    description: "Search-only key used by the ClusterMatch server for page and API queries.",
    actions: ["search"],
    indexes: wantedIndexes,
    expiresAt: null,
  });
  return existing ? "recreated" : "created";
}
