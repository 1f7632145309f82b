import type { AirtableMappingOptions } from "../../airtable/mapping.js";
import { createFieldMapping, type FieldMapping } from "./field-mapping.js";
import { invalidArgument } from "./record-error.js";
import { missingServiceMethod, type RecordService } from "./record-service.js";

/** What `createJobTracking` and `createRunRecordAdapter` take. */
export interface RecordCompatOptions {
  /** The service every call goes through (`createRunRecordService({ store })`). */
  readonly service: RecordService;
  /**
   * The Airtable store's mapping overrides, so old field names (`Profiles Successfully Scored`,
   * `System Notes`, status options) mean what they mean to the Airtable store. Defaults to the
   * existing base's names.
   */
  readonly mapping?: AirtableMappingOptions;
}

/** The checked options: the service and the field mapping built from `mapping`. */
export interface RecordContext {
  readonly service: RecordService;
  readonly fields: FieldMapping;
}

/**
 * Checks the options of a record compat factory.
 * @throws CompatError `invalid-argument` naming the missing service method or the bad `mapping`
 */
export const readRecordOptions = (options: unknown, factory: string): RecordContext => {
  if (typeof options !== "object" || options === null) {
    throw invalidArgument(`${factory}: options must be an object with a service`, options);
  }
  const service: unknown = Reflect.get(options, "service");
  const missing = missingServiceMethod(service);
  if (missing !== undefined) {
    throw invalidArgument(
      `${factory}: ${missing} is missing (pass createRunRecordService(…))`,
      service,
    );
  }
  const mapping: unknown = Reflect.get(options, "mapping");
  if (mapping !== undefined && (typeof mapping !== "object" || mapping === null)) {
    throw invalidArgument(`${factory}: mapping must be an object`, mapping);
  }
  return {
    service: service as RecordService,
    fields: createFieldMapping(mapping as AirtableMappingOptions | undefined),
  };
};
