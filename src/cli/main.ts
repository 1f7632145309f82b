#!/usr/bin/env node
import { escapeInvisible } from "./output/escape-invisible.js";
import { extractClock, runCli } from "./run-cli.js";
import { readsExports, STDERR_TTY_ENV, SUPERVISED_ENV, superviseCli } from "./supervise.js";

// The only place that prints and sets the exit code: 2 for usage errors, 1 for other failures
// and for invalid input or findings, 0 otherwise.
const main = async (): Promise<number> => {
  const clock = extractClock(process.argv.slice(2), process.env.RUN_RECORDS_NOW);
  if (clock.isErr()) {
    process.stderr.write(`run-records: ${clock.error.message}\n`);
    return 2;
  }
  const { nowMs } = clock.value;
  const result = await runCli(clock.value.argv, {
    env: process.env,
    now: nowMs === undefined ? () => Date.now() : () => nowMs,
    stderrIsTTY:
      process.env[SUPERVISED_ENV] === "1"
        ? process.env[STDERR_TTY_ENV] === "1"
        : process.stderr.isTTY === true,
    writeStderr: (text) => process.stderr.write(text),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    stdin: () => process.stdin,
  });
  if (result.isErr()) {
    process.stderr.write(`run-records: ${escapeInvisible(result.error.message)}\n`);
    return result.error.type === "usage" ? 2 : 1;
  }
  const { stdout, stderr, ok } = result.value;
  if (stdout !== "") process.stdout.write(`${escapeInvisible(stdout)}\n`);
  if (stderr !== undefined && stderr !== "") process.stderr.write(`${escapeInvisible(stderr)}\n`);
  return ok ? 0 : 1;
};

// A dependency failing outside any promise we hold (a socket error in a callback) is still one line.
const fatal = (cause: unknown): void => {
  // One line even when a message spans several (never a stack trace).
  const text = cause instanceof Error ? cause.message : String(cause);
  process.stderr.write(`run-records: internal error: ${text}; please report it\n`);
  process.exit(1);
};
process.on("uncaughtException", fatal);
process.on("unhandledRejection", fatal);

// Commands that read whole exports run in a supervised child: V8's out-of-memory abort cannot be
// caught in-process, and must still end with one line, never a native stack trace.
const argv = process.argv.slice(2);
const script = process.argv[1];
const run =
  process.env[SUPERVISED_ENV] !== "1" && readsExports(argv) && script !== undefined
    ? superviseCli(script, argv)
    : main();

run.then(
  (code) => {
    process.exitCode = code;
  },
  (cause: unknown) => {
    // A bug, not bad input: still one line, never a stack trace.
    const text = cause instanceof Error ? cause.message : String(cause);
    process.stderr.write(`run-records: internal error: ${text}; please report it\n`);
    process.exitCode = 1;
  },
);
