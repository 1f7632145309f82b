const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Record IDs that increase in creation order (`rec00000000000001`, …): the server's default, so a
 * test can predict them.
 * @returns a generator of record IDs
 */
export const counterRecordIds = (): (() => string) => {
  let n = 0;
  return () => `rec${(++n).toString(36).padStart(14, "0")}`;
};

/**
 * Random record IDs as real Airtable hands them out (`rec` + 14 alphanumerics), drawn from an
 * injected PRNG so a failing test replays: their order says nothing about creation order. An ID
 * already handed out is drawn again, since a base never reuses one.
 * @param random numbers in [0, 1), e.g. `createSeededRandom(seed)`
 * @returns a generator of record IDs
 */
export const randomRecordIds = (random: () => number): (() => string) => {
  const used = new Set<string>();
  return () => {
    for (;;) {
      let id = "rec";
      for (let i = 0; i < 14; i++) {
        id += ALPHANUMERIC[Math.floor(random() * ALPHANUMERIC.length) % ALPHANUMERIC.length];
      }
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
};
