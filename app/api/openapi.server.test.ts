import { describe, expect, it } from "vitest";
import { docsOperations, fieldRows } from "./docs-model";
import { buildOpenApiDocument } from "./openapi.server";
import { PROBLEM_KINDS, problemAnchor } from "./problem.server";

const SITE = "https://clustermatch.example";

function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refsIn(item, found);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
}

describe("OpenAPI document", () => {
  const document = buildOpenApiDocument(SITE);

  it("is OpenAPI 3.1 with the v1 server", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers).toEqual([{ url: `${SITE}/api/v1` }]);
    expect(() => JSON.parse(JSON.stringify(document))).not.toThrow();
  });

  it("describes every endpoint of the issue", () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(
      [
        "GET /suppliers",
        "GET /suppliers/{id}",
        "POST /match",
        "GET /needs",
        "POST /needs",
        "GET /needs/{id}/matches",
        "POST /import",
        "GET /openapi.json",
      ].sort()
    );
  });

  it("resolves every $ref", () => {
    for (const ref of refsIn(document)) {
      const name = ref.replace("#/components/schemas/", "");
      expect(document.components.schemas[name], ref).toBeDefined();
    }
  });

  it("gives every operation an id, Korean texts and problem+json errors", () => {
    const ids = new Set<string>();
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item)) {
        const id = operation.operationId as string;
        expect(ids.has(id)).toBe(false);
        ids.add(id);
        expect(operation["x-summary-ko"]).toBeTruthy();
        expect(operation["x-description-ko"]).toBeTruthy();
        for (const [status, response] of Object.entries(operation.responses as Record<string, { content?: Record<string, unknown> }>)) {
          if (Number(status) >= 400) expect(Object.keys(response.content ?? {}), `${id} ${status}`).toEqual(["application/problem+json"]);
        }
      }
    }
  });

  it("takes request and response shapes from the zod schemas", () => {
    const match = document.components.schemas.MatchRequest as {
      properties: Record<string, { maximum?: number; default?: number }>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(match.required.sort()).toEqual(["description", "kind"]);
    expect(match.properties.limit).toMatchObject({ maximum: 100, default: 20 });
    expect(match.additionalProperties).toBe(false);
    const result = document.components.schemas.MatchResult as { required: string[] };
    expect(result.required).toEqual(
      expect.arrayContaining(["supplier_id", "external_id", "name_en", "name_ko", "score", "distance_km", "meets_required", "reasons"])
    );
  });

  it("lists every problem type with an anchor the problem type URIs point to", () => {
    expect(document["x-problem-types"].map((problem) => problem.anchor)).toEqual(PROBLEM_KINDS.map(problemAnchor));
    for (const problem of document["x-problem-types"]) {
      expect(problem.type).toBe(`${SITE}/api/docs#${problem.anchor}`);
      expect(problem.title_ko).not.toBe(problem.title_en);
    }
  });
});

describe("documentation page model", () => {
  const document = buildOpenApiDocument(SITE);

  it("lists operations with localized texts", () => {
    const english = docsOperations(document, "en");
    const korean = docsOperations(document, "ko");
    const matchEn = english.find((operation) => operation.id === "matchSuppliers")!;
    const matchKo = korean.find((operation) => operation.id === "matchSuppliers")!;
    expect(matchEn.summary).toBe("Match suppliers to a need");
    expect(matchKo.summary).toBe("수요에 맞는 공급업체 찾기");
    expect(matchEn.requiresAuth).toBe(true);
    expect(english.find((operation) => operation.id === "searchSuppliers")!.requiresAuth).toBe(false);
    expect(matchEn.requestBody?.schemaRef).toBe("MatchRequest");
    expect(matchEn.responses.find((response) => response.status === "429")?.problemAnchors).toEqual(["problem-rate-limited"]);
  });

  it("flattens schemas into field rows, with nested objects and links to named schemas", () => {
    const rows = fieldRows(document.components.schemas.MatchRequest!, "ko");
    const names = rows.map((row) => row.name);
    expect(names).toContain("location");
    const location = rows.find((row) => row.name === "location")!;
    expect(location.ref).toBe("Location");
    const limit = rows.find((row) => row.name === "limit")!;
    expect(limit.constraints).toEqual(expect.arrayContaining(["≥ 1", "≤ 100", "default: 20"]));
    expect(limit.description).toBe("반환할 공급업체 수 (1–100).");
    const needRows = fieldRows(document.components.schemas.Need!, "en").map((row) => row.name);
    expect(needRows).toContain("location.lat");
    expect(needRows).toContain("required_processes");
  });
});
