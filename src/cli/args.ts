import { parseArgs } from "node:util";
import { err, ok, type Result } from "neverthrow";
import { type CliError, usageError } from "./cli-error.js";

/** The option declarations accepted by node:util `parseArgs`. */
export type OptionSpec = Record<
  string,
  { type: "string" | "boolean"; multiple?: boolean; short?: string }
>;

/** Parsed options and positionals of one command line. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Parses a command's arguments strictly; an unknown flag or a missing value is a usage error.
 * @param command - the command name, for the message
 */
export const parseCommandArgs = (
  command: string,
  args: readonly string[],
  options: OptionSpec,
): Result<ParsedArgs, CliError> => {
  // parseArgs calls "--count -1" ambiguous; say what is wrong: no option here takes a negative number.
  for (let i = 0; i + 1 < args.length; i += 1) {
    const name = (args[i] as string).replace(/^--/, "");
    if (
      (args[i] as string).startsWith("--") &&
      options[name]?.type === "string" &&
      /^-\d+(\.\d+)?$/.test(args[i + 1] as string)
    ) {
      return err(
        usageError(`${command}: --${name} must be a positive number, got '${args[i + 1]}'`),
      );
    }
  }
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    return ok({ values: parsed.values, positionals: parsed.positionals });
  } catch (cause) {
    // parseArgs reports usage mistakes by throwing; this is the boundary that turns them into values.
    // Keep parseArgs' first sentence; its advice about '--' is noise for these commands.
    const full = cause instanceof Error ? cause.message : String(cause);
    const text = (full.split("\n")[0] ?? full).replace(/\. To specify a positional.*$/, "");
    return err(usageError(`${command}: ${text} (see run-records ${command} --help)`));
  }
};

/** The string value of an option, or `undefined`. */
export const stringOption = (args: ParsedArgs, name: string): string | undefined => {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
};

/** Every string value of a repeatable option. */
export const stringOptions = (args: ParsedArgs, name: string): string[] => {
  const value = args.values[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : [];
};

/** True when a boolean flag was given. */
export const flag = (args: ParsedArgs, name: string): boolean => args.values[name] === true;

/**
 * Parses a non-negative integer option.
 * @returns the number, `fallback` when absent, or a usage error
 */
export const integerOption = (
  args: ParsedArgs,
  name: string,
  fallback: number,
  command: string,
): Result<number, CliError> => {
  const raw = stringOption(args, name);
  if (raw === undefined) return ok(fallback);
  if (!/^\d{1,9}$/.test(raw)) {
    const why = /^-/.test(raw) ? "a positive number" : "a whole number";
    return err(usageError(`${command}: --${name} must be ${why}, got '${raw}'`));
  }
  return ok(Number(raw));
};
