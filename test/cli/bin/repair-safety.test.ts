import { copyFileSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { damagedExpected, fixturePath } from "../fixture.js";
import { snapshotDir } from "./dir-snapshot.js";
import { isOneLineError, requireBuilt, runBin, scratchDir } from "./run-bin.js";

beforeAll(requireBuilt);

const NOW = ["--now", damagedExpected().now];

/** A temp folder holding a copy of damaged.json, and a plan made from it. */
const planned = async (): Promise<{ dir: string; input: string; plan: string }> => {
  const dir = scratchDir("rr-safety-");
  const input = join(dir, "export.json");
  copyFileSync(fixturePath("damaged.json"), input);
  const plan = join(dir, "plan.json");
  const r = await runBin(["repair", "--plan", plan, "--file", input, ...NOW]);
  expect(r.code).toBe(0);
  return { dir, input, plan };
};

describe("no command writes over an input or an existing file (built binary)", () => {
  it("repair --plan refuses the export itself as the plan path, also through a link", async () => {
    const dir = scratchDir("rr-safety-");
    const input = join(dir, "export.json");
    copyFileSync(fixturePath("damaged.json"), input);
    symlinkSync(input, join(dir, "link.json"));
    const before = snapshotDir(dir);
    for (const plan of [
      input,
      join(dir, "link.json"),
      join(dir, ".", "..", dir.split("/").pop() as string, "export.json"),
    ]) {
      const r = await runBin(["repair", "--plan", plan, "--file", input, ...NOW]);
      expect([r.code, r.stdout, isOneLineError(r.stderr)]).toEqual([1, "", true]);
      expect(r.stderr).toContain("is the input export");
    }
    expect(snapshotDir(dir)).toEqual(before);
  });

  it("repair --plan refuses an existing plan file unless --overwrite", async () => {
    const { dir, input, plan } = await planned();
    const before = snapshotDir(dir);
    const again = await runBin(["repair", "--plan", plan, "--file", input, ...NOW]);
    expect([again.code, isOneLineError(again.stderr)]).toEqual([1, true]);
    expect(again.stderr).toContain("already exists");
    expect(snapshotDir(dir)).toEqual(before);
    const forced = await runBin(["repair", "--plan", plan, "--file", input, "--overwrite", ...NOW]);
    expect(forced.code).toBe(0);
  });

  it("repair --apply P --output P refuses and writes nothing (no backup, no output)", async () => {
    const { dir, plan } = await planned();
    const before = snapshotDir(dir);
    const r = await runBin(["repair", "--apply", plan, "--output", plan, ...NOW]);
    expect([r.code, r.stdout, isOneLineError(r.stderr)]).toEqual([1, "", true]);
    expect(r.stderr).toContain("is the plan");
    expect(snapshotDir(dir)).toEqual(before);
  });

  it("re-running an apply never writes over the earlier *.repaired.json without --overwrite", async () => {
    const { dir, plan } = await planned();
    expect((await runBin(["repair", "--apply", plan, ...NOW])).code).toBe(0);
    const before = snapshotDir(dir);
    const again = await runBin(["repair", "--apply", plan, ...NOW]);
    expect([again.code, isOneLineError(again.stderr)]).toEqual([1, true]);
    expect(again.stderr).toContain("export.repaired.json already exists");
    expect(snapshotDir(dir)).toEqual(before);
    const forced = await runBin(["repair", "--apply", plan, "--overwrite", ...NOW]);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, "export.repaired.json"))).toEqual(
      Buffer.from(before["export.repaired.json"] as string, "base64"),
    );
  });

  it("two applies in the same second (even at once) both succeed, each with its own backup", async () => {
    const { dir, plan } = await planned();
    const [a, b] = await Promise.all([
      runBin(["repair", "--apply", plan, "--output", join(dir, "a.json"), ...NOW]),
      runBin(["repair", "--apply", plan, "--output", join(dir, "b.json"), ...NOW]),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const backups = readdirSync(dir)
      .filter((f) => f.includes(".backup-"))
      .sort();
    expect(backups).toEqual([
      "plan.backup-20251008T120000-2.json",
      "plan.backup-20251008T120000.json",
    ]);
    expect(readFileSync(join(dir, backups[0] as string))).toEqual(
      readFileSync(join(dir, backups[1] as string)),
    );
    const named = await runBin([
      "repair",
      "--apply",
      plan,
      "--output",
      join(dir, "c.json"),
      "--backup",
      join(dir, backups[0] as string),
      ...NOW,
    ]);
    expect([named.code, isOneLineError(named.stderr)]).toEqual([1, true]);
    expect(named.stderr).toContain("already exists");
  });

  it("repair --restore B --output B refuses and leaves the backup as it was", async () => {
    const { dir, plan } = await planned();
    const out = join(dir, "out.json");
    expect((await runBin(["repair", "--apply", plan, "--output", out, ...NOW])).code).toBe(0);
    const backup = join(dir, readdirSync(dir).find((f) => f.includes(".backup-")) as string);
    const before = snapshotDir(dir);
    const r = await runBin([
      "repair",
      "--restore",
      backup,
      "--file",
      out,
      "--output",
      backup,
      ...NOW,
    ]);
    expect([r.code, r.stdout, isOneLineError(r.stderr)]).toEqual([1, "", true]);
    expect(r.stderr).toContain("is the backup");
    const intoInput = await runBin([
      "repair",
      "--restore",
      backup,
      "--file",
      out,
      "--output",
      out,
      ...NOW,
    ]);
    expect(intoInput.stderr).toContain("is the input export");
    expect(snapshotDir(dir)).toEqual(before);
  });
});
