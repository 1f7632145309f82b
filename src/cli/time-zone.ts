import { err, ok, type Result } from "neverthrow";
import { type CliError, usageError } from "./cli-error.js";

/**
 * Checks an IANA time zone name against the runtime's Intl data.
 * @returns the zone as given, or a usage error naming it
 */
export const checkTimeZone = (zone: string, command: string): Result<string, CliError> => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return ok(zone);
  } catch {
    return err(
      usageError(`${command}: unknown time zone '${zone}'; use an IANA name like Europe/London`),
    );
  }
};

/** Formats an instant as `YYYY-MM-DD HH:MM:SS` wall-clock time in `zone`. */
export const formatInZone = (date: Date, zone: string): string => {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? "??";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}:${get("second")}`;
};

/** Formats an instant as an ISO-8601 UTC string without milliseconds. */
export const formatUtc = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;
