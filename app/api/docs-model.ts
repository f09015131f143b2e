/**
 * Turns the OpenAPI document into what the /api/docs page shows: operations with their
 * parameters, bodies and responses, and schemas flattened into field tables. Plain module (the
 * page renders on the server and hydrates in the browser); unit-tested.
 */

export type JsonSchema = { [keyword: string]: unknown };
export type DocsLocale = "en" | "ko";

export type FieldRow = {
  /** Dotted path, "[]" for array items: "location.lat", "certifications[].type". */
  name: string;
  type: string;
  /** Link target when the type is a named schema. */
  ref: string | null;
  required: boolean;
  constraints: string[];
  description: string | null;
};

export function refName(ref: unknown): string | null {
  return typeof ref === "string" && ref.startsWith("#/components/schemas/") ? ref.slice("#/components/schemas/".length) : null;
}

export function localized(item: Record<string, unknown>, field: "description" | "summary", locale: DocsLocale): string | null {
  const ko = item[`x-${field}-ko`];
  const en = item[field];
  if (locale === "ko" && typeof ko === "string" && ko !== "") return ko;
  return typeof en === "string" && en !== "" ? en : null;
}

function variants(schema: JsonSchema): JsonSchema[] | null {
  const list = schema.anyOf ?? schema.oneOf;
  return Array.isArray(list) ? (list as JsonSchema[]) : null;
}

/** "string", "integer", "array of string", "Location", "string | null". */
export function typeLabel(schema: JsonSchema): string {
  const name = refName(schema.$ref);
  if (name) return name;
  const options = variants(schema);
  if (options) return options.map(typeLabel).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const type = schema.type;
  if (Array.isArray(type)) return type.join(" | ");
  if (type === "array") return `array of ${typeLabel((schema.items as JsonSchema | undefined) ?? {})}`;
  if (type === "object" && schema.additionalProperties && typeof schema.additionalProperties === "object" && !schema.properties) {
    return `map of ${typeLabel(schema.additionalProperties as JsonSchema)}`;
  }
  if (typeof type === "string") return type;
  return "any";
}

/** Language-neutral constraint notation, as API references commonly write it. */
export function constraintsOf(schema: JsonSchema): string[] {
  const out: string[] = [];
  const enumValues = schema.enum;
  if (Array.isArray(enumValues)) out.push(`enum: ${enumValues.map((value) => JSON.stringify(value)).join(" | ")}`);
  if (typeof schema.format === "string") out.push(`format: ${schema.format}`);
  if (typeof schema.minLength === "number" || typeof schema.maxLength === "number") {
    out.push(`length ${schema.minLength ?? 0}–${schema.maxLength ?? "∞"}`);
  }
  if (typeof schema.minimum === "number") out.push(`≥ ${schema.minimum}`);
  if (typeof schema.exclusiveMinimum === "number") out.push(`> ${schema.exclusiveMinimum}`);
  if (typeof schema.maximum === "number") out.push(`≤ ${schema.maximum}`);
  if (typeof schema.exclusiveMaximum === "number") out.push(`< ${schema.exclusiveMaximum}`);
  if (typeof schema.minItems === "number" && schema.minItems > 0) out.push(`≥ ${schema.minItems} items`);
  if (typeof schema.maxItems === "number") out.push(`≤ ${schema.maxItems} items`);
  if (typeof schema.pattern === "string" && schema.format === undefined) out.push(`pattern: ${schema.pattern}`);
  if (schema.default !== undefined) out.push(`default: ${JSON.stringify(schema.default)}`);
  return out;
}

/**
 * Field rows of an object schema, descending into inline objects and arrays of inline objects;
 * named schemas are linked, not expanded (they have their own table), so cycles cannot loop.
 */
export function fieldRows(schema: JsonSchema, locale: DocsLocale, prefix = "", depth = 0): FieldRow[] {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties || depth > 6) return [];
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const rows: FieldRow[] = [];
  for (const [key, property] of Object.entries(properties)) {
    const name = prefix ? `${prefix}.${key}` : key;
    const nonNull = variants(property)?.filter((option) => option.type !== "null");
    const inner = nonNull && nonNull.length === 1 ? nonNull[0]! : property;
    rows.push({
      name,
      type: typeLabel(property),
      ref: refName(inner.$ref) ?? (inner.type === "array" ? refName((inner.items as JsonSchema | undefined)?.$ref) : null),
      required: required.has(key),
      constraints: constraintsOf(inner),
      description: localized(property, "description", locale) ?? localized(inner, "description", locale),
    });
    if (inner.type === "object" && inner.properties) rows.push(...fieldRows(inner, locale, name, depth + 1));
    const items = inner.type === "array" ? (inner.items as JsonSchema | undefined) : undefined;
    if (items?.type === "object" && items.properties) rows.push(...fieldRows(items, locale, `${name}[]`, depth + 1));
  }
  return rows;
}

export const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;

export type DocsOperation = {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string | null;
  requiresAuth: boolean;
  parameters: Array<{ name: string; in: string; required: boolean; type: string; constraints: string[]; description: string | null; list: boolean }>;
  requestBody: { mediaTypes: string[]; schemaRef: string | null; description: string | null } | null;
  responses: Array<{ status: string; description: string | null; schemaRef: string | null; mediaType: string | null; problemAnchors: string[] }>;
};

type Document = {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, JsonSchema> };
};

export function docsOperations(document: Document, locale: DocsLocale): DocsOperation[] {
  const operations: DocsOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const security = (operation.security ?? []) as Array<Record<string, unknown>>;
      const parameters = ((operation.parameters ?? []) as Array<Record<string, unknown>>).map((parameter) => {
        const schema = (parameter.schema ?? {}) as JsonSchema;
        return {
          name: String(parameter.name),
          in: String(parameter.in),
          required: parameter.required === true,
          type: typeLabel(schema),
          constraints: constraintsOf(schema.type === "array" ? (schema.items as JsonSchema) ?? {} : schema).concat(
            schema.type === "array" ? constraintsOf({ maxItems: schema.maxItems }) : []
          ),
          description: localized(parameter, "description", locale),
          list: schema.type === "array",
        };
      });
      const body = operation.requestBody as Record<string, unknown> | undefined;
      const bodyContent = (body?.content ?? {}) as Record<string, { schema?: JsonSchema }>;
      const responses = Object.entries((operation.responses ?? {}) as Record<string, Record<string, unknown>>).map(([status, response]) => {
        const content = (response.content ?? {}) as Record<string, { schema?: JsonSchema }>;
        const [mediaType, media] = Object.entries(content)[0] ?? [null, undefined];
        return {
          status,
          description: localized(response, "description", locale),
          schemaRef: refName(media?.schema?.$ref),
          mediaType,
          problemAnchors: Array.isArray(response["x-problem-types"]) ? (response["x-problem-types"] as string[]) : [],
        };
      });
      operations.push({
        id: String(operation.operationId ?? `${method}-${path}`),
        method: method.toUpperCase(),
        path,
        summary: localized(operation, "summary", locale) ?? path,
        description: localized(operation, "description", locale),
        requiresAuth: !security.some((requirement) => Object.keys(requirement).length === 0),
        parameters,
        requestBody: body
          ? {
              mediaTypes: Object.keys(bodyContent),
              schemaRef: refName(Object.values(bodyContent)[0]?.schema?.$ref),
              description: localized(body, "description", locale),
            }
          : null,
        responses,
      });
    }
  }
  return operations;
}
