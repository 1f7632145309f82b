import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { ParentMessage, WorkerMessage, WorkerSetup, WorkerTask } from "./worker-protocol.js";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));
const PROJECT_TMP = fileURLToPath(new URL("../../../.tmp/", import.meta.url));

/** Worker processes on one database, given tasks together and released at once. */
export interface Workers {
  readonly children: readonly ChildProcess[];
  /**
   * Gives worker i tasks[i] (workers past the tasks sit this one out), waits until each has prepared it, sends the start
   * signal to all at once, and resolves with every worker's `done` message. `onReady` runs
   * between ready and go (e.g. to seal the job once every client run exists).
   */
  run(
    tasks: readonly WorkerTask[],
    onReady?: (ready: WorkerMessage[]) => Promise<void> | void,
  ): Promise<WorkerMessage[]>;
  /** Asks every worker to exit and waits for it; kills (SIGKILL) any still running after that. */
  stop(): Promise<void>;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once("exit", () => resolve()));

/** The next message of `type` from a worker; rejects when it reports a failure or exits first. */
export const nextMessage = (
  child: ChildProcess,
  type: WorkerMessage["type"],
): Promise<WorkerMessage> =>
  new Promise((resolve, reject) => {
    const finish = () => {
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    const onMessage = (message: WorkerMessage) => {
      if (message.type !== "failed" && message.type !== type) return;
      finish();
      if (message.type === "failed") reject(new Error(`worker failed: ${message.reason}`));
      else resolve(message);
    };
    const onExit = (code: number | null, signal: string | null) => {
      finish();
      reject(new Error(`worker exited (${code ?? signal}) before "${type}"`));
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });

const send = (child: ChildProcess, message: ParentMessage) => child.send(message);

// The worker is bundled into one file once per call: a loaded machine starts plain Node in about
// 1 s, Node under tsx (which compiles every source file) in about 3 s.
/** Bundles a worker script (TypeScript) into one .mjs file; `remove` deletes it. */
export const bundleWorker = async (
  entry: string = WORKER,
): Promise<{ file: string; remove: () => void }> => {
  // Inside the project (.tmp/ is git-ignored) so the bundle's imports find node_modules.
  mkdirSync(PROJECT_TMP, { recursive: true });
  const dir = mkdtempSync(join(PROJECT_TMP, "worker-"));
  const file = join(dir, "worker.mjs");
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

/** Forks `count` worker processes and waits until each has opened the store. */
export const startWorkers = async (count: number, setup: WorkerSetup): Promise<Workers> => {
  const bundle = await bundleWorker();
  const children = Array.from({ length: count }, () =>
    fork(bundle.file, [JSON.stringify(setup)], {
      cwd: process.cwd(),
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
  const workers: Workers = {
    children,
    run: async (tasks, onReady) => {
      const taken = children.slice(0, tasks.length);
      const ready = Promise.all(taken.map((child) => nextMessage(child, "ready")));
      for (const [i, task] of tasks.entries()) send(children[i]!, { type: "prepare", task });
      const messages = await ready;
      await onReady?.(messages);
      const done = Promise.all(taken.map((child) => nextMessage(child, "done")));
      for (const child of taken) send(child, { type: "go" });
      return done;
    },
    stop: async () => {
      for (const child of children) if (child.connected) send(child, { type: "exit" });
      const timeout = setTimeout(() => {
        for (const child of children) child.kill("SIGKILL");
      }, 5_000);
      await Promise.all(children.map(exited));
      clearTimeout(timeout);
      bundle.remove();
    },
  };
  try {
    await Promise.all(children.map((child) => nextMessage(child, "up")));
  } catch (error) {
    for (const child of children) child.kill("SIGKILL");
    await Promise.all(children.map(exited));
    bundle.remove();
    throw error;
  }
  return workers;
};
