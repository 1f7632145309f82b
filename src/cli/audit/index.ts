export { formatReport } from "../output/format-report.js";
export type { AuditOptions } from "./audit-options.js";
export { type AuditReport, auditRecords, type SummaryLine } from "./audit-records.js";
export {
  auditMemorySnapshot,
  auditStoreRecords,
  runTablesFromRecords,
  type StoreRecords,
  type StoreRecordsAuditOptions,
} from "./audit-store-records.js";
export type { ExportRow, RunTables } from "./export-rows.js";
export type { Finding, FindingKind } from "./findings.js";
