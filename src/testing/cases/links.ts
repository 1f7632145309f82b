import { describe, expect } from "vitest";
import type { ExternalRunLink } from "../../store/records.js";
import { baseId, clientId, T0 } from "../fixtures.js";
import { must } from "../must.js";
import { createSuiteContext, type DescribeRunRecordStoreOptions } from "../suite-context.js";

const GROUP = "external links";

/** A provider's run resolves to the client run it was linked to; the first link wins. */
export function describeLinkCases(options: DescribeRunRecordStoreOptions): void {
  describe(GROUP, () => {
    const t = createSuiteContext(options, GROUP);
    const base = baseId("251007-070457");
    const guy = clientId("Guy-Wilson");
    const dean = clientId("Dean-Hobin");
    const link = (externalId: string, client = guy, provider = "apify"): ExternalRunLink => ({
      provider,
      externalId,
      runId: base,
      clientId: client,
      linkedAt: T0,
    });

    t.test("a linked run resolves; an unknown one is undefined", async (store) => {
      const stored = await must(store.linkExternalRun(link("8MSTBAfqMzuXPvgB3")));
      expect(stored).toEqual(link("8MSTBAfqMzuXPvgB3"));
      expect(await must(store.resolveExternalRun("apify", "8MSTBAfqMzuXPvgB3"))).toEqual(stored);
      expect(await must(store.resolveExternalRun("apify", "OYkC0ZbuWPOvwkLid"))).toBeUndefined();
      expect(await must(store.resolveExternalRun("other", "8MSTBAfqMzuXPvgB3"))).toBeUndefined();
      // A prefix or substring of a linked ID is a different ID.
      expect(await must(store.resolveExternalRun("apify", "8MSTBAfqMzuXPvgB"))).toBeUndefined();
    });

    t.test("the first link wins; a later link of the same run returns it", async (store) => {
      const first = await must(store.linkExternalRun(link("8MSTBAfqMzuXPvgB3", guy)));
      const second = await must(
        store.linkExternalRun({ ...link("8MSTBAfqMzuXPvgB3", dean), linkedAt: T0 + 1 }),
      );
      expect(second).toEqual(first);
      expect((await must(store.resolveExternalRun("apify", "8MSTBAfqMzuXPvgB3")))?.clientId).toBe(
        guy,
      );
    });

    t.test("external IDs and providers compare case-sensitively", async (store) => {
      const lower = await must(store.linkExternalRun(link("abc", guy)));
      // A store that folds case returns Guy's link here, and Dean's webhook lands on Guy's run.
      const upper = await must(store.linkExternalRun(link("ABC", dean)));
      const provider = await must(store.linkExternalRun(link("abc", dean, "Apify")));
      expect(lower).toEqual(link("abc", guy));
      expect(upper).toEqual(link("ABC", dean));
      expect(provider).toEqual(link("abc", dean, "Apify"));
      expect((await must(store.resolveExternalRun("apify", "abc")))?.clientId).toBe(guy);
      expect((await must(store.resolveExternalRun("apify", "ABC")))?.clientId).toBe(dean);
      expect((await must(store.resolveExternalRun("Apify", "abc")))?.clientId).toBe(dean);
      expect(await must(store.resolveExternalRun("apify", "Abc"))).toBeUndefined();
      expect(await must(store.resolveExternalRun("APIFY", "abc"))).toBeUndefined();
    });

    t.test(
      "concurrent links of one external run agree on one winner",
      async (store) => {
        const clients = ["Guy-Wilson", "Dean-Hobin", "Guy", "Wilson"].map(clientId);
        const results = await Promise.all(
          clients.map((client) => must(store.linkExternalRun(link("OYkC0ZbuWPOvwkLid", client)))),
        );
        const resolved = await must(store.resolveExternalRun("apify", "OYkC0ZbuWPOvwkLid"));
        expect(resolved).toBeDefined();
        for (const result of results) expect(result).toEqual(resolved);
      },
      ["atomicCreate"],
    );

    t.test(
      "provider and external ID never collide across their boundary or with quotes",
      async (store) => {
        const pairs: [string, string][] = [
          ["a:b", "c"],
          ["a", "b:c"],
          ["apify", "it's"],
          ["apify", 'say "hi"'],
          ["apify", "back\\slash"],
          ["apify", "x' OR '1'='1"],
        ];
        const clients = ["Guy-Wilson", "Dean-Hobin", "Guy", "Wilson", "Dean", "Hobin"].map(
          clientId,
        );
        for (const [i, [provider, externalId]] of pairs.entries()) {
          await must(store.linkExternalRun(link(externalId, clients[i], provider)));
        }
        for (const [i, [provider, externalId]] of pairs.entries()) {
          expect((await must(store.resolveExternalRun(provider, externalId)))?.clientId).toBe(
            clients[i],
          );
        }
        expect(await must(store.resolveExternalRun("apify", "x"))).toBeUndefined();
      },
    );
  });
}
