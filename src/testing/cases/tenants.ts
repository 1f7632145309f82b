import { describe, expect } from "vitest";
import type { BaseRunId, ClientId, ClientRunId } from "../../run-id/brand.js";
import type { ClientRunRecord } from "../../store/records.js";
import { baseId, clientId, newClientRun, T0 } from "../fixtures.js";
import { must } from "../must.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "tenant isolation";

/** One record per (job, client): no lookup for one client ever returns or touches another's. */
export function describeTenantCases(options: DescribeRunRecordStoreOptions): void {
  describe(GROUP, () => {
    const t = createSuiteContext(options, GROUP);
    const [m0] = t.metrics;
    const base = baseId("251007-070457");
    const nextSecond = baseId("251007-070458");
    const names = ["Guy-Wilson", "Guy", "Wilson", "guy-wilson", "Guy_Wilson", "José-Núñez"];

    t.test("a client whose ID is a hyphenated part of another's finds nothing", async (store) => {
      const guyWilson = clientId("Guy-Wilson");
      await must(store.createClientRun(newClientRun(base, guyWilson, "run")));
      for (const name of ["Wilson", "Guy", "guy-wilson", "Guy_Wilson", "Guy-Wilson-Guy"]) {
        expect(await must(store.getClientRun(base, clientId(name)))).toBeUndefined();
      }
      expect(await must(store.getClientRun(nextSecond, guyWilson))).toBeUndefined();
    });

    t.test("clients of one job each get their own record, and writes stay on it", async (store) => {
      const clients = names.map(clientId);
      for (const client of clients)
        await must(store.createClientRun(newClientRun(base, client, `run-${client}`)));
      await must(
        store.createClientRun(newClientRun(nextSecond, clients[0] as ClientId, "other-job")),
      );
      for (const [i, client] of clients.entries()) {
        await must(
          store.updateClientRun(base, client, {
            token: "w",
            at: T0 + 1,
            increments: { [m0]: i + 1 },
          }),
        );
      }
      for (const [i, client] of clients.entries()) {
        const record = await must(store.getClientRun(base, client));
        expect(record).toMatchObject({
          clientId: client,
          baseRunId: base,
          creationToken: `run-${client}`,
        });
        expect(record?.metrics).toEqual({ [m0]: i + 1 });
      }
      const listed = await must(store.listClientRuns(base));
      expect(listed.map((r) => r.clientId).sort()).toEqual([...clients].sort());
      const other = await must(store.listClientRuns(nextSecond));
      expect(other.map((r) => [r.clientId, r.metrics])).toEqual([[clients[0], {}]]);
    });

    t.test("(…-Guy, Wilson) and (…, Guy-Wilson) never share a record", async (store) => {
      const guyWilson = clientId("Guy-Wilson");
      const wilson = clientId("Wilson");
      const original = await must(store.createClientRun(newClientRun(base, guyWilson, "real")));
      // A caller that bypassed the branded types: concatenating the parts gives the same string.
      const forgedBase = "251007-070457-Guy" as BaseRunId;
      const forged: ClientRunRecord = {
        ...newClientRun(base, wilson, "forged"),
        runId: "251007-070457-Guy-Wilson" as ClientRunId,
        baseRunId: forgedBase,
      };
      const created = await store.createClientRun(forged);
      if (created.isOk()) {
        expect(created.value).toMatchObject({ clientId: wilson, creationToken: "forged" });
        await store.updateClientRun(forgedBase, wilson, {
          token: "x",
          at: T0,
          increments: { [m0]: 99 },
        });
      }
      expect(await must(store.getClientRun(base, guyWilson))).toEqual(original);
      expect(await must(store.getClientRun(base, wilson))).toBeUndefined();
      expect(await must(store.listClientRuns(base))).toEqual([original]);
    });

    t.test("the same client in two jobs has two records", async (store) => {
      const guy = clientId("Guy-Wilson");
      await must(store.createClientRun(newClientRun(base, guy, "first")));
      await must(store.createClientRun(newClientRun(nextSecond, guy, "second")));
      await must(
        store.updateClientRun(nextSecond, guy, { token: "w", at: T0, increments: { [m0]: 5 } }),
      );
      expect((await must(store.getClientRun(base, guy)))?.metrics).toEqual({});
      expect((await must(store.getClientRun(nextSecond, guy)))?.creationToken).toBe("second");
    });
  });
}
