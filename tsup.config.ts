import { defineConfig } from "tsup";

// One multi-entry build: `splitting` keeps the core in a shared chunk so brands and
// module-level state (the shared generator) are the same object across entry points.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    testing: "src/testing/index.ts",
    airtable: "src/airtable/index.ts",
    compat: "src/compat/index.ts",
    cli: "src/cli/main.ts",
  },
  format: ["esm", "cjs"],
  dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
  splitting: true,
  sourcemap: false,
  clean: true,
  target: "node20",
  treeshake: true,
  external: ["airtable", "vitest", "fast-check", "neverthrow"],
});
