import type { AirtableMapping } from "../../airtable/mapping.js";
import type { Finding, FindingKind } from "../audit/findings.js";
import type { Source } from "../source/source-options.js";
import type { MergePolicy } from "./merge-policy.js";

/** A field value in a plan: `null` stands for an empty or absent field. */
export type PlanValue = string | number | boolean | null;

/** Field name → value, as written in a plan. */
export type PlanFields = Readonly<Record<string, PlanValue>>;

/** Sets fields of one record; applied only while those fields still hold `before`. */
export interface UpdateAction {
  readonly type: "update";
  readonly table: string;
  readonly recordId: string;
  readonly reasons: readonly FindingKind[];
  /** The changed fields as they were when planned. */
  readonly before: PlanFields;
  /** The same fields as they will be. */
  readonly after: PlanFields;
}

/** Creates a record (a missing job) unless the table already holds one with this Run ID. */
export interface CreateAction {
  readonly type: "create";
  readonly table: string;
  readonly runId: string;
  readonly reasons: readonly FindingKind[];
  readonly fields: PlanFields;
}

/** Deletes a duplicate after its data was merged into the survivor. */
export interface DeleteAction {
  readonly type: "delete";
  readonly table: string;
  readonly recordId: string;
  readonly reasons: readonly FindingKind[];
  readonly mergedInto: string;
  /** The whole record as planned; a record that has changed since is not deleted. */
  readonly before: PlanFields;
}

/** One step of a repair plan. */
export type PlanAction = UpdateAction | CreateAction | DeleteAction;

/** The content of one table: how many records and a SHA-256 of their IDs and fields (sorted by ID). */
export interface TableFingerprint {
  readonly records: number;
  readonly sha256: string;
}

/** One input file as it was when planned: its exact bytes' SHA-256. */
export interface FileFingerprint {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Exactly what a plan was made from: the mapping, each table's content, each input file's bytes,
 * and (for files) each table's content once the plan is applied, so a second apply is recognised.
 */
export interface PlanFingerprint {
  /** SHA-256 of the mapping's JSON. */
  readonly mapping: string;
  readonly tables: Readonly<Record<string, TableFingerprint>>;
  /** Export files, in the order given; absent for a live base. */
  readonly files?: readonly FileFingerprint[];
  /** The tables after the plan is applied (export files only). */
  readonly result?: Readonly<Record<string, TableFingerprint>>;
}

/** A duplicate group the plan merges: the survivor and every member (survivor included). */
export interface PlanGroup {
  readonly table: string;
  readonly survivor: string;
  readonly members: readonly string[];
}

/** A repair plan: what `repair --apply` will do, written by `repair --plan` as JSON. */
export interface RepairPlan {
  readonly version: 2;
  /** When the plan was made (ISO-8601); stale runs are judged against it. */
  readonly createdAt: string;
  readonly source: Source;
  readonly mapping: AirtableMapping;
  readonly policy: MergePolicy;
  readonly staleAfterMs: number;
  readonly fingerprint: PlanFingerprint;
  /** The duplicate groups merged; a delete must name a member of one of them. */
  readonly groups: readonly PlanGroup[];
  readonly actions: readonly PlanAction[];
  /** Findings the plan cannot fix from the records' own data: for a person. */
  readonly unresolved: readonly Finding[];
}
