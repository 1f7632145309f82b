import { err } from "neverthrow";
import type { BaseRunId } from "../run-id/brand.js";
import type { JobRecord } from "../store/records.js";
import type { Tags } from "../store/tags.js";
import { jobKey, type Out, type ServiceContext } from "./context.js";
import { createOnce } from "./create-once.js";
import { resolveBaseRunId } from "./resolve-ids.js";
import { conflict, invalidArgument, invalidRunId } from "./service-error.js";
import { initialTags } from "./set-tags.js";
import { validateNotes, validateOptions } from "./validate.js";

/** What `startJob` accepts. */
export interface StartJobInput {
  /** The job's run ID (base or client form); generated when absent. */
  readonly runId?: string;
  /** The stream (worker lane) number. */
  readonly stream?: number;
  /** Initial system notes. */
  readonly notes?: string | readonly string[];
  /**
   * Initial tags (see `setTags` for the limits). They apply only when this call creates the job and are not
   * part of the "same payload" comparison: tags change after creation, so a retried start cannot tell a
   * different label from a relabelled job. An existing job keeps its tags; change them with `setTags`.
   */
  readonly tags?: Tags;
}

/** What `startJob` returns: the stored job and whether this call created it. */
export interface StartJobResult {
  readonly job: JobRecord;
  readonly created: boolean;
}

/** Creates a job unless it exists (same payload → `created: false`, different → `conflict`). */
export const startJob = async (ctx: ServiceContext, input: unknown): Out<StartJobResult> => {
  const options = validateOptions("startJob input", input);
  if (options.isErr()) return err(options.error);
  const { runId, stream } = options.value;
  if (stream !== undefined && (typeof stream !== "number" || !Number.isFinite(stream))) {
    return err(invalidArgument("stream", stream, "not a finite number"));
  }
  const notes = validateNotes(options.value.notes);
  if (notes.isErr()) return err(notes.error);
  const tags = initialTags(options.value.tags);
  if (tags.isErr()) return err(tags.error);
  const payload = { stream: stream as number | undefined, notes: notes.value };

  if (runId !== undefined) {
    const base = resolveBaseRunId(runId);
    if (base.isErr()) return err(base.error);
    const made = await createJob(ctx, base.value, payload, tags.value, input);
    if (made.isErr() || made.value.created) return made;
    return samePayload(made.value.job, payload)
      ? made
      : err(conflict(input, `job ${base.value} exists with a different payload`, made.value.job));
  }
  // A generated ID already in the store belongs to another job: ask the generator for the next one.
  for (let tries = 0; tries <= ctx.maxGeneratedIdCollisions; tries++) {
    const next = ctx.generator.next();
    if (next.isErr()) return err(invalidRunId(input, next.error));
    const made = await createJob(ctx, next.value, payload, tags.value, input);
    if (made.isErr() || made.value.created) return made;
  }
  return err(conflict(input, "every generated run ID was already taken", undefined));
};

interface JobPayload {
  readonly stream: number | undefined;
  readonly notes: readonly string[];
}

const createJob = async (
  ctx: ServiceContext,
  runId: BaseRunId,
  payload: JobPayload,
  tags: Tags,
  input: unknown,
): Out<StartJobResult> => {
  const made = await createOnce(
    ctx,
    jobKey(runId),
    input,
    (at, token): JobRecord => ({
      runId,
      status: "running",
      ...(payload.stream === undefined ? {} : { stream: payload.stream }),
      notes: payload.notes,
      sealed: false,
      startedAt: at,
      lastActivityAt: at,
      tags,
      creationToken: token,
    }),
    (record) => ctx.store.createJob(record),
  );
  return made.map(({ record, created }) => ({ job: record, created }));
};

// Notes grow after creation (sweeps, reopen), so the payload's notes must be the stored notes' prefix.
const samePayload = (job: JobRecord, payload: JobPayload): boolean =>
  job.stream === payload.stream && payload.notes.every((note, i) => job.notes[i] === note);
