import { err, ok, type Result } from "neverthrow";
import { type CliError, inputError } from "./cli-error.js";
import type { CliContext } from "./context.js";

/**
 * The arguments of `parse`/`normalize` with `-` replaced by the lines of standard input (one ID a
 * line; a final empty line is not an ID).
 */
export const expandStdin = async (
  inputs: readonly string[],
  context: CliContext,
): Promise<Result<string[], CliError>> => {
  if (!inputs.includes("-")) return ok([...inputs]);
  if (context.stdin === undefined) return err(inputError("standard input is not available"));
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let text = "";
  try {
    for await (const chunk of context.stdin()) text += decoder.decode(chunk, { stream: true });
    text += decoder.decode();
  } catch {
    return err(inputError("standard input is not UTF-8 text; nothing was read"));
  }
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return ok(inputs.flatMap((input) => (input === "-" ? lines : [input])));
};
