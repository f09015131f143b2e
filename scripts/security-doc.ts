/**
 * Writes the RLS matrix from test/rls-matrix.ts into docs/security.md, between its markers, so the
 * document and the tested matrix cannot drift apart (test/rls-matrix.test.ts checks they match).
 *
 *   npx tsx scripts/security-doc.ts
 */
import fs from "node:fs";
import path from "node:path";
import { MATRIX_BEGIN, MATRIX_END, renderMatrixMarkdown } from "../test/rls-matrix.ts";
import { projectRoot } from "./stack/config.ts";

const docFile = path.join(projectRoot, "docs", "security.md");
const doc = fs.readFileSync(docFile, "utf8");
const start = doc.indexOf(MATRIX_BEGIN);
const end = doc.indexOf(MATRIX_END);
if (start < 0 || end < start) throw new Error(`docs/security.md must contain the markers ${MATRIX_BEGIN} … ${MATRIX_END}`);
fs.writeFileSync(docFile, doc.slice(0, start) + renderMatrixMarkdown() + doc.slice(end + MATRIX_END.length));
console.log("updated docs/security.md");
