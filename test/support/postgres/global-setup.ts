import type { TestProject } from "vitest/node";
import { startCoordinator } from "./coordinator.js";
import { POSTGRES_COORDINATOR_KEY, POSTGRES_URL_ENV } from "./provided.js";

/**
 * Vitest global setup: one test-database coordinator per test run. The throwaway PostgreSQL server
 * behind it starts on the first request and is stopped when the run ends, however it ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const coordinator = await startCoordinator(process.env[POSTGRES_URL_ENV]);
  project.provide(POSTGRES_COORDINATOR_KEY, coordinator.url);
  return () => coordinator.close();
}
