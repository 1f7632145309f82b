import { spawn } from "node:child_process";

/** Set in the child a supervising CLI process starts, so the child runs the command itself. */
export const SUPERVISED_ENV = "RUN_RECORDS_SUPERVISED";
/** Tells a supervised child whether the supervisor's standard error is a terminal (its own is a pipe). */
export const STDERR_TTY_ENV = "RUN_RECORDS_STDERR_TTY";

// V8 starts its fatal out-of-memory report with one of these; everything from there on is native noise.
const FATAL_MARKERS = ["<--- Last few GCs --->", "FATAL ERROR:"];

/** The commands that read whole exports, and so the only ones that can run out of memory on big input. */
export const readsExports = (argv: readonly string[]): boolean =>
  argv[0] === "audit" || argv[0] === "repair";

/**
 * Runs this CLI again as a child process with the same arguments and turns a fatal crash (V8's out-of-memory abort
 * cannot be caught in-process) into one line on standard error; everything else passes through unchanged.
 * @param script - The CLI's own script path.
 * @param argv - The command-line arguments after the script.
 * @returns The exit code to end with.
 */
export function superviseCli(script: string, argv: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
      env: {
        ...process.env,
        [SUPERVISED_ENV]: "1",
        [STDERR_TTY_ENV]: process.stderr.isTTY === true ? "1" : "0",
      },
      stdio: ["inherit", "inherit", "pipe"],
    });
    let fatal = false;
    child.stderr.on("data", (chunk: Buffer) => {
      if (fatal) return;
      const text = chunk.toString("utf8");
      const at = Math.min(
        ...FATAL_MARKERS.map((m) => text.indexOf(m)).filter((i) => i >= 0),
        Number.POSITIVE_INFINITY,
      );
      if (at === Number.POSITIVE_INFINITY) {
        process.stderr.write(chunk);
        return;
      }
      fatal = true;
      const before = text.slice(0, at).trimEnd();
      if (before !== "") process.stderr.write(`${before}\n`);
    });
    // A Ctrl-C or a kill reaches the child too, so it never outlives this process.
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward("SIGINT");
    const onTerm = forward("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    child.on("error", (cause) => {
      process.stderr.write(`run-records: could not start: ${cause.message}\n`);
      resolve(1);
    });
    child.on("close", (code, signal) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      if (fatal || signal === "SIGABRT") {
        process.stderr.write(
          "run-records: out of memory: the input is too large for this process's heap; " +
            "raise it (NODE_OPTIONS=--max-old-space-size=4096) or split the export\n",
        );
        resolve(1);
      } else if (signal !== null) {
        process.stderr.write(`run-records: stopped by ${signal}\n`);
        resolve(1);
      } else resolve(code ?? 1);
    });
  });
}
