import { readFile } from "node:fs/promises";
import { err, ok, type Result } from "neverthrow";
import { type CliError, inputError } from "../cli-error.js";
import type { RepairBackup } from "./backup.js";
import type { RepairPlan } from "./plan-types.js";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const readJson = async (path: string, what: string): Promise<Result<unknown, CliError>> => {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    const why = code === "ENOENT" ? "does not exist" : `cannot be read (${String(code ?? cause)})`;
    return err(inputError(`${what} ${path} ${why}; check the path`, path, cause));
  }
  try {
    return ok(JSON.parse(text));
  } catch (cause) {
    return err(inputError(`${what} ${path} is not valid JSON; write it again`, path, cause));
  }
};

const actionProblem = (action: unknown, index: number): string | undefined => {
  if (!isObject(action) || typeof action.table !== "string")
    return `actions[${index}] has no table`;
  if (action.type === "create") {
    return typeof action.runId === "string" && isObject(action.fields)
      ? undefined
      : `actions[${index}] (create) needs runId and fields`;
  }
  if (action.type === "update") {
    return typeof action.recordId === "string" && isObject(action.before) && isObject(action.after)
      ? undefined
      : `actions[${index}] (update) needs recordId, before and after`;
  }
  if (action.type === "delete") {
    return typeof action.recordId === "string" &&
      typeof action.mergedInto === "string" &&
      isObject(action.before)
      ? undefined
      : `actions[${index}] (delete) needs recordId, mergedInto and before`;
  }
  return `actions[${index}] has an unknown type`;
};

/** Reads and checks a plan written by `repair --plan`. */
export const readPlanFile = async (path: string): Promise<Result<RepairPlan, CliError>> => {
  const json = await readJson(path, "plan");
  if (json.isErr()) return err(json.error);
  const plan = json.value;
  const bad = (why: string): Result<RepairPlan, CliError> =>
    err(inputError(`plan ${path} ${why}; make it again with repair --plan`, path));
  if (!isObject(plan) || plan.version !== 1) return bad("is not a version 1 repair plan");
  const mapping = plan.mapping;
  if (!isObject(mapping) || !isObject(mapping.tables) || !isObject(mapping.fields)) {
    return bad("has no table and field mapping");
  }
  if (!isObject(plan.source) || !Array.isArray(plan.actions))
    return bad("has no source or actions");
  for (const [index, action] of plan.actions.entries()) {
    const problem = actionProblem(action, index);
    if (problem !== undefined) return bad(problem);
  }
  return ok(plan as unknown as RepairPlan);
};

/** Reads and checks a backup written by `repair --apply`. */
export const readBackupFile = async (path: string): Promise<Result<RepairBackup, CliError>> => {
  const json = await readJson(path, "backup");
  if (json.isErr()) return err(json.error);
  const backup = json.value;
  if (
    !isObject(backup) ||
    backup.kind !== "run-records-backup" ||
    !isObject(backup.tables) ||
    !Array.isArray(backup.created)
  ) {
    return err(
      inputError(
        `backup ${path} is not a run-records backup; give the file repair --apply wrote`,
        path,
      ),
    );
  }
  return ok(backup as unknown as RepairBackup);
};
