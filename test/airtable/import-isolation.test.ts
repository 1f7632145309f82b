import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Imports `entry` in a fresh Node process and lists the loaded CommonJS modules from the airtable package. */
const airtableModulesAfter = (entry: string): string[] => {
  const script = `
    const { createRequire } = await import("node:module");
    await import(${JSON.stringify(entry)});
    const cache = createRequire(import.meta.url).cache;
    console.log(JSON.stringify(Object.keys(cache).filter((k) => k.includes("node_modules/airtable/"))));
  `;
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", script],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  return JSON.parse(out.trim().split("\n").pop() ?? "[]");
};

describe("loading airtable", () => {
  it("the check sees airtable when something does load it", () => {
    expect(airtableModulesAfter("airtable").length).toBeGreaterThan(0);
  });

  it("importing run-records (the core) never loads airtable", () => {
    expect(airtableModulesAfter("./src/index.ts")).toEqual([]);
  });

  it("even the airtable entry only needs airtable's types: the caller's base brings the client", () => {
    expect(airtableModulesAfter("./src/airtable/index.ts")).toEqual([]);
  });
});
