import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { isOneLineError, requireBuilt, runBin, scratchDir } from "./run-bin.js";

// A small heap (not a big file) makes the audit run out of memory quickly: V8 then aborts the
// process with a native report, which the supervising CLI process must turn into one line.
const dir = scratchDir("rr-oom-");
const file = join(dir, "client-run-results.json");

beforeAll(() => {
  requireBuilt();
  const records = Array.from({ length: 60_000 }, (_, i) => ({
    id: `rec${String(i).padStart(14, "0")}`,
    createdTime: "2025-10-07T07:04:57.000Z",
    fields: {
      "Run ID": `251007-070457-Client-${i}`,
      "Client ID": `Client-${i}`,
      Status: "Running",
      "Start Time": "2025-10-07T07:04:57.000Z",
      "Progress Log": "x".repeat(200),
    },
  }));
  writeFileSync(file, JSON.stringify({ records }));
});

describe("running out of memory", () => {
  it("ends with one line and exit 1, never V8's native report", async () => {
    const result = await runBin(["audit", "--file", file, "--now", "2025-10-08T12:00:00Z"], {
      env: { NODE_OPTIONS: "--max-old-space-size=24" },
    });
    expect(result.code).toBe(1);
    expect(isOneLineError(result.stderr), result.stderr.slice(0, 300)).toBe(true);
    expect(result.stderr).toMatch(/out of memory/);
    expect(result.stderr).not.toMatch(/FATAL|Last few GCs|node::/);
  }, 60_000);
});
