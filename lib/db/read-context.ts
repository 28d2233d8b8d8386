import { AsyncLocalStorage } from "node:async_hooks";

/** What an index read wants to hear of its statements while it runs. */
export interface IndexReadContext {
  /** Whose read it is (a staff id): the read pools order and limit statements by person. */
  owner: string;
  /** A statement of the read ran for `ms` on its reader or connection (waiting left out). */
  onStatement(ms: number): void;
}

// Carried through the read's awaits to the database layer, which times the statements; so
// the code in between (the filters' SQL) need not pass it along.
const current = new AsyncLocalStorage<IndexReadContext>();

/** Runs `read` with `context` told of each of its statements. */
export function withIndexReadContext<T>(context: IndexReadContext, read: () => Promise<T>) {
  return current.run(context, read);
}

/** The context of the index read running here, if any. */
export function currentIndexRead(): IndexReadContext | undefined {
  return current.getStore();
}
