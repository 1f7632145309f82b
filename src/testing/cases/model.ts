import fc from "fast-check";
import { describe } from "vitest";
import { storeCommands } from "../model/commands.js";
import { StoreModel } from "../model/store-model.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "model";

/** Random command sequences give the same answers from the store as from a plain-map model. */
export function describeModelCases(options: DescribeRunRecordStoreOptions): void {
  describe(GROUP, () => {
    const t = createSuiteContext(options, GROUP);
    // A suite that skips the listJobs or tags group (a store without them yet) leaves those commands out too.
    const skip = new Set(options.skip ?? []);
    const commands = fc.commands(
      storeCommands(t.metrics, { listJobs: !skip.has("listJobs"), tags: !skip.has("tags") }),
      { maxCommands: 60, size: "large" },
    );

    t.test("random command sequences match the model", async () => {
      const property = fc.asyncProperty(commands, (cmds) =>
        t.withStore((store) =>
          fc.asyncModelRun(() => ({ model: new StoreModel(), real: store }), cmds),
        ),
      );
      const details = await fc.check(property, {
        numRuns: options.numRuns ?? 50,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      });
      if (details.failed) {
        // fast-check's report carries the seed and path; say so up front so a red CI log is replayable.
        throw new Error(
          `model test failed for ${options.name}: replay with { seed: ${details.seed} } (path ${details.counterexamplePath})\n${fc.defaultReportMessage(details)}`,
          { cause: details.errorInstance },
        );
      }
    });
  });
}
