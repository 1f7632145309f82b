export { counterRecordIds, randomRecordIds } from "./record-ids.js";
export { startAirtableServer } from "./server.js";
export type {
  AirtableServer,
  AirtableServerOptions,
  Fault,
  FaultMatch,
  FieldSchema,
  FieldType,
  RequestKind,
  RequestLogEntry,
  StoredRecord,
  TableSchema,
} from "./types.js";
