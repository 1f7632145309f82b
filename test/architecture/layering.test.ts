import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkLayering,
  collectImports,
  type ImportEdge,
  layerOf,
  packageOf,
} from "./layering-rules.js";

const ROOT = join(import.meta.dirname, "..", "..");

/** Every TypeScript source file under src/, relative to the repository root with `/` separators. */
const sourceFiles = (): string[] =>
  readdirSync(join(ROOT, "src"), { recursive: true, encoding: "utf8" })
    .filter((name) => /\.(c|m)?tsx?$/.test(name))
    .map((name) =>
      relative(ROOT, join(ROOT, "src", name))
        .split(sep)
        .join("/"),
    )
    .sort();

describe("layering of src/ (DESIGN.md §2: dependencies point down only)", () => {
  it("holds for every import and re-export in src/", () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100);
    const edges = files.flatMap((file) =>
      collectImports(file, readFileSync(join(ROOT, file), "utf8")),
    );
    // Every layer's files were read and their imports found (a parser finding nothing would pass vacuously).
    expect(edges.length).toBeGreaterThan(files.length);
    const violations = checkLayering(edges).map((v) => `${v.from} → ${v.specifier}: ${v.rule}`);
    expect(violations).toEqual([]);
  });
});

describe("the layering check", () => {
  const edge = (from: string, specifier: string): ImportEdge => ({ from, specifier });
  const refused = (from: string, specifier: string) =>
    checkLayering([edge(from, specifier)]).map((v) => v.rule);

  it("places files in their layers", () => {
    expect(layerOf("src/index.ts")).toBe("root");
    expect(layerOf("src/index.js")).toBe("root");
    expect(layerOf("src/run-id/parse.ts")).toBe("run-id");
    expect(layerOf("src/cli/audit/analyze.ts")).toBe("cli");
    expect(layerOf("src/helpers.ts")).toBe("unknown");
    expect(layerOf("src/utils/x.ts")).toBe("unknown");
    expect(layerOf("test/service/tags.test.ts")).toBeUndefined();
    expect(packageOf("@electric-sql/pglite/live")).toBe("@electric-sql/pglite");
    expect(packageOf("pg")).toBe("pg");
    expect(packageOf("airtable/lib/record")).toBe("airtable");
  });

  it("allows the imports the design allows", () => {
    const allowed = [
      edge("src/run-id/parse.ts", "./scanner.js"),
      edge("src/run-id/parse.ts", "neverthrow"),
      edge("src/store/port.ts", "../run-id/brand.js"),
      edge("src/service/context.ts", "../store/port.js"),
      edge("src/service/context.ts", "../run-id/index.js"),
      edge("src/memory/memory-store.ts", "../store/change-rules.js"),
      edge("src/airtable/store.ts", "../store/job-query.js"),
      edge("src/airtable/base-client.ts", "airtable"),
      edge("src/postgres/store.ts", "pg"),
      edge("src/postgres/store.ts", "@electric-sql/pglite"),
      edge("src/postgres/store.ts", "../run-id/index.js"),
      edge("src/index.ts", "./memory/index.js"),
      edge("src/testing/suite.ts", "vitest"),
      edge("src/testing/suite.ts", "../memory/index.js"),
      edge("src/compat/record-functions.ts", "../service/index.js"),
      edge("src/cli/main.ts", "../airtable/mapping.js"),
      edge("src/cli/main.ts", "./audit/index.js"),
      edge("src/cli/main.ts", "node:fs/promises"),
      edge("src/cli/commands/generate.ts", "../../index.js"),
      edge("src/compat/generate.ts", "../index.js"),
      // Outside src/ nothing is checked.
      edge("test/cli/fixture.ts", "airtable"),
    ];
    expect(checkLayering(allowed)).toEqual([]);
  });

  it("refuses every import the design forbids", () => {
    const forbidden: readonly [string, string, RegExp][] = [
      ["src/run-id/parse.ts", "../store/records.js", /run-id may import only nothing of ours/],
      ["src/store/port.ts", "../service/index.js", /store may import only run-id/],
      ["src/store/port.ts", "../memory/memory-store.js", /store may import only run-id/],
      ["src/service/context.ts", "../memory/memory-store.js", /service may import only/],
      ["src/service/context.ts", "../airtable/store.js", /service may import only/],
      ["src/memory/memory-store.ts", "../airtable/fold.js", /memory may import only/],
      ["src/airtable/fold.ts", "../memory/memory-store.js", /airtable may import only/],
      ["src/postgres/store.ts", "../airtable/error-map.js", /postgres may import only/],
      ["src/airtable/store.ts", "../service/index.js", /airtable may import only/],
      ["src/memory/index.ts", "../testing/index.js", /memory may import only/],
      ["src/postgres/store.ts", "../compat/index.js", /postgres may import only/],
      ["src/testing/suite.ts", "../compat/index.js", /testing may import only/],
      ["src/compat/index.ts", "../testing/index.js", /compat may import only/],
      ["src/index.ts", "./airtable/index.js", /src\/root may import only/],
      ["src/index.ts", "./testing/index.js", /src\/root may import only/],
      ["src/testing/suite.ts", "../cli/main.js", /nothing outside src\/cli imports src\/cli/],
      ["src/compat/index.ts", "../cli/audit/index.js", /nothing outside src\/cli/],
      ["src/service/x.ts", "../../package.json", /outside src/],
      ["src/helpers.ts", "./run-id/index.js", /in no layer/],
      ["src/store/port.ts", "../utils/x.js", /in no layer/],
      ["src/cli/source/airtable-gateway.ts", "airtable", /only src\/airtable imports .*airtable/],
      ["src/testing/suite.ts", "airtable", /only src\/airtable/],
      ["src/compat/index.ts", "pg", /only src\/postgres imports the client library pg/],
      ["src/airtable/store.ts", "pg", /only src\/postgres/],
      ["src/postgres/store.ts", "airtable", /only src\/airtable/],
      ["src/cli/main.ts", "@electric-sql/pglite/live", /only src\/postgres/],
      ["src/memory/memory-store.ts", "@electric-sql/pglite", /only src\/postgres/],
      ["src/service/context.ts", "lodash", /imports no package but neverthrow/],
      ["src/store/port.ts", "node:fs", /imports no Node.js module/],
      ["src/index.ts", "vitest", /imports no package but neverthrow/],
      ["src/service/context.ts", "../index.js", /service may import only run-id, store/],
      ["src/memory/memory-store.ts", "../index.js", /memory may import only run-id, store/],
    ];
    for (const [from, specifier, rule] of forbidden) {
      const rules = refused(from, specifier);
      expect(rules, `${from} → ${specifier}`).toHaveLength(1);
      expect(rules[0], `${from} → ${specifier}`).toMatch(rule);
    }
  });

  it("finds every form of import, and none in comments or strings", () => {
    const text = [
      '// import "./commented.js";',
      '/* export * from "./block.js"; */',
      'import type { A } from "./type-only.js";',
      "import { b } from '../single-quoted.js';",
      'import "./side-effect.js";',
      'export * from "./star.js";',
      'export { d } from "./named.js";',
      'export type { E } from "./type-reexport.js";',
      'const m = await import("./dynamic.js");',
      'type T = import("./type-query.js").T;',
      'const r = require("./required.cjs");',
      "const s = 'import \"./in-a-string.js\"';",
    ].join("\n");
    expect(collectImports("src/x.ts", text).map((e) => e.specifier)).toEqual([
      "./type-only.js",
      "../single-quoted.js",
      "./side-effect.js",
      "./star.js",
      "./named.js",
      "./type-reexport.js",
      "./dynamic.js",
      "./type-query.js",
      "./required.cjs",
    ]);
  });
});
