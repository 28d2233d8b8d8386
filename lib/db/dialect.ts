import type { ConsoleDb } from "./open-database";

/** Which SQL the console database speaks: the few statements that differ branch on it. */
export type Dialect = ConsoleDb["kind"];
