/** Every kind of damage the audit reports. */
export type FindingKind =
  | "unreadable-row"
  | "unmapped-column"
  | "wrong-type"
  | "invalid-record"
  | "missing-run-id"
  | "placeholder-run-id"
  | "malformed-run-id"
  | "legacy-run-id"
  | "double-suffix"
  | "non-canonical-run-id"
  | "client-mismatch"
  | "missing-client-id"
  | "duplicate"
  | "orphan-client-run"
  | "stale-run"
  | "unknown-status";

/** Every finding kind, in the order the summary lists them. */
export const findingKinds: readonly FindingKind[] = [
  "unreadable-row",
  "unmapped-column",
  "wrong-type",
  "invalid-record",
  "missing-run-id",
  "placeholder-run-id",
  "malformed-run-id",
  "legacy-run-id",
  "double-suffix",
  "non-canonical-run-id",
  "client-mismatch",
  "missing-client-id",
  "duplicate",
  "orphan-client-run",
  "stale-run",
  "unknown-status",
];

/** One problem found, with every record involved. */
export interface Finding {
  readonly kind: FindingKind;
  /** The table, as named in the base. */
  readonly table: string;
  /** Record IDs involved (for `unreadable-row`: the position in the source, e.g. `line 7`). */
  readonly recordIds: readonly string[];
  /** The offending value (a Run ID, a status), when there is one. */
  readonly value?: string;
  /** One line saying what is wrong and, when the plan can fix it, how. */
  readonly message: string;
  /** True when `repair --plan` can fix it from the records' own data. */
  readonly fixable: boolean;
}
