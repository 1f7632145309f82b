export {
  arbitraryBaseRunId,
  arbitraryClientId,
  arbitraryClientRunId,
} from "./arbitraries.js";
export { describeRunRecordStore } from "./describe-run-record-store.js";
export {
  createFaultyStore,
  type FaultOptions,
  type FaultStats,
  type FaultyCall,
  type FaultyStore,
  type StoreMethod,
} from "./faulty-store.js";
export { createSeededRandom } from "./seeded-random.js";
export {
  runStandardRun,
  type StandardRunOptions,
  type StandardRunResult,
} from "./standard-run.js";
export type { StandardRunTotals } from "./standard-run-plan.js";
export type {
  DescribeRunRecordStoreOptions,
  StoreSuiteContext,
} from "./suite-context.js";
