import { explainRunIds, sampleRunIds } from "./explain-run-ids.js";
import { demoStandardRun } from "./standard-run.js";

// `npm run demo`: the library's main job on the embedded default (the in-memory store);
// `npm run demo -- --airtable`: the same standard run through the Airtable store against a
// local Airtable-compatible server.
if (process.argv.includes("--airtable")) {
  const { demoAirtableRun } = await import("./airtable-run.js");
  console.log(await demoAirtableRun());
} else {
  console.log("Run IDs found in the existing data, explained and normalised:\n");
  console.log(explainRunIds(sampleRunIds));
  console.log("\nThe standard run on the in-memory store:\n");
  console.log(await demoStandardRun());
}
