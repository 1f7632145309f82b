import { describe, expect, it } from "vitest";
import type { CliContext } from "../../../src/cli/context.js";
import { createProgress } from "../../../src/cli/output/progress.js";

const contextWith = (tty: boolean, written: string[], clock: { t: number }): CliContext => ({
  env: {},
  now: () => clock.t,
  stderrIsTTY: tty,
  writeStderr: (text) => written.push(text),
  sleep: async () => undefined,
});

describe("createProgress", () => {
  it("draws nothing when stderr is not a terminal", () => {
    const written: string[] = [];
    const progress = createProgress(contextWith(false, written, { t: 0 }));
    progress.update("reading", 5, 10);
    progress.finish();
    expect(written).toEqual([]);
  });

  it("draws a bar on a terminal, at most every 100 ms, always the last frame, then clears it", () => {
    const written: string[] = [];
    const clock = { t: 0 };
    const progress = createProgress(contextWith(true, written, clock));
    progress.update("reading", 1, 4);
    clock.t = 50;
    progress.update("reading", 2, 4);
    clock.t = 60;
    progress.update("reading", 4, 4);
    progress.finish();
    expect(written).toEqual([
      `\r[${"#".repeat(8)}${".".repeat(22)}] reading 1/4\u001b[K`,
      `\r[${"#".repeat(30)}] reading 4/4\u001b[K`,
      "\r\u001b[K",
    ]);
  });
});
