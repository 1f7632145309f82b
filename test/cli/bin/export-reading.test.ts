import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { snapshotDir } from "./dir-snapshot.js";
import { isOneLineError, requireBuilt, runBin, scratchDir } from "./run-bin.js";

beforeAll(requireBuilt);

const NOW = ["--now", "2025-10-08T12:00:00Z"];
const dirOf = (): string => scratchDir("rr-read-");

describe("a file that is not an export is an error, never 'No findings' (built binary)", () => {
  it("null, 42, text, {}, [], empty, one line, a directory: exit 1, one line", async () => {
    const dir = dirOf();
    const cases: [string, string][] = [
      ["null", "not an export"],
      ["42", "not an export"],
      ['"hello"', "not an export"],
      ["{}", "not an Airtable export"],
      ["[]", "is an empty list"],
      ["", "is empty"],
      ["just one line of text\n", "not an export"],
      ['{"records": [', "not valid JSON"],
    ];
    for (const [text, message] of cases) {
      const path = join(dir, "x.json");
      writeFileSync(path, text);
      const r = await runBin(["audit", "--file", path, ...NOW]);
      expect([text, r.code, r.stdout, isOneLineError(r.stderr)]).toEqual([text, 1, "", true]);
      expect(r.stderr, text).toContain(message);
    }
    const folder = await runBin(["audit", "--file", dir, ...NOW]);
    expect([folder.code, folder.stdout, isOneLineError(folder.stderr)]).toEqual([1, "", true]);
    expect(folder.stderr).toContain("is a directory");
  });

  it("refuses text that is not UTF-8, naming the byte offset; never replaces it with U+FFFD", async () => {
    const dir = dirOf();
    const path = join(dir, "latin1.json");
    const head = Buffer.from(
      '{"records":[{"id":"r1","fields":{"Run ID":"251007-070457","Status":"Compl',
    );
    writeFileSync(path, Buffer.concat([head, Buffer.from([0xe9]), Buffer.from('ted"}}]}')]));
    const before = snapshotDir(dir);
    for (const args of [
      ["audit", "--file", path],
      ["repair", "--plan", join(dir, "p.json"), "--file", path],
    ]) {
      const r = await runBin([...args, ...NOW]);
      expect([r.code, r.stdout, isOneLineError(r.stderr)]).toEqual([1, "", true]);
      expect(r.stderr).toContain(
        `is not UTF-8 text: byte ${head.length} starts an invalid sequence`,
      );
    }
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe("wrong types are findings with the record ID; a repair never writes over them (built binary)", () => {
  const record = (
    id: string,
    fields: Record<string, unknown>,
    createdTime = "2025-10-07T07:05:00.000Z",
  ) => ({
    id,
    createdTime,
    fields,
  });
  const exportJson = {
    "Job Tracking": {
      records: [
        record("recJob1", { "Run ID": "251007-070457", Status: "Completed" }),
        record("recJobArr", { "Run ID": ["251007-070458"], Status: "Completed" }),
        record("recJobStat", { "Run ID": "251007-070459", Status: ["Completed"] }),
        record("recJobObj", { "Run ID": "251007-070500", Status: { name: "Completed" } }),
        record("recJobTime", {
          "Run ID": "251007-070501",
          Status: "Completed",
          "Start Time": "yesterday",
        }),
        record("recJobCreated", { "Run ID": "251007-070502", Status: "Completed" }, "not a date"),
      ],
    },
    "Client Run Results": {
      records: [
        record("recCrA", {
          "Run ID": "251007-070457-Guy-Wilson",
          "Client ID": "Guy-Wilson",
          Status: "Completed",
          "Profiles Examined for Scoring": 10,
        }),
        record(
          "recCrB",
          {
            "Run ID": "251007-070457-Guy-Wilson",
            "Client ID": "Guy-Wilson",
            Status: "Completed",
            "Profiles Examined for Scoring": "lots",
          },
          "2025-10-07T07:06:00.000Z",
        ),
      ],
    },
  };

  it("audit lists each with its record and field", async () => {
    const dir = dirOf();
    const path = join(dir, "export.json");
    writeFileSync(path, JSON.stringify(exportJson));
    const r = await runBin(["audit", "--file", path, "--json", ...NOW]);
    expect(r.code).toBe(1);
    const wrong = JSON.parse(r.stdout)
      .findings.filter((f: { kind: string }) => f.kind === "wrong-type")
      .map(
        (f: { recordIds: string[]; message: string }) =>
          `${f.recordIds[0]}: ${f.message.split(";")[0]}`,
      );
    expect(wrong).toEqual([
      "recJobArr: field 'Run ID' holds an array, not text",
      "recJobStat: field 'Status' holds an array, not text",
      "recJobObj: field 'Status' holds an object, not text",
      "recJobTime: field 'Start Time' holds text, not a date",
      "recJobCreated: createdTime is not a date",
      "recCrB: field 'Profiles Examined for Scoring' holds text, not a number",
    ]);
  });

  it("the plan writes over none of them and does not merge a duplicate holding one", async () => {
    const dir = dirOf();
    const path = join(dir, "export.json");
    writeFileSync(path, JSON.stringify(exportJson));
    const r = await runBin(["repair", "--plan", join(dir, "plan.json"), "--file", path, ...NOW]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8"));
    expect(plan.actions).toEqual([]);
    expect(plan.unresolved.map((f: { kind: string; message: string }) => f.kind)).toContain(
      "duplicate",
    );
    expect(r.stdout).toContain(
      "not merged: recCrB 'Profiles Examined for Scoring' could not be read",
    );
  });
});

describe("CSV exports (built binary)", () => {
  it("a header naming a column twice is an error, never last-wins", async () => {
    const dir = dirOf();
    const path = join(dir, "client-run-results.csv");
    writeFileSync(path, "Run ID,Client ID,Status,Status\n251007-070457-A,A,Completed,Failed\n");
    const r = await runBin(["audit", "--file", path, ...NOW]);
    expect([r.code, r.stdout, isOneLineError(r.stderr)]).toEqual([1, "", true]);
    expect(r.stderr).toContain("names column 'Status' twice");
  });

  it("reads a byte-order mark and CRLF line ends; a column the mapping lacks is a finding", async () => {
    const dir = dirOf();
    const path = join(dir, "client-run-results.csv");
    const rows = [
      "Run ID,Client ID,Status,Duration",
      "251007-070457-Guy-Wilson,Guy-Wilson,Completed,5",
      "251007-070457-Dean-Hobin,Dean-Hobin,Completed,6",
    ];
    writeFileSync(path, `\uFEFF${rows.join("\r\n")}\r\n`);
    const r = await runBin(["audit", "--file", path, "--json", ...NOW]);
    const report = JSON.parse(r.stdout);
    expect(report.read).toEqual({ jobs: 0, clientRuns: 2, unreadable: 0 });
    const kinds = report.findings.map(
      (f: { kind: string; value?: string }) => `${f.kind} ${f.value ?? ""}`,
    );
    expect(kinds).toContain("unmapped-column Duration");
    // No '\r' or BOM leaks into a value: the Run IDs are canonical, so no Run ID finding.
    expect(kinds.filter((k: string) => k.includes("run-id"))).toEqual([]);
  });
});

describe("repair of a CSV export writes CSV back (built binary)", () => {
  it("same columns in the same order, untouched cells as they were; the input unchanged", async () => {
    const dir = dirOf();
    const input = join(dir, "job-tracking.csv");
    const text =
      "\uFEFFRecord ID,Run ID,Status,Start Time,Duration\r\n" +
      "recA,251007-070457.0,completed,2025-10-07T07:04:57.000Z,5\r\n" +
      'recB,251007-080000,Completed,2025-10-07T08:00:00.000Z,"1,5"\r\n';
    writeFileSync(input, text);
    const plan = join(dir, "plan.json");
    expect((await runBin(["repair", "--plan", plan, "--file", input, ...NOW])).code).toBe(0);
    const applied = await runBin(["repair", "--apply", plan, ...NOW]);
    expect(applied.code).toBe(0);
    expect(readFileSync(input, "utf8")).toBe(text);
    expect(readFileSync(join(dir, "job-tracking.repaired.csv"), "utf8")).toBe(
      "Record ID,Run ID,Status,Start Time,Duration\r\n" +
        "recA,251007-070457,Completed,2025-10-07T07:04:57.000Z,5\r\n" +
        'recB,251007-080000,Completed,2025-10-07T08:00:00.000Z,"1,5"\r\n',
    );
  });

  it("refuses, writing nothing, a plan that must create records the CSV's table cannot hold", async () => {
    const dir = dirOf();
    const input = join(dir, "client-run-results.csv");
    writeFileSync(
      input,
      "Run ID,Client ID,Status\n251007-070457-Guy-Wilson,Guy-Wilson,Completed\n251007-070457-A,A,Completed\n",
    );
    const plan = join(dir, "plan.json");
    expect((await runBin(["repair", "--plan", plan, "--file", input, ...NOW])).code).toBe(0);
    const before = snapshotDir(dir);
    const r = await runBin(["repair", "--apply", plan, ...NOW]);
    expect([r.code, r.stdout, isOneLineError(r.stderr)]).toEqual([1, "", true]);
    expect(r.stderr).toContain("which a CSV of Client Run Results cannot hold");
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe("a legacy C marker is read against the record's own Client ID (built binary)", () => {
  it("OYkC0ZbuWPOvwkLid-CJ-Smith is consistent with CJ-Smith and with J-Smith, a mismatch with Bob", async () => {
    const dir = dirOf();
    const path = join(dir, "export.json");
    const acked = "run-records: legacy run ID kept as recorded";
    const run = (id: string, client: string) => ({
      id,
      createdTime: "2025-10-07T07:00:00.000Z",
      fields: {
        "Run ID": "OYkC0ZbuWPOvwkLid-CJ-Smith",
        "Client ID": client,
        Status: "Completed",
        "System Notes": acked,
      },
    });
    writeFileSync(
      path,
      JSON.stringify({
        "Job Tracking": {
          records: [
            {
              id: "recJ",
              fields: { "Run ID": "OYkC0ZbuWPOvwkLid", Status: "Completed", "System Notes": acked },
            },
          ],
        },
        "Client Run Results": {
          records: [run("recCJ", "CJ-Smith"), run("recJ", "J-Smith"), run("recBob", "Bob")],
        },
      }),
    );
    const r = await runBin(["audit", "--file", path, "--json", ...NOW]);
    const findings = JSON.parse(r.stdout).findings.map(
      (f: { kind: string; recordIds: string[] }) => `${f.kind} ${f.recordIds.join(",")}`,
    );
    expect(findings).toEqual(["client-mismatch recBob"]);
  });
});
