import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Proves the packed artefact, not the source: every entry point from CommonJS, ESM and
// TypeScript (NodeNext and bundler resolution) in a scratch project, plus the CLI binary.
const root = resolve(import.meta.dirname, "../..");
const entries = [
  "run-records",
  "run-records/testing",
  "run-records/airtable",
  "run-records/postgres",
  "run-records/compat",
];
const tsc = join(root, "node_modules/typescript/bin/tsc");
let scratch = "";
// A cold tsc over every entry's declarations took over 30 s on a loaded machine.
const TSC_TIMEOUT = 120_000;

const run = (cmd: string, args: string[], cwd = scratch) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "run-records-smoke-"));
  run("npm", ["pack", "--ignore-scripts", "--pack-destination", scratch], root);
  const tarball = readdirSync(scratch).find((f) => f.endsWith(".tgz"));
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  // Peers of the optional entries come from the lockfile's versions (already in the npm cache).
  run("npm", [
    "install",
    "--prefer-offline",
    "--no-audit",
    "--no-fund",
    "--ignore-scripts",
    `./${tarball}`,
    "neverthrow@8.2.0",
    "airtable@0.12.2",
    "fast-check@4.10.2",
    "vitest@4.1.12",
    "@types/node@20.19.43",
  ]);
}, 240_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("packed package", () => {
  it("loads every entry point with CommonJS require", () => {
    const script = `
      const core = require("run-records");
      if (!core.parseRunId("251007-070457-Guy-Wilson").isOk()) throw new Error("core parse");
      for (const e of ${JSON.stringify(entries)}) {
        const m = require(e);
        if (Object.keys(m).length === 0) throw new Error("empty entry " + e);
      }
      // vitest cannot be require()d, so from CommonJS the suite explains itself; the rest works.
      const testing = require("run-records/testing");
      const store = testing.createFaultyStore(core.createMemoryStore(), { failRate: 0 });
      if (store.name === undefined) throw new Error("faulty store");
      try {
        testing.describeRunRecordStore({ name: "x", create: () => store });
        throw new Error("describeRunRecordStore ran under require()");
      } catch (e) {
        if (!/ES module/.test(e.message)) throw e;
      }
      const compat = require("run-records/compat");
      process.stdout.write(compat.getBaseRunId("251007-070457-Guy-Wilson"));
    `;
    expect(run("node", ["-e", script])).toBe("251007-070457");
  });

  it("loads every entry point with ESM import", () => {
    const script = `
      const core = await import("run-records");
      for (const e of ${JSON.stringify(entries)}) {
        const m = await import(e);
        if (Object.keys(m).length === 0) throw new Error("empty entry " + e);
      }
      const r = core.withClient(core.parseRunId("251007-070457")._unsafeUnwrap().runId,
        core.parseClientId("Guy-Wilson")._unsafeUnwrap());
      process.stdout.write(r._unsafeUnwrap());
    `;
    expect(run("node", ["--input-type=module", "-e", script])).toBe("251007-070457-Guy-Wilson");
  });

  it.each(["nodenext", "bundler"])(
    "typechecks a TypeScript consumer (%s resolution)",
    (mode) => {
      const dir = join(scratch, mode);
      mkdirSync(dir, { recursive: true });
      const module = mode === "nodenext" ? "NodeNext" : "ESNext";
      const tsconfig = {
        compilerOptions: {
          module,
          moduleResolution: mode,
          target: "ES2022",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ["node"],
        },
        include: ["consumer.ts"],
      };
      writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
      writeFileSync(
        join(dir, "consumer.ts"),
        `import { parseRunId, type RunId, type BaseRunId } from "run-records";
import * as testing from "run-records/testing";
import * as airtable from "run-records/airtable";
import { openPostgresStore } from "run-records/postgres";
import * as compat from "run-records/compat";
const parsed = parseRunId("251007-070457");
if (parsed.isOk() && parsed.value.kind === "base") {
  const base: BaseRunId = parsed.value.runId;
  const id: RunId = base;
  void id;
}
// @ts-expect-error a plain string is not a RunId
const bad: RunId = "251007-070457";
void bad; void testing; void airtable; void compat; void openPostgresStore;
`,
      );
      // Resolve run-records from the scratch project's node_modules (one level up).
      expect(() => run("node", [tsc, "-p", "tsconfig.json"], dir)).not.toThrow();
    },
    TSC_TIMEOUT,
  );

  it("runs the CLI binary", () => {
    const out = run("npx", ["--no-install", "run-records", "parse", "251007-070457-Guy-Wilson"]);
    expect(out).toContain("Guy-Wilson");
  });
});
