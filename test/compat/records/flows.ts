// The existing server's three live record flows, replayed through run-records/compat only (the
// typed service appears once: the provider-run lookup that replaces the old Apify Runs table).
// Each flow returns what it must have left behind, so the test can check it on any store.
import type { JobTracking, RunRecordAdapter } from "../../../src/compat/index.js";
import type { RunRecordService } from "../../../src/service/index.js";

/** The facades a flow drives, and the service behind them. */
export interface Facades {
  readonly jobTracking: JobTracking;
  readonly adapter: RunRecordAdapter;
  readonly service: RunRecordService;
}

/** What one client run must hold when a flow has finished. */
export interface ExpectedClientRun {
  readonly clientId: string;
  readonly metrics: Readonly<Record<string, number>>;
  readonly progressLines: number;
  readonly status: string;
}

/** What a flow must have left behind. */
export interface FlowOutcome {
  readonly runId: string;
  readonly jobStatus: string;
  readonly clientRuns: readonly ExpectedClientRun[];
}

const must = <T>(value: T | null | undefined, what: string): T => {
  // `false` fails too: the flows use it for answers such as `alreadyExists`.
  if (value === null || value === undefined || value === false) throw new Error(`flow: ${what}`);
  return value;
};

/**
 * The client-by-client resume script: create the job, then per client create the client run,
 * score leads in 40-lead chunks with progress lines, complete the client run; it crashes after
 * two clients and is run again from the top (creates repeat, a chunk is re-sent); then the
 * aggregate and the job's completion.
 */
export async function resumeScript(f: Facades): Promise<FlowOutcome> {
  const runId = "251007-070457";
  const clients = ["Guy-Wilson", "Dean-Hobin", "Ann-Lee", "Bo-Chen"];
  const noLeads = "Bo-Chen";
  const chunk = {
    "Profiles Examined for Scoring": 40,
    "Profiles Successfully Scored": 39,
    "Profile Scoring Tokens": 1200,
  };
  const scoreClient = async (clientId: string, upTo: number) => {
    const created = await f.jobTracking.createClientRun({
      runId,
      clientId,
      initialData: { "Client Name": clientId.replace("-", " ") },
    });
    const clientRunId = created.runId;
    if (created.alreadyExists !== true) {
      await f.jobTracking.appendToProgressLog(clientRunId, clientId, "Lead scoring started");
    }
    if (clientId === noLeads) {
      await f.jobTracking.completeClientRun({
        runId: clientRunId,
        clientId,
        status: "No Leads To Score",
      });
      return;
    }
    for (let i = 1; i <= upTo; i++) {
      await f.jobTracking.updateClientMetrics({
        runId: clientRunId,
        clientId,
        metrics: chunk,
        idempotencyKey: `lead_scoring:chunk-${i}`,
      });
    }
    if (upTo === 3) {
      await f.jobTracking.appendToProgressLog(runId, clientId, "Lead scoring: 117/120 scored");
      await f.jobTracking.completeClientRun({ runId: clientRunId, clientId, status: "Completed" });
    }
  };

  // First attempt: the job, two clients finished, the third crashes after its third chunk.
  await f.jobTracking.createJob({ runId, jobType: "smart_resume", initialData: { Stream: 1 } });
  await scoreClient("Guy-Wilson", 3);
  await scoreClient("Dean-Hobin", 3);
  await f.jobTracking.createClientRun({ runId, clientId: "Ann-Lee" });
  await f.jobTracking.appendToProgressLog(runId, "Ann-Lee", "Lead scoring started");
  for (let i = 1; i <= 3; i++) {
    await f.jobTracking.updateClientMetrics({
      runId,
      clientId: "Ann-Lee",
      metrics: chunk,
      idempotencyKey: `lead_scoring:chunk-${i}`,
    });
  }
  // Resume from the top: the job and finished clients answer "exists"; Ann Lee's chunks are
  // re-sent under the same keys; the unfinished clients finish.
  const again = await f.jobTracking.createJob({ runId, jobType: "smart_resume" });
  must(again.alreadyExists, "the resumed createJob must find the job");
  for (const clientId of clients) {
    if (await f.jobTracking.checkClientRunExists({ runId, clientId })) {
      const run = await f.jobTracking.createClientRun({ runId, clientId });
      must(run.alreadyExists, "an existing client run must answer alreadyExists");
      if (clientId !== "Ann-Lee") continue;
    }
    await scoreClient(clientId, 3);
  }
  await f.jobTracking.updateAggregateMetrics({
    runId,
    metrics: { "Profiles Successfully Scored": 117 },
  });
  await f.jobTracking.completeJob({
    runId,
    status: "Completed",
    updates: { "System Notes": "4 clients" },
  });
  // The alert scripts' entry point: the newest job, found through listJobs on every store.
  const latest = await f.jobTracking.getLatestRun();
  if (latest?.id !== runId) throw new Error(`flow: getLatestRun found ${latest?.id}, not ${runId}`);

  const scored = { profiles_examined: 120, profiles_scored: 117, profile_tokens: 3600 };
  return {
    runId,
    jobStatus: "Completed",
    clientRuns: clients.map((clientId) =>
      clientId === noLeads
        ? { clientId, metrics: {}, progressLines: 1, status: "No Leads To Score" }
        : { clientId, metrics: scored, progressLines: 2, status: "Completed" },
    ),
  };
}

/**
 * The batch scorer: for each client, the existence check, then three operations at once (lead
 * scoring, post harvesting, post scoring), each sending per-chunk metric updates and a progress
 * line per chunk, then the client's completion and the job's.
 */
export async function batchScorer(f: Facades): Promise<FlowOutcome> {
  const runId = "251007-081500";
  const clients = ["Guy-Wilson", "Dean-Hobin", "Ann-Lee"];
  const chunks = 4;
  await f.adapter.createJobRecord({ runId, stream: 2 });
  for (const clientId of clients) await f.adapter.createRunRecord({ runId, clientId });

  const operations = {
    lead_scoring: (clientId: string, i: number) =>
      f.adapter.safeUpdateMetrics({
        runId,
        clientId,
        processType: "lead_scoring",
        metrics: { "Profiles Examined for Scoring": 40, "Profiles Successfully Scored": 38 },
        idempotencyKey: `lead_scoring:${i}`,
      }),
    post_harvesting: (clientId: string, i: number) =>
      f.adapter.updateRunRecord({
        runId: `${runId}-${clientId}`,
        clientId,
        updates: { "Total Posts Harvested": 10, "Apify API Costs": 0.25 },
        idempotencyKey: `post_harvesting:${i}`,
      }),
    post_scoring: (clientId: string, i: number) =>
      f.jobTracking.updateClientMetrics({
        runId,
        clientId,
        metrics: { "Posts Examined for Scoring": 10, "Posts Successfully Scored": 9 },
        idempotencyKey: `post_scoring:${i}`,
      }),
  };

  await Promise.all(
    clients.map(async (clientId) => {
      must((await f.adapter.checkRunRecordExists({ runId, clientId })) || null, "record exists");
      await Promise.all(
        Object.entries(operations).map(async ([name, send]) => {
          for (let i = 1; i <= chunks; i++) {
            await send(clientId, i);
            await f.jobTracking.appendToProgressLog(
              runId,
              clientId,
              `${name}: chunk ${i}/${chunks}`,
            );
          }
        }),
      );
      await f.jobTracking.completeClientProcessing({
        runId: `${runId}-${clientId}`,
        clientId,
        finalMetrics: {},
        options: { isStandalone: true, source: "batch_scorer" },
      });
    }),
  );
  await f.adapter.completeJobRecord({ runId, success: true, notes: "batch done" });
  return {
    runId,
    jobStatus: "Completed",
    clientRuns: clients.map((clientId) => ({
      clientId,
      metrics: {
        profiles_examined: 160,
        profiles_scored: 152,
        posts_harvested: 40,
        apify_cost: 1,
        posts_examined: 40,
        posts_scored: 36,
      },
      progressLines: 3 * chunks,
      status: "Completed",
    })),
  };
}

/**
 * The provider webhook: post harvesting starts an Apify run per client (linked through the
 * Apify Run ID); each run's webhook arrives three times (retried twice), finds its run from the
 * provider's run ID, records the posts and costs, logs a line and completes the client; then the job.
 */
export async function providerWebhook(f: Facades): Promise<FlowOutcome> {
  const runId = "251007-093000";
  const apifyRuns: Record<string, string> = {
    "Guy-Wilson": "8MSTBAfqMzuXPvgB3",
    "Dean-Hobin": "OYkC0ZbuWPOvwkLid",
  };
  await f.jobTracking.createJob({ runId, jobType: "post_harvesting" });
  for (const [clientId, apifyRunId] of Object.entries(apifyRuns)) {
    const run = await f.jobTracking.createClientRun({ runId, clientId });
    await f.jobTracking.updateClientMetrics({
      runId: run.runId,
      clientId,
      metrics: {
        "Profiles Submitted for Post Harvesting": 20,
        "Apify Run ID": apifyRunId,
        "System Notes": `Apify run ${apifyRunId} started for 20 profiles`,
      },
      idempotencyKey: `apify:${apifyRunId}:start`,
    });
  }

  const webhook = async (apifyRunId: string, posts: number, cost: number) => {
    // The old server looked the provider's run up in its Apify Runs table; the link compat made
    // from the Apify Run ID is that lookup now.
    const found = (await f.service.resolveExternalRun("apify", apifyRunId))._unsafeUnwrap();
    const metrics = { "Total Posts Harvested": posts, "Apify API Costs": cost };
    const idempotencyKey = `apify:${apifyRunId}:harvest`;
    await f.jobTracking.updateClientMetrics({
      runId: found.clientRunId,
      clientId: found.clientId,
      metrics,
      idempotencyKey,
    });
    await f.jobTracking.appendToProgressLog(
      found.clientRunId,
      found.clientId,
      `Webhook: ${posts} posts`,
    );
    await f.jobTracking.completeClientProcessing({
      runId: found.clientRunId,
      clientId: found.clientId,
      finalMetrics: metrics,
      options: { isStandalone: true, source: "apify_webhook" },
      idempotencyKey,
    });
  };
  const deliveries = [
    ["8MSTBAfqMzuXPvgB3", 33, 0.5],
    ["OYkC0ZbuWPOvwkLid", 12, 0.25],
  ] as const;
  // The two runs' webhooks race each other; each is delivered three times (retried twice after
  // a timeout). A retry finds the run ended: its metrics repeat a key (nothing added), its
  // progress line is refused (appendToProgressLog answers false) and its completion is a no-op.
  await Promise.all(
    deliveries.map(async ([id, posts, cost]) => {
      for (let attempt = 0; attempt < 3; attempt++) await webhook(id, posts, cost);
    }),
  );
  await f.jobTracking.completeJob({ runId });
  return {
    runId,
    jobStatus: "Completed",
    clientRuns: [
      // Posts scored is not part of this flow: nothing examined for scoring, so the old rule
      // ends a standalone harvest "No Leads To Score".
      {
        clientId: "Guy-Wilson",
        metrics: { profiles_submitted: 20, posts_harvested: 33, apify_cost: 0.5 },
        progressLines: 1,
        status: "No Leads To Score",
      },
      {
        clientId: "Dean-Hobin",
        metrics: { profiles_submitted: 20, posts_harvested: 12, apify_cost: 0.25 },
        progressLines: 1,
        status: "No Leads To Score",
      },
    ],
  };
}
