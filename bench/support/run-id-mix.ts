/** The mix the server sees: base IDs, client IDs (ASCII and not), and a little noise. */
export const INPUTS = [
  "251007-070457",
  "251007-070457-Guy-Wilson",
  "250924-152230-Dean-Hobin",
  "250926-124530",
  "250926-124530-Client_042",
  "251231-235959-Zoë-Müller",
  "240229-000000-acme-corp-eu-west",
  "250101-120000-X",
] as const;

/**
 * The client each input is used with: base IDs gain one, client IDs get their own (the success
 * path the server takes; the old code "succeeded" on every pair, bugs included).
 */
export const CLIENTS = [
  "Guy-Wilson",
  "Guy-Wilson",
  "Dean-Hobin",
  "Client_042",
  "Client_042",
  "Zoë-Müller",
  "acme-corp-eu-west",
  "X",
] as const;
