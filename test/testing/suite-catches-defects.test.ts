import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { VARIANTS } from "./fixtures/variants.js";

interface Assertion {
  readonly ancestorTitles: readonly string[];
  readonly title: string;
  readonly status: string;
}

const root = fileURLToPath(new URL("../..", import.meta.url));
const config = fileURLToPath(new URL("./fixtures/vitest.config.ts", import.meta.url));

// The conformance suite is only worth something if it fails for the mistakes it exists to catch:
// run it (in a child vitest) over a naive store with each of the old code's defects switched on.
describe("describeRunRecordStore catches broken stores", () => {
  let results: Assertion[] = [];

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "run-records-suite-"));
    const output = join(dir, "results.json");
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([key]) => !key.startsWith("VITEST") && key !== "NODE_OPTIONS",
      ),
    );
    const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
    const args = [vitest, "run", "--config", config, "--reporter=json", `--outputFile=${output}`];
    // The child exits non-zero because cases fail; that is the point, so only the report matters.
    await promisify(execFile)(process.execPath, args, { cwd: root, env, timeout: 240_000 }).catch(
      () => undefined,
    );
    const report = JSON.parse(await readFile(output, "utf8")) as {
      testResults: { assertionResults: Assertion[] }[];
    };
    results = report.testResults.flatMap((file) => file.assertionResults);
    await rm(dir, { recursive: true, force: true });
  }, 270_000);

  const casesOf = (variant: string) =>
    results.filter((r) => r.ancestorTitles[0] === `RunRecordStore conformance: ${variant}`);

  for (const variant of VARIANTS) {
    it(`${variant.name}: the cases meant to catch it fail`, () => {
      const cases = casesOf(variant.name);
      expect(cases.length).toBeGreaterThan(30);
      const failed = cases.filter((c) => c.status === "failed").map((c) => c.title);
      const skipped = cases.filter((c) => c.status === "skipped").map((c) => c.title);
      for (const title of variant.mustFail) expect(failed).toContain(title);
      for (const title of variant.mustSkip ?? []) expect(skipped).toContain(title);
      if (variant.clean) expect(failed).toEqual([]);
      else expect(failed.length).toBeGreaterThan(0);
    });
  }
});
