import type { Reporter, TestModule } from "vitest/node";

/** Prints `N passed, N failed` alone on the last line so CI can read the result. */
export default class CountReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private skipped = 0;

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    for (const module of modules) {
      // A module that failed to load has no test cases but must still count as a failure.
      if (module.state() === "failed" && [...module.children.allTests()].length === 0)
        this.failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") this.passed++;
        else if (state === "failed") this.failed++;
        else this.skipped++;
      }
    }
    // Printed at exit so the line lands after coverage and other reporters' output.
    process.once("exit", () => {
      const skipped = this.skipped > 0 ? `, ${this.skipped} skipped` : "";
      process.stdout.write(`${this.passed} passed, ${this.failed} failed${skipped}\n`);
    });
  }
}
