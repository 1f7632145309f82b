import { err, type Result } from "neverthrow";
import { type CliError, usageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import type { CommandOutput } from "../outcome.js";

/** Runs `run-records repair`. */
export const runRepair = async (
  _args: readonly string[],
  _context: CliContext,
): Promise<Result<CommandOutput, CliError>> => err(usageError("repair: not built yet"));
