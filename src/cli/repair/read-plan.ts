import { readFile } from "node:fs/promises";
import { err, ok, type Result } from "neverthrow";
import { type CliError, inputError } from "../cli-error.js";
import type { RepairBackup } from "./backup.js";
import type { RepairPlan } from "./plan-types.js";
import { validatePlan } from "./validate-plan.js";

// A tampered plan can put anything in a field name; the message stays on one line.
const oneLine = (text: string): string =>
  text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");

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

/** Reads a plan written by `repair --plan` and checks it in full (see validatePlan). */
export const readPlanFile = async (path: string): Promise<Result<RepairPlan, CliError>> => {
  const json = await readJson(path, "plan");
  if (json.isErr()) return err(json.error);
  const plan = validatePlan(json.value);
  return plan.isOk()
    ? ok(plan.value)
    : err(
        inputError(
          oneLine(
            `plan ${path} ${plan.error}; nothing was written - make it again with repair --plan`,
          ),
          path,
        ),
      );
};

const changeOk = (change: unknown): boolean => {
  if (!isObject(change) || typeof change.table !== "string") return false;
  const fields = (value: unknown): boolean =>
    isObject(value) &&
    Object.values(value).every(
      (v) => v === null || ["string", "number", "boolean"].includes(typeof v),
    );
  if (change.type === "update") {
    return typeof change.recordId === "string" && fields(change.before) && fields(change.after);
  }
  if (change.type === "create") return typeof change.runId === "string" && fields(change.fields);
  if (change.type === "delete") {
    const r = change.record;
    return isObject(r) && typeof r.id === "string" && isObject(r.fields);
  }
  return false;
};

/** Reads and checks a backup written by `repair --apply`. */
export const readBackupFile = async (path: string): Promise<Result<RepairBackup, CliError>> => {
  const json = await readJson(path, "backup");
  if (json.isErr()) return err(json.error);
  const backup = json.value;
  if (
    !isObject(backup) ||
    backup.kind !== "run-records-backup" ||
    backup.version !== 2 ||
    !isObject(backup.tables) ||
    !Array.isArray(backup.changes)
  ) {
    return err(
      inputError(
        `backup ${path} is not a version 2 run-records backup; give the file repair --apply wrote`,
        path,
      ),
    );
  }
  const bad = backup.changes.findIndex((c) => !changeOk(c));
  if (bad >= 0) {
    return err(
      inputError(`backup ${path}: changes[${bad}] is malformed; nothing was restored`, path),
    );
  }
  return ok(backup as unknown as RepairBackup);
};
