/**
 * How duplicates are merged. The survivor keeps its own values; its empty fields are filled from
 * the others (in survivor order); progress logs are concatenated in time order without repeated
 * lines; notes keep every distinct line and name the merged records; metrics combine per `metrics`.
 */
export interface MergePolicy {
  /** Which record of a duplicate group survives. @default "earliest" (by created time) */
  readonly survivor: "earliest" | "latest";
  /**
   * How each metric is combined: `max` suits duplicates that each recorded the same run's totals
   * (retries), `sum` suits duplicates that each recorded part of the work. @default "max"
   */
  readonly metrics: "max" | "sum";
}

/** The default merge policy: earliest record survives, each metric's maximum. */
export const defaultMergePolicy: MergePolicy = { survivor: "earliest", metrics: "max" };
