import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { damagedExpected, fixturePath } from "../fixture.js";
import { snapshotDir } from "./dir-snapshot.js";
import { isOneLineError, requireBuilt, runBin, scratchDir } from "./run-bin.js";

beforeAll(requireBuilt);

const NOW = ["--now", damagedExpected().now];
// biome-ignore lint/suspicious/noExplicitAny: the tampering cases walk arbitrary plan JSON
type Json = Record<string, any>;
const readJson = (path: string): Json => JSON.parse(readFileSync(path, "utf8"));

const planned = async (): Promise<{ dir: string; input: string; plan: string }> => {
  const dir = scratchDir("rr-checks-");
  const input = join(dir, "export.json");
  copyFileSync(fixturePath("damaged.json"), input);
  const plan = join(dir, "plan.json");
  expect((await runBin(["repair", "--plan", plan, "--file", input, ...NOW])).code).toBe(0);
  return { dir, input, plan };
};

const editRecord = (path: string, table: string, id: string, fields: Json): void => {
  const json = readJson(path);
  const row = json[table].records.find((r: Json) => r.id === id);
  Object.assign(row.fields, fields);
  writeFileSync(path, JSON.stringify(json, null, 2));
};

/** Runs a command that must refuse: exit 1, one line containing `text`, the folder unchanged. */
const refuses = async (dir: string, args: readonly string[], text: string): Promise<void> => {
  const before = snapshotDir(dir);
  const r = await runBin([...args, ...NOW]);
  expect([r.code, r.stdout, isOneLineError(r.stderr)], r.stderr).toEqual([1, "", true]);
  expect(r.stderr).toContain(text);
  expect(snapshotDir(dir)).toEqual(before);
};

describe("a plan is tied to what it was made from (built binary)", () => {
  it("refuses the same export edited after planning, naming the record and field", async () => {
    const { dir, input, plan } = await planned();
    editRecord(input, "Client Run Results", "recCrDupA0000001", {
      "Profiles Examined for Scoring": 999,
    });
    await refuses(
      dir,
      ["repair", "--apply", plan],
      "record recCrDupA0000001: field 'Profiles Examined for Scoring' changed since the plan: it holds 999, the plan expected 40",
    );
    const forced = await runBin(["repair", "--apply", plan, "--force", ...NOW]);
    expect(forced.code).toBe(1); // applied what it could; the conflicts make the exit code 1
    expect(forced.stdout).toContain("3 conflicts");
  });

  it("refuses another export (a record the plan does not touch differs), and accepts the same tables reformatted", async () => {
    const { dir, input, plan } = await planned();
    const other = join(dir, "other.json");
    copyFileSync(input, other);
    editRecord(other, "Job Tracking", readJson(input)["Job Tracking"].records[0].id, {
      Stream: 42,
    });
    await refuses(
      dir,
      ["repair", "--apply", plan, "--file", other, "--output", join(dir, "o.json")],
      "other.json is not the export the plan was made from: table Job Tracking differs from the plan's source",
    );
    const compact = join(dir, "compact.json");
    writeFileSync(compact, JSON.stringify(readJson(input)));
    const r = await runBin([
      "repair",
      "--apply",
      plan,
      "--file",
      compact,
      "--output",
      join(dir, "c.json"),
      ...NOW,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Applied 21 updates, 1 creates, 3 deletes");
  });

  it("refuses a plan applied with another mapping than it was made with", async () => {
    const { dir, plan } = await planned();
    const mapping = join(dir, "mapping.json");
    writeFileSync(mapping, JSON.stringify({ fields: { stream: "Stream No" } }));
    await refuses(
      dir,
      ["repair", "--apply", plan, "--mapping", mapping],
      "another table/field mapping",
    );
  });
});

describe("a plan is validated in full before the first write (built binary)", () => {
  const tamper: [string, (plan: Json) => unknown, string][] = [
    [
      "a formula field",
      (p) => {
        p.actions[0].before.Duration = null;
        p.actions[0].after.Duration = 5;
      },
      "names field 'Duration', which is not a mapped writable field",
    ],
    [
      "a number into Run ID",
      (p) => {
        const a = p.actions.find((x: Json) => x.type === "update" && "Run ID" in x.after);
        a.after["Run ID"] = 42;
      },
      "field 'Run ID' 42 must be non-empty text",
    ],
    [
      "null over Run ID",
      (p) => {
        const a = p.actions.find((x: Json) => x.type === "update" && "Run ID" in x.after);
        a.after["Run ID"] = null;
      },
      "field 'Run ID' null must be non-empty text, never null",
    ],
    [
      "null over Client ID",
      (p) => {
        const a = p.actions.find((x: Json) => x.type === "update");
        a.before["Client ID"] = "x";
        a.after["Client ID"] = null;
      },
      "field 'Client ID' null must be non-empty text, never null",
    ],
    [
      "an array into Status",
      (p) => {
        const a = p.actions.find((x: Json) => x.type === "update");
        a.before.Status = null;
        a.after.Status = ["Completed"];
      },
      "field 'Status' [\"Completed\"] is not text",
    ],

    [
      "text into a metric",
      (p) => {
        const a = p.actions.find((x: Json) => x.type === "update");
        a.before["Apify API Costs"] = null;
        a.after["Apify API Costs"] = "lots";
      },
      "is not a number",
    ],
    [
      "a delete of a record no group names",
      (p) => {
        const a = p.actions.find((x: Json) => x.type === "delete");
        a.recordId = "recJobGood000001";
      },
      "deletes only a duplicate the plan's groups merge into",
    ],
    [
      "an unknown table",
      (p) => {
        p.actions[0].table = "Leads";
      },
      "names table 'Leads'",
    ],
    [
      "no reasons",
      (p) => {
        delete p.actions[0].reasons;
      },
      "needs reasons",
    ],
    [
      "no fingerprint",
      (p) => {
        delete p.fingerprint;
      },
      "has no fingerprint",
    ],
    [
      "a mapping pointing at Duration",
      (p) => {
        p.mapping.fields.tags = "Duration";
      },
      "the plan's mapping does not match its fingerprint",
    ],
    [
      "an action that is null",
      (p) => {
        p.actions[1] = null;
      },
      "actions[1] is not an object",
    ],
    [
      "actions that are not a list",
      (p) => {
        p.actions = 42;
      },
      "needs actions, groups and unresolved lists",
    ],
    [
      "two actions on one record",
      (p) => {
        p.actions.push(p.actions[0]);
      },
      "is a second action on the same record",
    ],
    ["null", () => null, "is not a JSON object"],
    ["an array", () => [], "is not a JSON object"],
  ];
  it("refuses every tampered plan with one line and writes nothing (no output, no backup)", async () => {
    const { dir, plan } = await planned();
    const original = readFileSync(plan, "utf8");
    for (const [what, change, message] of tamper) {
      const json = JSON.parse(original);
      const replaced = change(json);
      writeFileSync(plan, JSON.stringify(replaced === undefined ? json : replaced));
      const before = snapshotDir(dir);
      const r = await runBin(["repair", "--apply", plan, ...NOW]);
      expect([what, r.code, r.stdout, isOneLineError(r.stderr)]).toEqual([what, 1, "", true]);
      expect(r.stderr, what).toContain(message);
      expect(snapshotDir(dir), what).toEqual(before);
    }
    // One binary run per tampered plan, one after another (they share the plan file).
  }, 120_000);
});

describe("repair --restore (built binary)", () => {
  const applied = async () => {
    const { dir, input, plan } = await planned();
    const out = join(dir, "out.json");
    expect((await runBin(["repair", "--apply", plan, "--output", out, ...NOW])).code).toBe(0);
    const backup = join(dir, readdirSync(dir).find((f) => f.includes(".backup-")) as string);
    return { dir, input, out, backup };
  };

  it("--dry-run says what it would do and writes nothing", async () => {
    const { dir, out, backup } = await applied();
    const before = snapshotDir(dir);
    const r = await runBin([
      "repair",
      "--restore",
      backup,
      "--file",
      out,
      "--output",
      join(dir, "r.json"),
      "--dry-run",
      ...NOW,
    ]);
    expect([r.code, r.stdout]).toEqual([
      0,
      "Would restore 21 records, put back 3 deleted records and removed 1 created records.\n",
    ]);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it("refuses a record changed after the apply, naming record and field; --force restores every field", async () => {
    const { dir, input, out, backup } = await applied();
    editRecord(out, "Client Run Results", "recCrDupA0000001", {
      "Profiles Examined for Scoring": 7,
    });
    await refuses(
      dir,
      ["repair", "--restore", backup, "--file", out, "--output", join(dir, "r.json")],
      "Client Run Results record recCrDupA0000001 field 'Profiles Examined for Scoring' changed after the apply: it holds 7, the apply wrote 120",
    );
    const r = await runBin([
      "repair",
      "--restore",
      backup,
      "--file",
      out,
      "--output",
      join(dir, "r.json"),
      "--force",
      ...NOW,
    ]);
    expect(r.code).toBe(0);
    const byId = (rows: Json[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    const original = readJson(input);
    const restored = readJson(join(dir, "r.json"));
    for (const table of Object.keys(original)) {
      expect(byId(restored[table].records)).toEqual(byId(original[table].records));
    }
  });
});
