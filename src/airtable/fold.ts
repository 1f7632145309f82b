import {
  applyClientRunChange,
  applyJobChange,
  decideChange,
  metricRangeError,
} from "../store/change-rules.js";
import type { ClientRunChange, JobChange } from "../store/changes.js";
import { freezeClientRun, freezeJob, freezeLink } from "../store/record-copies.js";
import type { ClientRunRecord, ExternalRunLink, JobRecord, RunStatus } from "../store/records.js";
import type { StoreError } from "../store/store-error.js";
import type { EventOp } from "./event-codec.js";
import type { RecordKey } from "./record-key.js";

/** The folded state of one record: the record (once created) and the change tokens applied to it. */
export interface KeyState {
  record: JobRecord | ClientRunRecord | undefined;
  readonly tokens: Set<string>;
}

/** What folding one op did. */
export type StepOutcome =
  | { readonly type: "created" | "applied" | "repeat" | "absent" | "linked" }
  | { readonly type: "precondition-failed"; readonly status: RunStatus }
  /** The shared metric range rule refused the change; nothing was applied. */
  | { readonly type: "rejected"; readonly error: StoreError };

/** An empty state (no record yet). */
export const emptyState = (): KeyState => ({ record: undefined, tokens: new Set() });

/** A copy that later steps cannot affect. */
export const copyState = (state: KeyState): KeyState => ({
  record: state.record,
  tokens: new Set(state.tokens),
});

/**
 * Folds one op into `state` (mutating it): the first create wins, a change applies once per token
 * and only while `ifStatus` holds, exactly as the in-memory store would apply it.
 * @param links first-wins link table, updated by link ops
 */
export const stepOp = (
  key: RecordKey,
  state: KeyState,
  op: EventOp,
  links: Map<string, ExternalRunLink>,
): StepOutcome => {
  if (op.t === "create") {
    if (state.record !== undefined) return { type: "repeat" };
    state.record =
      key.kind === "job"
        ? freezeJob(op.record as JobRecord)
        : freezeClientRun(op.record as ClientRunRecord);
    return { type: "created" };
  }
  if (op.t === "link") {
    const id = JSON.stringify([op.link.provider, op.link.externalId]);
    if (links.has(id)) return { type: "repeat" };
    links.set(id, freezeLink(op.link));
    return { type: "linked" };
  }
  const record = state.record;
  if (record === undefined) return { type: "absent" };
  const change = op.change;
  const decision = decideChange(record.status, state.tokens, change);
  if (decision.type !== "apply") return decision;
  if (key.kind !== "job") {
    const refused = metricRangeError(record as ClientRunRecord, change as ClientRunChange);
    if (refused) return { type: "rejected", error: refused };
  }
  state.record =
    key.kind === "job"
      ? applyJobChange(record as JobRecord, change as JobChange)
      : applyClientRunChange(record as ClientRunRecord, change as ClientRunChange);
  state.tokens.add(change.token);
  return { type: "applied" };
};
