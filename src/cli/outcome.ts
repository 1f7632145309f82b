/** What a command produced: text for stdout and stderr, and whether every input was fine. */
export interface CommandOutput {
  readonly stdout: string;
  /** Warnings printed after stdout; empty when there are none. */
  readonly stderr?: string;
  /** False when an input was invalid or the audit found something: exit code 1. */
  readonly ok: boolean;
}

/** Builds a command output. */
export const output = (stdout: string, ok = true, stderr?: string): CommandOutput => ({
  stdout,
  ok,
  stderr,
});
