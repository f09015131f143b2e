/**
 * A strict validator for the part of JSON Schema 2020-12 that the API's OpenAPI 3.1 document
 * uses (what z.toJSONSchema emits plus the hand-written parts). Strict on purpose: a keyword it
 * does not know is an error, never silently ignored, so a passing contract test means every
 * constraint in the document was checked. Annotation keywords (description, default, x-…) are
 * skipped because they constrain nothing.
 */

export type Schema = boolean | { [keyword: string]: unknown };
export type ValidationError = { path: string; message: string };

const ANNOTATIONS = new Set([
  "$schema",
  "$id",
  "$comment",
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
  "contentMediaType",
  "contentEncoding",
]);
const ASSERTIONS = new Set([
  "$ref",
  "type",
  "enum",
  "const",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "items",
  "prefixItems",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "anyOf",
  "oneOf",
  "allOf",
  "not",
  "minProperties",
  "maxProperties",
]);

const FORMATS: Record<string, (value: string) => boolean> = {
  uuid: (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value),
  email: (value) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value),
  date: (value) =>
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
  "date-time": (value) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
  uri: (value) => {
    try {
      return /^[a-z][a-z0-9+.-]*:/i.test(value) && Boolean(new URL(value));
    } catch {
      return false;
    }
  },
};

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  if (type === "number") return actual === "number" || actual === "integer";
  return actual === type;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function resolvePointer(root: unknown, ref: string): Schema {
  if (!ref.startsWith("#")) throw new Error(`Only local $ref is supported: ${ref}`);
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").filter(Boolean)) {
    const part = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (!node || typeof node !== "object" || !(part in node)) throw new Error(`Unresolvable $ref ${ref}`);
    node = (node as Record<string, unknown>)[part];
  }
  return node as Schema;
}

/** Validates value against schema; $refs resolve against root (the whole OpenAPI document). */
export function validate(schema: Schema, value: unknown, root: unknown = schema): ValidationError[] {
  const errors: ValidationError[] = [];
  check(schema, value, root, "", errors);
  return errors;
}

function check(schema: Schema, value: unknown, root: unknown, path: string, errors: ValidationError[]): void {
  const fail = (message: string) => errors.push({ path: path || "(root)", message });
  if (schema === true) return;
  if (schema === false) return void fail("no value is allowed here");
  for (const keyword of Object.keys(schema)) {
    if (!ASSERTIONS.has(keyword) && !ANNOTATIONS.has(keyword) && !keyword.startsWith("x-")) {
      throw new Error(`Unsupported JSON Schema keyword "${keyword}" at ${path || "(root)"}`);
    }
  }
  const s = schema as Record<string, unknown>;

  if (typeof s.$ref === "string") check(resolvePointer(root, s.$ref), value, root, path, errors);

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((type) => matchesType(value, type))) return void fail(`expected ${types.join(" or ")}, got ${typeOf(value)}`);
  }
  if (Array.isArray(s.enum) && !s.enum.some((option) => deepEqual(option, value))) fail(`not one of ${JSON.stringify(s.enum)}`);
  if ("const" in s && !deepEqual(s.const, value)) fail(`must be ${JSON.stringify(s.const)}`);

  if (typeof value === "string") {
    const length = [...value].length;
    if (typeof s.minLength === "number" && length < s.minLength) fail(`shorter than ${s.minLength}`);
    if (typeof s.maxLength === "number" && length > s.maxLength) fail(`longer than ${s.maxLength}`);
    if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(value)) fail(`does not match ${s.pattern}`);
    if (typeof s.format === "string") {
      const test = FORMATS[s.format];
      if (!test) throw new Error(`Unsupported format "${s.format}" at ${path || "(root)"}`);
      if (!test(value)) fail(`not a valid ${s.format}`);
    }
  }

  if (typeof value === "number") {
    if (typeof s.minimum === "number" && value < s.minimum) fail(`below minimum ${s.minimum}`);
    if (typeof s.maximum === "number" && value > s.maximum) fail(`above maximum ${s.maximum}`);
    if (typeof s.exclusiveMinimum === "number" && value <= s.exclusiveMinimum) fail(`not above ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === "number" && value >= s.exclusiveMaximum) fail(`not below ${s.exclusiveMaximum}`);
    if (typeof s.multipleOf === "number" && Math.abs(value / s.multipleOf - Math.round(value / s.multipleOf)) > 1e-9)
      fail(`not a multiple of ${s.multipleOf}`);
  }

  if (Array.isArray(value)) {
    if (typeof s.minItems === "number" && value.length < s.minItems) fail(`fewer than ${s.minItems} items`);
    if (typeof s.maxItems === "number" && value.length > s.maxItems) fail(`more than ${s.maxItems} items`);
    if (s.uniqueItems === true && new Set(value.map((item) => JSON.stringify(item))).size !== value.length) fail("items are not unique");
    const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as Schema[]) : [];
    value.forEach((item, index) => {
      if (index < prefix.length) check(prefix[index]!, item, root, `${path}[${index}]`, errors);
      else if (s.items !== undefined) check(s.items as Schema, item, root, `${path}[${index}]`, errors);
    });
  }

  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    if (typeof s.minProperties === "number" && keys.length < s.minProperties) fail(`fewer than ${s.minProperties} properties`);
    if (typeof s.maxProperties === "number" && keys.length > s.maxProperties) fail(`more than ${s.maxProperties} properties`);
    for (const name of Array.isArray(s.required) ? (s.required as string[]) : []) {
      if (!(name in object)) fail(`missing required property "${name}"`);
    }
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    for (const key of keys) {
      const child = path ? `${path}.${key}` : key;
      if (s.propertyNames !== undefined) check(s.propertyNames as Schema, key, root, `${child} (name)`, errors);
      if (key in properties) check(properties[key]!, object[key], root, child, errors);
      else if (s.additionalProperties === false) fail(`unexpected property "${key}"`);
      else if (s.additionalProperties !== undefined && s.additionalProperties !== true)
        check(s.additionalProperties as Schema, object[key], root, child, errors);
    }
  }

  if (Array.isArray(s.allOf)) for (const part of s.allOf as Schema[]) check(part, value, root, path, errors);
  if (Array.isArray(s.anyOf)) {
    const passing = (s.anyOf as Schema[]).filter((option) => validate(option, value, root).length === 0);
    if (passing.length === 0) fail("matches none of anyOf");
  }
  if (Array.isArray(s.oneOf)) {
    const passing = (s.oneOf as Schema[]).filter((option) => validate(option, value, root).length === 0);
    if (passing.length !== 1) fail(`matches ${passing.length} of oneOf (exactly one required)`);
  }
  if (s.not !== undefined && validate(s.not as Schema, value, root).length === 0) fail("matches a schema it must not");
}
