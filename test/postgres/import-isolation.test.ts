import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

// PGlite is an ES module, which never enters require.cache: a resolve hook refuses pg and PGlite instead, so an
// import of either (static or dynamic, ES or CommonJS via import) makes loading the entry fail.
const hooks = `export async function resolve(specifier, context, next) {
  if (/^(pg|pg-[a-z-]+|@electric-sql\\/pglite)(\\/|$)/.test(specifier)) throw new Error("loaded " + specifier);
  return next(specifier, context);
}`;

/** Imports each entry in one fresh Node process; returns what they loaded of pg or PGlite (empty when nothing). */
const clientModulesAfter = (entries: readonly string[]): string[] => {
  const script = `
    const { register, createRequire } = await import("node:module");
    register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hooks)}));
    const found = [];
    for (const entry of ${JSON.stringify(entries)}) {
      try {
        await import(entry);
      } catch (error) {
        found.push(entry + ": " + String(error?.message ?? error));
      }
    }
    const cache = Object.keys(createRequire(import.meta.url).cache);
    found.push(...cache.filter((k) => /node_modules\\/(pg|pg-[a-z-]+|@electric-sql\\/pglite)\\//.test(k)));
    console.log(JSON.stringify(found));
  `;
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", script],
    { cwd: root, encoding: "utf8" },
  );
  return JSON.parse(out.trim().split("\n").pop() ?? "[]");
};

describe("loading pg and PGlite", () => {
  it("the check sees pg and PGlite when something does load them", () => {
    expect(clientModulesAfter(["pg", "@electric-sql/pglite"])).toEqual([
      "pg: loaded pg",
      "@electric-sql/pglite: loaded @electric-sql/pglite",
    ]);
  });

  it("no entry loads them, not even run-records/postgres: the caller brings the client", () => {
    const entries = [
      "./src/index.ts",
      "./src/testing/index.ts",
      "./src/airtable/index.ts",
      "./src/compat/index.ts",
      "./src/postgres/index.ts",
    ];
    expect(clientModulesAfter(entries)).toEqual([]);
  });
});
