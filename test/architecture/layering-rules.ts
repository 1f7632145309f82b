import { posix } from "node:path";
import ts from "typescript";

/** One import or re-export found in a source file. */
export interface ImportEdge {
  /** The importing file, relative to the repository root with `/` separators (`src/service/list-jobs.ts`). */
  readonly from: string;
  /** The module specifier exactly as written (`../store/port.js`, `airtable`, `node:fs`). */
  readonly specifier: string;
}

/** An edge that breaks a rule, with the rule's reason. */
export interface Violation extends ImportEdge {
  readonly rule: string;
}

/** The folders of `src/`, each a layer; `root` is `src/index.ts`, the `run-records` entry point. */
export type Layer =
  | "root"
  | "run-id"
  | "store"
  | "service"
  | "memory"
  | "airtable"
  | "postgres"
  | "testing"
  | "compat"
  | "cli";

const LAYERS: readonly Layer[] = [
  "run-id",
  "store",
  "service",
  "memory",
  "airtable",
  "postgres",
  "testing",
  "compat",
  "cli",
];

const CORE: readonly Layer[] = ["run-id", "store"];
const ADAPTERS: readonly Layer[] = ["memory", "airtable", "postgres"];

/** Which of our layers each layer may import (besides itself). Dependencies point down only. */
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  "run-id": [],
  store: ["run-id"],
  service: ["run-id", "store"],
  memory: CORE,
  airtable: CORE,
  postgres: CORE,
  // `run-records` itself: never an entry point that loads a client library, the suite or the CLI.
  root: ["run-id", "store", "service", "memory"],
  // The outer layers use the core and the adapters, the public `run-records` entry included.
  testing: ["root", ...CORE, "service", ...ADAPTERS],
  compat: ["root", ...CORE, "service", ...ADAPTERS],
  cli: ["root", ...CORE, "service", ...ADAPTERS],
};

/** Client libraries and the one adapter allowed to import each (subpaths included). */
const CLIENT_LIBRARIES: readonly (readonly [string, Layer])[] = [
  ["airtable", "airtable"],
  ["pg", "postgres"],
  ["@electric-sql/pglite", "postgres"],
];

/** The packages the core, the memory store and the `run-records` entry may import: neverthrow only. */
const CORE_PACKAGES: ReadonlySet<string> = new Set(["neverthrow"]);
const PACKAGE_LIMITED: ReadonlySet<Layer> = new Set([
  "root",
  "run-id",
  "store",
  "service",
  "memory",
]);

/**
 * The layer a file belongs to.
 * @returns the layer, `undefined` for a file outside `src/`, or `"unknown"` for a folder no rule names
 */
export function layerOf(path: string): Layer | "unknown" | undefined {
  const parts = path.split("/");
  if (parts[0] !== "src") return undefined;
  // A specifier names `index.js` for the file `index.ts`.
  if (parts.length === 2) return /^index\.[cm]?[jt]s$/.test(parts[1] ?? "") ? "root" : "unknown";
  return LAYERS.find((layer) => layer === parts[1]) ?? "unknown";
}

/** The package a bare specifier names (`@scope/name` or `name`), without its subpath. */
export function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** Checks every edge against the layering rules; an empty list means the layering holds. */
export function checkLayering(edges: readonly ImportEdge[]): Violation[] {
  const violations: Violation[] = [];
  for (const edge of edges) {
    const rule = brokenRule(edge);
    if (rule !== undefined) violations.push({ ...edge, rule });
  }
  return violations;
}

function brokenRule(edge: ImportEdge): string | undefined {
  const from = layerOf(edge.from);
  if (from === undefined) return undefined;
  if (from === "unknown") return `${edge.from} is in no layer: add its folder to the rules`;
  if (edge.specifier.startsWith(".")) {
    const target = posix.normalize(posix.join(posix.dirname(edge.from), edge.specifier));
    const to = layerOf(target);
    if (to === undefined) return `imports ${target}, outside src/`;
    if (to === "unknown") return `imports ${target}, which is in no layer`;
    if (to === from) return undefined;
    if (to === "cli") return "nothing outside src/cli imports src/cli";
    if (!MAY_IMPORT[from].includes(to)) {
      const allowed = MAY_IMPORT[from].join(", ") || "nothing of ours";
      return `src/${from} may import only ${allowed} (it imports src/${to})`;
    }
    return undefined;
  }
  if (edge.specifier.startsWith("node:")) {
    return PACKAGE_LIMITED.has(from) ? `src/${from} imports no Node.js module` : undefined;
  }
  const name = packageOf(edge.specifier);
  const owner = CLIENT_LIBRARIES.find(([library]) => library === name)?.[1];
  if (owner !== undefined && owner !== from) {
    return `only src/${owner} imports the client library ${name}`;
  }
  if (PACKAGE_LIMITED.has(from) && !CORE_PACKAGES.has(name)) {
    return `src/${from} imports no package but ${[...CORE_PACKAGES].join(", ")} (it imports ${name})`;
  }
  return undefined;
}

/**
 * Every import, re-export, dynamic `import()`, type import and `require` of a source file, as
 * TypeScript's own pre-processor reads them (comments and strings are not imports).
 * @param from the file's path relative to the repository root
 */
export function collectImports(from: string, text: string): ImportEdge[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((file) => ({ from, specifier: file.fileName }));
}
