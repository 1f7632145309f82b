import type { CliContext } from "../context.js";

/** Reports how far reading has got; a no-op unless stderr is a terminal. */
export interface Progress {
  /** @param done - units done so far @param total - units in all, when known */
  update(label: string, done: number, total?: number): void;
  /** Clears the bar. */
  finish(): void;
}

const silent: Progress = { update: () => undefined, finish: () => undefined };

const WIDTH = 30;

/**
 * A progress bar drawn on stderr with carriage returns, at most every 100 ms; silent when stderr is
 * not a terminal, so piped and captured output never contains it.
 */
export const createProgress = (context: CliContext): Progress => {
  if (!context.stderrIsTTY) return silent;
  let last = 0;
  let drawn = false;
  return {
    update(label, done, total) {
      const now = context.now();
      if (drawn && now - last < 100 && (total === undefined || done < total)) return;
      last = now;
      drawn = true;
      const bar =
        total === undefined || total === 0
          ? ""
          : `[${"#".repeat(Math.round((WIDTH * Math.min(done, total)) / total)).padEnd(WIDTH, ".")}] `;
      const count = total === undefined ? `${done}` : `${done}/${total}`;
      context.writeStderr(`\r${bar}${label} ${count}\u001b[K`);
    },
    finish() {
      if (drawn) context.writeStderr("\r\u001b[K");
      drawn = false;
    },
  };
};
