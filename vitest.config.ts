import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.cjs"],
    reporters: ["default", "./scripts/count-reporter.ts"],
    // One throwaway PostgreSQL server per run, started on the first test that asks for a database.
    globalSetup: ["./test/support/postgres/global-setup.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    // vitest's default on two cores is one worker; many files mostly wait on child processes and
    // servers, so three overlap that waiting without starving the CPU-bound ones.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
