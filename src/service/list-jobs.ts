import { err } from "neverthrow";
import { type JobPage, type ListJobsQuery, parseJobQuery } from "../store/job-query.js";
import { callStore, type Out, type ServiceContext } from "./context.js";
import { invalidArgument } from "./service-error.js";

/**
 * Lists jobs newest first through the store, after refusing a bad query here: every store then sees
 * the same well-formed query, whatever it would have made of the caller's.
 * @param query the filters and page; `undefined` is the first page of every job
 * @returns the page of stored job records (without metric totals), or `invalid-argument` naming the
 *   field (`status`, `limit`, `cursor`, `startedAfter`, `startedBefore`, `tags.<key>`, `query`)
 */
export const listJobs = async (ctx: ServiceContext, query: unknown): Out<JobPage> => {
  // One read of the caller's object (it may have getters): the check and the store see the same values.
  let copy: unknown = query;
  try {
    if (typeof query === "object" && query !== null && !Array.isArray(query)) copy = { ...query };
  } catch {
    return err(invalidArgument("query", query, "could not be read (a getter threw)"));
  }
  const parsed = parseJobQuery(copy);
  if (parsed.isErr()) {
    const { field, input, reason } = parsed.error;
    return err(invalidArgument(field, input, reason));
  }
  const q = parsed.value;
  // Rebuilt from the parsed query (plain numbers and arrays): the store's own parse gives the same
  // filters, so the cursor's fingerprint still matches.
  const sent: ListJobsQuery = Object.freeze({
    ...(q.statuses === undefined ? {} : { status: q.statuses }),
    ...(q.tags === undefined ? {} : { tags: q.tags }),
    ...(q.startedAfter === undefined ? {} : { startedAfter: q.startedAfter }),
    ...(q.startedBefore === undefined ? {} : { startedBefore: q.startedBefore }),
    limit: q.limit,
    ...(q.after === undefined ? {} : { cursor: (copy as ListJobsQuery).cursor as string }),
  });
  return callStore(ctx, query, false, () => ctx.store.listJobs(sent));
};
