/**
 * Generates app/types/database.ts: a `Database` type in the shape supabase-js expects
 * (public.Tables.<table>.Row/Insert/Update/Relationships, Views, Functions, Enums), read from the
 * live schema over DATABASE_URL (default: the local stack's database).
 *
 *   npx tsx scripts/db-types.ts            # write the file
 *   npx tsx scripts/db-types.ts --check    # fail if the file differs from the schema
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { projectRoot, resolveStackConfig } from "./stack/config.ts";

const outputFile = path.join(projectRoot, "app", "types", "database.ts");
const SCHEMA = "public";
/** Created by supabase/local only; hosted projects do not have it, so the app must not rely on it. */
const LOCAL_ONLY_FUNCTIONS = new Set(["pgrst_notify_reload"]);

type Column = {
  table_name: string;
  column_name: string;
  ordinal_position: number;
  is_nullable: boolean;
  has_default: boolean;
  is_identity: boolean;
  /** GENERATED ALWAYS (computed or identity): never written by clients. */
  is_generated: boolean;
  type_schema: string;
  type_name: string;
  type_kind: string;
  element_type_name: string | null;
  element_type_kind: string | null;
  domain_base_type: string | null;
};

function baseScalar(typeName: string): string {
  switch (typeName) {
    case "bool":
      return "boolean";
    case "int2":
    case "int4":
    case "int8":
    case "float4":
    case "float8":
    case "numeric":
    case "oid":
      return "number";
    case "json":
    case "jsonb":
      return "Json";
    case "void":
      return "undefined";
    default:
      return "string";
  }
}

function tsType(column: Pick<Column, "type_name" | "type_kind" | "element_type_name" | "element_type_kind" | "domain_base_type">, enums: Set<string>): string {
  const scalar = (name: string, kind: string | null, domainBase: string | null) => {
    if (kind === "e" && enums.has(name)) return `Database["public"]["Enums"]["${name}"]`;
    if (kind === "d" && domainBase) return baseScalar(domainBase);
    return baseScalar(name);
  };
  if (column.element_type_name) return `${scalar(column.element_type_name, column.element_type_kind, null)}[]`;
  return scalar(column.type_name, column.type_kind, column.domain_base_type);
}

const key = (name: string) => (/^[a-z_][a-z0-9_]*$/i.test(name) ? name : JSON.stringify(name));

export async function generateTypes(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: enumRows } = await client.query<{ name: string; labels: string[] }>(
      `select t.typname as name, array_agg(e.enumlabel order by e.enumsortorder)::text[] as labels
       from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
       where n.nspname = $1 group by t.typname order by t.typname`,
      [SCHEMA],
    );
    const enums = new Set(enumRows.map((row) => row.name));

    const { rows: relations } = await client.query<{ name: string; kind: string }>(
      `select c.relname as name, c.relkind as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and c.relkind in ('r', 'p', 'v', 'm')
         and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
       order by c.relname`,
      [SCHEMA],
    );

    const { rows: columns } = await client.query<Column>(
      `select c.relname as table_name, a.attname as column_name, a.attnum as ordinal_position,
              not a.attnotnull as is_nullable, a.atthasdef as has_default,
              a.attidentity <> '' as is_identity, (a.attgenerated <> '' or a.attidentity = 'a') as is_generated,
              tn.nspname as type_schema, t.typname as type_name, t.typtype as type_kind,
              et.typname as element_type_name, et.typtype as element_type_kind,
              bt.typname as domain_base_type
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_type t on t.oid = a.atttypid
       join pg_namespace tn on tn.oid = t.typnamespace
       left join pg_type et on et.oid = t.typelem and t.typcategory = 'A'
       left join pg_type bt on bt.oid = t.typbasetype and t.typtype = 'd'
       where n.nspname = $1 and c.relkind in ('r', 'p', 'v', 'm') and a.attnum > 0 and not a.attisdropped
       order by c.relname, a.attnum`,
      [SCHEMA],
    );

    // Nullability of a domain comes from the domain's own NOT NULL, which columns rarely use.
    const { rows: foreignKeys } = await client.query<{
      table_name: string; name: string; columns: string[]; referenced_table: string; referenced_columns: string[]; one_to_one: boolean;
    }>(
      `select cl.relname as table_name, con.conname as name,
              array(select a.attname from unnest(con.conkey) with ordinality k(attnum, i)
                    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.i)::text[] as columns,
              rcl.relname as referenced_table,
              array(select a.attname from unnest(con.confkey) with ordinality k(attnum, i)
                    join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.i)::text[] as referenced_columns,
              exists (
                select 1 from pg_index ix
                where ix.indrelid = con.conrelid and ix.indisunique and ix.indpred is null
                  and (select array_agg(x order by x) from unnest(ix.indkey::int2[]) x) =
                      (select array_agg(x order by x) from unnest(con.conkey) x)
              ) as one_to_one
       from pg_constraint con
       join pg_class cl on cl.oid = con.conrelid
       join pg_namespace n on n.oid = cl.relnamespace
       join pg_class rcl on rcl.oid = con.confrelid
       join pg_namespace rn on rn.oid = rcl.relnamespace
       where con.contype = 'f' and n.nspname = $1 and rn.nspname = $1
       order by cl.relname, con.conname`,
      [SCHEMA],
    );

    const { rows: functions } = await client.query<{
      name: string; arg_names: string[] | null; arg_types: string[]; arg_kinds: string[]; arg_elem: (string | null)[]; arg_defaults: number;
      return_type: string; return_kind: string; return_elem: string | null; returns_set: boolean;
    }>(
      `select p.proname as name, p.proargnames::text[] as arg_names,
              array(select t.typname from unnest(p.proargtypes) with ordinality a(oid, i) join pg_type t on t.oid = a.oid order by a.i)::text[] as arg_types,
              array(select t.typtype::text from unnest(p.proargtypes) with ordinality a(oid, i) join pg_type t on t.oid = a.oid order by a.i)::text[] as arg_kinds,
              array(select et.typname from unnest(p.proargtypes) with ordinality a(oid, i) join pg_type t on t.oid = a.oid
                    left join pg_type et on et.oid = t.typelem and t.typcategory = 'A' order by a.i)::text[] as arg_elem,
              p.pronargdefaults as arg_defaults,
              rt.typname as return_type, rt.typtype as return_kind, ret.typname as return_elem, p.proretset as returns_set
       from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace
       join pg_type rt on rt.oid = p.prorettype
       left join pg_type ret on ret.oid = rt.typelem and rt.typcategory = 'A'
       where n.nspname = $1 and p.prokind = 'f' and rt.typname <> 'trigger'
         and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
       order by p.proname`,
      [SCHEMA],
    );

    const byTable = new Map<string, Column[]>();
    for (const column of columns) {
      const list = byTable.get(column.table_name) ?? [];
      list.push(column);
      byTable.set(column.table_name, list);
    }

    const indent = (lines: string[], depth: number) => lines.map((line) => `${"  ".repeat(depth)}${line}`);
    const renderRelation = (name: string, isView: boolean) => {
      const cols = byTable.get(name) ?? [];
      const row = cols.map((c) => `${key(c.column_name)}: ${tsType(c, enums)}${c.is_nullable ? " | null" : ""};`);
      const insertable = cols.map((c) => {
        if (c.is_generated) return `${key(c.column_name)}?: never;`;
        const optional = c.is_nullable || c.has_default || c.is_identity;
        return `${key(c.column_name)}${optional ? "?" : ""}: ${tsType(c, enums)}${c.is_nullable ? " | null" : ""};`;
      });
      const updatable = cols.map((c) =>
        c.is_generated ? `${key(c.column_name)}?: never;` : `${key(c.column_name)}?: ${tsType(c, enums)}${c.is_nullable ? " | null" : ""};`,
      );
      const relationships = foreignKeys
        .filter((fk) => fk.table_name === name)
        .map(
          (fk) =>
            `{ foreignKeyName: ${JSON.stringify(fk.name)}; columns: ${JSON.stringify(fk.columns)}; isOneToOne: ${fk.one_to_one}; referencedRelation: ${JSON.stringify(fk.referenced_table)}; referencedColumns: ${JSON.stringify(fk.referenced_columns)} },`,
        );
      return [
        `${key(name)}: {`,
        "  Row: {",
        ...indent(row, 2),
        "  };",
        ...(isView
          ? []
          : ["  Insert: {", ...indent(insertable, 2), "  };", "  Update: {", ...indent(updatable, 2), "  };"]),
        relationships.length ? "  Relationships: [" : "  Relationships: [];",
        ...(relationships.length ? [...indent(relationships, 2), "  ];"] : []),
        "};",
      ];
    };

    const tables = relations.filter((r) => r.kind === "r" || r.kind === "p").flatMap((r) => renderRelation(r.name, false));
    const views = relations.filter((r) => r.kind === "v" || r.kind === "m").flatMap((r) => renderRelation(r.name, true));
    const fnLines = functions
      .filter((fn) => !LOCAL_ONLY_FUNCTIONS.has(fn.name))
      .flatMap((fn) => {
        const names = fn.arg_names ?? [];
        const firstDefault = fn.arg_types.length - fn.arg_defaults;
        const args = fn.arg_types.map((type, i) => {
          const t = tsType({ type_name: type, type_kind: fn.arg_kinds[i] ?? "b", element_type_name: fn.arg_elem[i] ?? null, element_type_kind: null, domain_base_type: null }, enums);
          return `${key(names[i] || `arg${i}`)}${i >= firstDefault ? "?" : ""}: ${t}`;
        });
        const returns = tsType({ type_name: fn.return_type, type_kind: fn.return_kind, element_type_name: fn.return_elem, element_type_kind: null, domain_base_type: null }, enums);
        return [
          `${key(fn.name)}: {`,
          args.length ? `  Args: { ${args.join("; ")} };` : "  Args: Record<PropertyKey, never>;",
          `  Returns: ${returns}${fn.returns_set ? "[]" : ""};`,
          "};",
        ];
      });
    const enumLines = enumRows.map((e) => `${key(e.name)}: ${e.labels.map((l) => JSON.stringify(l)).join(" | ")};`);
    const constantLines = enumRows.map((e) => `${key(e.name)}: [${e.labels.map((l) => JSON.stringify(l)).join(", ")}],`);

    return `// GENERATED by scripts/db-types.ts from the database schema (npm run db:types). Do not edit.

export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type Database = {
  public: {
    Tables: {
${indent(tables, 3).join("\n")}
    };
    Views: {
${views.length ? indent(views, 3).join("\n") : "      [_ in never]: never;"}
    };
    Functions: {
${fnLines.length ? indent(fnLines, 3).join("\n") : "      [_ in never]: never;"}
    };
    Enums: {
${indent(enumLines, 3).join("\n")}
    };
    CompositeTypes: {
      [_ in never]: never;
    };
  };
};

type PublicSchema = Database["public"];

export type Tables<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Row"];
export type TablesInsert<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Insert"];
export type TablesUpdate<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Update"];
export type Enums<T extends keyof PublicSchema["Enums"]> = PublicSchema["Enums"][T];

export const Constants = {
  public: {
    Enums: {
${indent(constantLines, 3).join("\n")}
    },
  },
} as const;
`;
  } finally {
    await client.end();
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const databaseUrl = process.env.DATABASE_URL || resolveStackConfig().databaseUrl;
  const output = await generateTypes(databaseUrl).catch((error: Error) => {
    console.error(`Could not read the schema from ${databaseUrl.replace(/:[^:@/]+@/, ":***@")}: ${error.message}`);
    console.error("Start the stack (npm run stack) or set DATABASE_URL.");
    process.exit(1);
  });
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(outputFile) ? fs.readFileSync(outputFile, "utf8") : "";
    if (current !== output) {
      console.error("app/types/database.ts is out of date: run npm run db:types");
      process.exit(1);
    }
    console.log("app/types/database.ts is up to date");
  } else {
    fs.mkdirSync(path.dirname(outputFile), { recursive: true });
    fs.writeFileSync(outputFile, output);
    console.log(`wrote ${path.relative(projectRoot, outputFile)}`);
  }
}
