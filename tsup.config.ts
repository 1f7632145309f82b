import { resolve } from "node:path";
import { defineConfig, type Options } from "tsup";

const shared: Options = {
  entry: {
    index: "src/index.ts",
    testing: "src/testing/index.ts",
    airtable: "src/airtable/index.ts",
    postgres: "src/postgres/index.ts",
    compat: "src/compat/index.ts",
    cli: "src/cli/main.ts",
  },
  dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
  // `splitting` keeps the core in a shared chunk so brands and module-level state (the shared
  // generator, the compat cache) are one object across entry points of the same format.
  splitting: true,
  sourcemap: false,
  clean: false,
  target: "node20",
  treeshake: true,
};

// vitest throws when require()d, so the CommonJS build of `run-records/testing` gets a stand-in
// whose functions explain that the suite must be imported from an ES module.
const vitestShim = {
  name: "vitest-cjs-shim",
  setup(build: { onResolve: (o: { filter: RegExp }, f: () => { path: string }) => void }) {
    build.onResolve({ filter: /^vitest$/ }, () => ({
      path: resolve(import.meta.dirname, "src/testing/vitest-cjs-shim.ts"),
    }));
  },
};

export default defineConfig([
  {
    ...shared,
    format: "esm",
    external: ["airtable", "pg", "@electric-sql/pglite", "vitest", "fast-check", "neverthrow"],
  },
  {
    ...shared,
    format: "cjs",
    external: ["airtable", "pg", "@electric-sql/pglite", "fast-check", "neverthrow"],
    noExternal: ["vitest"], // so the shim plugin, not tsup's peer-dependency rule, resolves it
    esbuildPlugins: [vitestShim],
  },
]);
