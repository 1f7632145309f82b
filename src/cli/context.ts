/** What a command may use from the outside world; main.ts builds it, tests build their own. */
export interface CliContext {
  /** Environment variables (the API key is read from here by name). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock, epoch ms: `--now`/`RUN_RECORDS_NOW` when given, otherwise the real clock. */
  readonly now: () => number;
  /** True when stderr is a terminal, so a progress bar may be drawn there. */
  readonly stderrIsTTY: boolean;
  /** Writes raw text to stderr at once (progress bar frames). */
  readonly writeStderr: (text: string) => void;
  /** Waits `ms` milliseconds (pacing Airtable requests). */
  readonly sleep: (ms: number) => Promise<void>;
  /** Standard input, for `-` (parse, normalize, audit --file -); absent where there is none. */
  readonly stdin?: () => AsyncIterable<Uint8Array>;
}
