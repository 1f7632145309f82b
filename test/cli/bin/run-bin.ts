import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

/**
 * The built executable (npm test builds it before vitest). `RUN_RECORDS_TEST_BIN` points at another
 * build of src/cli/main.ts, so one helper's tests need not wait for the shared dist/ to be rebuilt.
 */
export const binPath =
  process.env.RUN_RECORDS_TEST_BIN ??
  fileURLToPath(new URL("../../../dist/cli.js", import.meta.url));

/** What one run of the binary produced. */
export interface BinResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fails clearly when the binary has not been built. */
export const requireBuilt = (): void => {
  if (!existsSync(binPath)) throw new Error(`${binPath} is missing: run npm run build first`);
};

/**
 * Runs `node dist/cli.js <args>` as a child process (asynchronously, so a server in this process
 * keeps answering). The environment is the test's own, without RUN_RECORDS_NOW unless given.
 */
export const runBin = (
  args: readonly string[],
  options: {
    readonly env?: Record<string, string>;
    readonly cwd?: string;
    /** Written to the child's standard input, which is then closed. */
    readonly input?: string;
  } = {},
): Promise<BinResult> => {
  const env: Record<string, string | undefined> = { ...process.env, RUN_RECORDS_NOW: undefined };
  Object.assign(env, options.env);
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [binPath, ...args],
      { env, cwd: options.cwd, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
};

/** Matches a CLI error: exactly one line on stderr, prefixed, so never a stack trace. */
export const ONE_LINE_ERROR = /^run-records: [^\n]+\n$/;

/** True when stderr is exactly one prefixed error line. */
export const isOneLineError = (stderr: string): boolean => ONE_LINE_ERROR.test(stderr);

const scratch: string[] = [];
// Registered when a test file imports this module: its scratch folders go when the file ends.
afterAll(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder for one test, removed when the test file ends. */
export const scratchDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};
