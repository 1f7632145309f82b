import { err, ok, type Result } from "neverthrow";

/** Free string labels on a job or client run (a source label, an actor ID, a log analyser's marker). */
export type Tags = Readonly<Record<string, string>>;

/** A tag update: a string sets the key, `null` removes it. */
export type TagChanges = Readonly<Record<string, string | null>>;

/** The longest tag key, in UTF-16 code units. */
export const TAG_KEY_MAX_LENGTH = 128;
/** The longest tag value, in UTF-16 code units. */
export const TAG_VALUE_MAX_LENGTH = 2048;
/** The most keys one tag update (or tag filter) may name; a record accumulates tags across updates. */
export const MAX_TAGS = 64;

/** Why a tag set or tag update was refused: `path` names the offending key (`tags.source`) or `tags`. */
export interface TagError {
  readonly path: string;
  readonly input: unknown;
  readonly reason: string;
}

// Control and invisible formatting characters: they break logs, Airtable cells and formulas.
const FORBIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/**
 * Validates a tag update (or, with `allowNull: false`, a tag filter or a full tag set).
 * @param input - The value to check: a plain object of string keys to string (or `null`) values.
 * @param field - The argument's name, used in error paths.
 * @param allowNull - Whether `null` (remove the key) is allowed.
 * @returns The same entries as a fresh frozen object, or the first problem found.
 */
export function validateTags(
  input: unknown,
  field = "tags",
  allowNull = true,
): Result<TagChanges, TagError> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return err({ path: field, input, reason: "must be an object of string keys and values" });
  }
  const entries = Object.entries(input);
  if (entries.length > MAX_TAGS) {
    return err({ path: field, input, reason: `at most ${MAX_TAGS} tags` });
  }
  for (const [key, value] of entries) {
    const path = `${field}.${key}`;
    if (key.length === 0 || key.length > TAG_KEY_MAX_LENGTH) {
      return err({ path, input: key, reason: `keys are 1–${TAG_KEY_MAX_LENGTH} characters` });
    }
    if (FORBIDDEN.test(key)) {
      return err({
        path,
        input: key,
        reason: "keys may not contain control or invisible characters",
      });
    }
    if (value === null && allowNull) continue;
    if (typeof value !== "string") {
      return err({
        path,
        input: value,
        reason: allowNull ? "must be a string or null" : "must be a string",
      });
    }
    if (value.length > TAG_VALUE_MAX_LENGTH) {
      return err({
        path,
        input: value,
        reason: `values are at most ${TAG_VALUE_MAX_LENGTH} characters`,
      });
    }
    if (FORBIDDEN.test(value)) {
      return err({
        path,
        input: value,
        reason: "values may not contain control or invisible characters",
      });
    }
  }
  return ok(Object.freeze(Object.fromEntries(entries)) as TagChanges);
}

/**
 * Merges a tag update into a record's tags: a string sets the key, `null` removes it.
 * @returns A new frozen tag set; the inputs are not changed.
 */
export function mergeTags(current: Tags, changes: TagChanges): Tags {
  const merged = new Map(Object.entries(current));
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  // Object.fromEntries defines own properties, so a key named `__proto__` stays a tag.
  return Object.freeze(Object.fromEntries(merged));
}

/** True when `tags` holds every key/value pair of `filter`. */
export function hasTags(tags: Tags, filter: Tags): boolean {
  return Object.entries(filter).every(
    ([key, value]) => Object.hasOwn(tags, key) && tags[key] === value,
  );
}
