// Stands in for `vitest` in the CommonJS build of `run-records/testing`: vitest refuses to be
// loaded with require(), so the suite can only run from an ES module test file. Everything else
// in this entry (the faulty store, the standard run, the arbitraries) works from CommonJS.
const esmOnly =
  (name: string) =>
  (..._args: unknown[]): never => {
    throw new Error(
      `run-records/testing: ${name}() needs vitest, which cannot be loaded with require(); ` +
        'import "run-records/testing" from an ES module test file instead',
    );
  };

/** Throws: the conformance suite needs vitest, which only loads as an ES module. */
export const describe = esmOnly("describe");
/** Throws: the conformance suite needs vitest, which only loads as an ES module. */
export const it = Object.assign(esmOnly("it"), { skipIf: () => esmOnly("it.skipIf") });
/** Throws: the conformance suite needs vitest, which only loads as an ES module. */
export const expect = esmOnly("expect");
