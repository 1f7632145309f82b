import { beforeAll, describe, expect, it } from "vitest";
import { isOneLineError, requireBuilt, runBin } from "./run-bin.js";

beforeAll(requireBuilt);

describe("run-records parse (built binary)", () => {
  it("explains a client run ID with its repairs, in UTC and a chosen zone; exit 0", async () => {
    const r = await runBin([
      "parse",
      "251007-070457-Guy-Wilson-Guy-Wilson",
      "--time-zone",
      "Europe/London",
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/kind +client/);
    expect(r.stdout).toMatch(/base +251007-070457/);
    expect(r.stdout).toMatch(/client +Guy-Wilson/);
    expect(r.stdout).toMatch(/utc +2025-10-07T07:04:57Z/);
    expect(r.stdout).toMatch(/Europe\/London +2025-10-07 08:04:57/);
    expect(r.stdout).toMatch(/repairs +double-suffix/);
  });

  it("describes legacy shapes and errors as JSON; exit 1 when any input is invalid", async () => {
    const r = await runBin(["parse", "SR-250924-001-T3304-S1-CDean-Hobin", "UNKNOWN", "--json"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json[0]).toMatchObject({
      ok: true,
      kind: "legacy",
      format: "sr",
      clientId: "Dean-Hobin",
    });
    expect(json[1]).toMatchObject({ input: "UNKNOWN", ok: false, error: { type: "placeholder" } });
  });

  it("exits 2 on usage errors with one line on stderr", async () => {
    for (const args of [
      ["parse"],
      ["parse", "x", "--bogus"],
      ["parse", "x", "--time-zone", "Mars/Base"],
    ]) {
      const r = await runBin(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(isOneLineError(r.stderr)).toBe(true);
    }
  });

  it("prints help with exit 0", async () => {
    const r = await runBin(["parse", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: run-records parse");
  });
});

describe("run-records normalize (built binary)", () => {
  it("prints canonical IDs, attaching the given client", async () => {
    const r = await runBin([
      "normalize",
      " 251007-070457.0",
      "251007-070457",
      "--client",
      "Guy-Wilson",
    ]);
    expect(r).toEqual({
      code: 0,
      stdout: "251007-070457-Guy-Wilson\n251007-070457-Guy-Wilson\n",
      stderr: "",
    });
  });

  it("refuses another client's ID and legacy shapes: exit 1, reason on stderr", async () => {
    const r = await runBin([
      "normalize",
      "251007-070457-Guy-Wilson",
      "SR-250922-001",
      "--client",
      "Wilson",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('"251007-070457-Guy-Wilson"');
    expect(r.stderr).toContain("legacy");
  });

  it("reports per input as JSON", async () => {
    const r = await runBin(["normalize", "251007-070457:Guy-Wilson", "--json"]);
    expect(JSON.parse(r.stdout)).toEqual([
      { input: "251007-070457:Guy-Wilson", ok: true, runId: "251007-070457-Guy-Wilson" },
    ]);
  });
});

describe("run-records generate (built binary)", () => {
  it("mints consecutive IDs from the injected clock (--now)", async () => {
    const r = await runBin(["generate", "--count", "3", "--now", "2025-10-07T07:04:57Z"]);
    expect(r).toEqual({
      code: 0,
      stdout: "251007-070457\n251007-070458\n251007-070459\n",
      stderr: "",
    });
  });

  it("takes the clock from RUN_RECORDS_NOW and writes the zone's wall time on request", async () => {
    const r = await runBin(["generate", "--time-zone", "Asia/Tokyo", "--json"], {
      env: { RUN_RECORDS_NOW: "2025-10-07T23:30:00Z" },
    });
    expect(JSON.parse(r.stdout)).toEqual(["251008-083000"]);
  });

  it("refuses more IDs than the generator may run ahead of the clock: exit 2 with one line", async () => {
    const r = await runBin(["generate", "--count", "302", "--now", "2025-10-07T07:04:57Z"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(isOneLineError(r.stderr)).toBe(true);
  });

  it("exits 2 for a bad count, a bad --now, or a stray argument", async () => {
    for (const args of [
      ["generate", "--count", "0"],
      ["generate", "--count", "x"],
      ["generate", "--now", "soon"],
      ["generate", "extra"],
    ]) {
      const r = await runBin(args);
      expect([r.code, isOneLineError(r.stderr)]).toEqual([2, true]);
    }
  });
});

describe("run-records (built binary)", () => {
  it("has --help on every command", async () => {
    for (const command of ["parse", "normalize", "generate", "audit", "repair"]) {
      const r = await runBin([command, "--help"]);
      expect(r).toMatchObject({ code: 0, stderr: "" });
      expect(r.stdout).toContain(`run-records ${command}`);
    }
  });

  it("lists the commands on --help and exits 2 without a command or with an unknown one", async () => {
    expect((await runBin(["--help"])).stdout).toContain("Commands:");
    const none = await runBin([]);
    expect([none.code, isOneLineError(none.stderr)]).toEqual([2, true]);
    const unknown = await runBin(["explode"]);
    expect([unknown.code, isOneLineError(unknown.stderr)]).toEqual([2, true]);
  });
});
