import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { damagedExpected, fixturePath } from "../fixture.js";
import { isOneLineError, requireBuilt, runBin, scratchDir } from "./run-bin.js";

beforeAll(requireBuilt);

const NOW = ["--now", "2025-10-08T12:00:00Z"];

describe("the command line (built binary)", () => {
  it("'-' reads standard input: parse and normalize one ID a line, audit --file -", async () => {
    const norm = await runBin(["normalize", "-"], {
      input: "251007-070457:Guy-Wilson\n 251007-070458 \n",
    });
    expect([norm.code, norm.stdout]).toEqual([0, "251007-070457-Guy-Wilson\n251007-070458\n"]);
    const parse = await runBin(["parse", "-", "--json"], { input: "251007-070457\r\nUNKNOWN\r\n" });
    expect(
      JSON.parse(parse.stdout).map((d: { input: string; ok: boolean }) => [d.input, d.ok]),
    ).toEqual([
      ["251007-070457", true],
      ["UNKNOWN", false],
    ]);
    const fromStdin = await runBin(
      ["audit", "--file", "-", "--table", "x", "--now", damagedExpected().now, "--json"],
      {
        input: readFileSync(fixturePath("damaged.json"), "utf8"),
      },
    );
    const fromFile = await runBin([
      "audit",
      "--file",
      fixturePath("damaged.json"),
      "--now",
      damagedExpected().now,
      "--json",
    ]);
    expect(fromStdin.code).toBe(1);
    expect(JSON.parse(fromStdin.stdout).findings).toEqual(JSON.parse(fromFile.stdout).findings);
  });

  it("option errors say what was wrong; generate refuses what its help text says it does", async () => {
    const negative = await runBin(["generate", "--count", "-1", ...NOW]);
    expect([negative.code, negative.stderr]).toEqual([
      2,
      "run-records: generate: --count must be a positive number, got '-1'\n",
    ]);
    const help = await runBin(["generate", "--help"]);
    expect(help.stdout).toContain("at most 300");
    expect(
      (await runBin(["generate", "--count", "300", ...NOW])).stdout.trim().split("\n"),
    ).toHaveLength(300);
    const over = await runBin(["generate", "--count", "301", ...NOW]);
    expect([over.code, over.stdout, over.stderr]).toEqual([
      2,
      "",
      "run-records: generate: --count must be at most 300, got 301\n",
    ]);
    const main = await runBin(["--help"]);
    expect(main.stdout).toContain("RUN_RECORDS_NOW");
  });

  it("shows bidi overrides and zero-width characters in IDs escaped, like control characters", async () => {
    const r = await runBin([
      "parse",
      "251007-070457-Guy\u202eWilson",
      "251007-070457-Guy\u200bWilson",
    ]);
    expect(r.stdout).toContain('"251007-070457-Guy\\u202eWilson"');
    expect(r.stdout).toContain('"251007-070457-Guy\\u200bWilson"');
    expect(r.stdout).not.toMatch(/[\u202e\u200b]/);
    const json = await runBin(["parse", "251007-070457-Guy\u202eWilson", "--json"]);
    expect(JSON.parse(json.stdout)[0].input).toBe("251007-070457-Guy\u202eWilson");
    expect(isOneLineError((await runBin(["normalize"])).stderr)).toBe(true);
  });
});

describe("the README's try-it commands work as written (built binary)", () => {
  it("audit, plan, dry run, apply with --backup, restore --dry-run, restore: the original comes back", async () => {
    const dir = scratchDir("rr-readme-");
    const at = (name: string): string => join(dir, name);
    copyFileSync(fixturePath("damaged.json"), at("export.json"));
    const steps: [string[], number][] = [
      [["audit", "--file", fixturePath("damaged.json")], 1],
      [["repair", "--plan", at("plan.json"), "--file", at("export.json")], 0],
      [["repair", "--apply", at("plan.json"), "--dry-run"], 0],
      [["repair", "--apply", at("plan.json"), "--backup", at("backup.json")], 0],
      [
        [
          "repair",
          "--restore",
          at("backup.json"),
          "--file",
          at("export.repaired.json"),
          "--output",
          at("restored.json"),
          "--dry-run",
        ],
        0,
      ],
      [
        [
          "repair",
          "--restore",
          at("backup.json"),
          "--file",
          at("export.repaired.json"),
          "--output",
          at("restored.json"),
        ],
        0,
      ],
    ];
    for (const [args, code] of steps) {
      const r = await runBin([...args, ...NOW]);
      expect([args.slice(0, 2).join(" "), r.code, r.stderr]).toEqual([
        args.slice(0, 2).join(" "),
        code,
        "",
      ]);
    }
    const byId = (rows: { id: string }[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    const original = JSON.parse(readFileSync(at("export.json"), "utf8"));
    const restored = JSON.parse(readFileSync(at("restored.json"), "utf8"));
    for (const table of Object.keys(original)) {
      expect(byId(restored[table].records)).toEqual(byId(original[table].records));
    }
  });
});
