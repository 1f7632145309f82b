import { err, ok, type Result } from "neverthrow";
import type { BaseRunId, ClientId, ClientRunId } from "../run-id/brand.js";
import { withClient } from "../run-id/index.js";
import type { ExternalRunLink } from "../store/records.js";
import { callStore, getClientRunRecord, type Out, type ServiceContext } from "./context.js";
import { resolveClientRunKey } from "./resolve-ids.js";
import {
  conflict,
  invalidArgument,
  invalidRunId,
  notFound,
  type ServiceError,
} from "./service-error.js";
import { validateName, validateOptions, validateText } from "./validate.js";

/** What `linkExternalRun` accepts. */
export interface LinkExternalRunInput {
  /** The provider's name, e.g. `apify`. */
  readonly provider: string;
  /** The provider's own ID for its run. */
  readonly externalId: string;
  readonly runId: string;
  readonly clientId: string;
}

/** A provider run resolved to the client run it belongs to. */
export interface ResolvedExternalRun {
  readonly provider: string;
  readonly externalId: string;
  readonly runId: BaseRunId;
  readonly clientId: ClientId;
  readonly clientRunId: ClientRunId;
  readonly linkedAt: number;
}

/** Links a provider's run to an existing client run; linking it again to the same run is a no-op, to another is `conflict`. */
export const linkExternalRun = async (
  ctx: ServiceContext,
  input: unknown,
): Out<ResolvedExternalRun> => {
  const options = validateOptions("linkExternalRun input", input);
  if (options.isErr()) return err(options.error);
  const names = checkNames(options.value.provider, options.value.externalId);
  if (names.isErr()) return err(names.error);
  const key = resolveClientRunKey(options.value.runId, options.value.clientId);
  if (key.isErr()) return err(key.error);
  const { baseRunId, clientId } = key.value;
  const run = await getClientRunRecord(ctx, baseRunId, clientId, input);
  if (run.isErr()) return err(run.error);
  const link: ExternalRunLink = {
    provider: names.value.provider,
    externalId: names.value.externalId,
    runId: baseRunId,
    clientId,
    linkedAt: ctx.now(),
  };
  const stored = await callStore(ctx, input, false, () => ctx.store.linkExternalRun(link));
  if (stored.isErr()) return err(stored.error);
  if (stored.value.runId !== baseRunId || stored.value.clientId !== clientId) {
    const message = `${link.provider} run ${link.externalId} is linked to another client run`;
    return err(conflict(input, message, stored.value));
  }
  return toResolved(stored.value, input);
};

/** Finds the client run a provider's run belongs to, so its webhook can write to the right record. */
export const resolveExternalRun = async (
  ctx: ServiceContext,
  provider: unknown,
  externalId: unknown,
): Out<ResolvedExternalRun> => {
  const names = checkNames(provider, externalId);
  if (names.isErr()) return err(names.error);
  const input = { provider, externalId };
  const found = await callStore(ctx, input, false, () =>
    ctx.store.resolveExternalRun(names.value.provider, names.value.externalId),
  );
  if (found.isErr()) return err(found.error);
  if (found.value === undefined)
    return err(notFound(input, `${names.value.provider} run ${names.value.externalId}`));
  return toResolved(found.value, input);
};

const checkNames = (
  provider: unknown,
  externalId: unknown,
): Result<{ provider: string; externalId: string }, ServiceError> => {
  const checkedProvider = validateName("provider", provider);
  if (checkedProvider.isErr()) return err(checkedProvider.error);
  const checkedId = validateText("externalId", externalId, 200);
  if (checkedId.isErr()) return err(checkedId.error);
  if (checkedId.value.length === 0 || checkedId.value.trim() !== checkedId.value) {
    return err(invalidArgument("externalId", externalId, "empty or surrounded by whitespace"));
  }
  return ok({ provider: checkedProvider.value, externalId: checkedId.value });
};

const toResolved = (
  link: ExternalRunLink,
  input: unknown,
): Result<ResolvedExternalRun, ServiceError> => {
  const clientRunId = withClient(link.runId, link.clientId);
  if (clientRunId.isErr()) return err(invalidRunId(input, clientRunId.error));
  return ok({ ...link, clientRunId: clientRunId.value });
};
