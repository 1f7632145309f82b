import { readdirSync } from "node:fs";
import { join } from "node:path";

// Runs every bench/*.bench.ts in turn and prints their markdown sections, dated, so the
// output can be pasted into BENCHMARKS.md as one block.
const dir = import.meta.dirname;
const only = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only === undefined || f.startsWith(only))
  .sort();

console.log(`## Run of ${new Date().toISOString().slice(0, 10)} (node ${process.version})\n`);
for (const file of files) {
  const module = (await import(join(dir, file))) as { run: () => Promise<string> };
  console.log(await module.run());
  console.log();
}
