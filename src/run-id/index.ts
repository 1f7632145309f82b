export type { BaseRunId, Brand, ClientId, ClientRunId, RunId } from "./brand.js";
export { parseClientId } from "./client-id.js";
export { compareRunIds, runIdDate } from "./compare.js";
export type { RunIdError, RunIdErrorOf, RunIdErrorType } from "./errors.js";
export { formatRunId, type RunIdParts } from "./format.js";
export {
  createRunIdGenerator,
  DEFAULT_MAX_AHEAD_SECONDS,
  generateRunId,
  type RunIdGenerator,
  type RunIdGeneratorOptions,
} from "./generator.js";
export { isRunId } from "./is-run-id.js";
export { legacyReadingFor } from "./legacy-reading.js";
export { type NormalizeRunIdOptions, normalizeRunId } from "./normalize.js";
export { type ParseMode, type ParseRunIdOptions, parseRunId } from "./parse.js";
export type {
  LegacyFormat,
  LegacyRunId,
  ParsedBaseRunId,
  ParsedClientRunId,
  ParsedRunId,
  Repair,
  RunIdTimestamp,
} from "./parsed.js";
export { PLACEHOLDERS } from "./placeholders.js";
export { MASTER_MARKER, MAX_CLIENT_ID_LENGTH } from "./scanner.js";
export { clientIdOf, toBaseRunId, withClient } from "./suffix.js";
