import type { ClientRunChange, JobChange } from "./changes.js";
import type { StoreError } from "./store-error.js";

/**
 * Finds what makes a change unstorable (a missing token, a non-finite time or metric), so a bad change is
 * `rejected` up front instead of poisoning a record (and its JSON snapshot) with `NaN`.
 * @returns The error to answer with, or `undefined` when the change is well-formed.
 */
export function invalidChange(change: JobChange | ClientRunChange): StoreError | undefined {
  if (typeof change.token !== "string" || change.token.length === 0) {
    return reject("a change needs a non-empty string token", change.token);
  }
  if (!Number.isFinite(change.at))
    return reject("a change's `at` must be a finite number", change.at);
  if (change.endedAt !== undefined && change.endedAt !== null && !Number.isFinite(change.endedAt)) {
    return reject("`endedAt` must be a finite number or null", change.endedAt);
  }
  if (change.notes !== undefined && !change.notes.every((note) => typeof note === "string")) {
    return reject("notes must be strings", change.notes);
  }
  // A job change has none of the client run fields, so checking them as absent is harmless.
  const run: ClientRunChange = change;
  for (const values of [run.increments, run.set]) {
    for (const [name, value] of Object.entries(values ?? {})) {
      if (!Number.isFinite(value)) return reject(`metric ${name} must be a finite number`, value);
    }
  }
  const badLine = run.progress?.find(
    (line) => !Number.isFinite(line?.at) || typeof line?.message !== "string",
  );
  if (badLine !== undefined)
    return reject("progress lines need a finite `at` and a message", badLine);
  return undefined;
}

function reject(message: string, value: unknown): StoreError {
  return { type: "rejected", message, cause: { value } };
}
