import { ok, type Result } from "neverthrow";

/** Airtable's limit of records per create, update or delete request. */
export const MAX_RECORDS_PER_WRITE = 10;

/**
 * Splits items into requests of at most `size` records.
 * @default size MAX_RECORDS_PER_WRITE
 */
export const chunk = <T>(items: readonly T[], size = MAX_RECORDS_PER_WRITE): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * Sends items in batches of at most 10, one request after another, stopping at the first failure.
 * @param send writes one batch
 * @returns every batch's results, in order
 */
export const writeInBatches = async <T, R, E>(
  items: readonly T[],
  send: (batch: T[]) => PromiseLike<Result<readonly R[], E>>,
): Promise<Result<R[], E>> => {
  const out: R[] = [];
  for (const batch of chunk(items)) {
    const sent = await send(batch);
    if (sent.isErr()) return sent.map(() => []);
    out.push(...sent.value);
  }
  return ok(out);
};
