import { fork, type ChildProcess } from "node:child_process";
import { setPriority } from "node:os";
import { join } from "node:path";
import { ReadOverBudget, ReaderStopped } from "../read-budget";
import { nextInLine, RecentStatementTimes, type WaitingStatement } from "./fair-order";
import type { ReaderReady, ReadReply, ReadRequest } from "./read-messages";

interface Pending extends WaitingStatement {
  request: ReadRequest;
  /** Told how long the statement ran on its reader, once it answered. */
  onRan: ((ms: number) => void) | undefined;
  resolve: (rows: unknown[]) => void;
  reject: (error: Error) => void;
}

interface Reader {
  child: ChildProcess;
  /** Whether its connection is open: a reader's start-up never counts against a budget. */
  ready: boolean;
  /** The statement it runs now, and the timer that kills it at the budget. */
  running: { pending: Pending; timer: NodeJS.Timeout; startedAt: number } | null;
}

/** A statement the reader answered with an error (SQLite's message and code). */
class ReaderError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = "ReaderError";
  }
}

export interface ReadPoolOptions {
  /** The console database's SQLite file. */
  file: string;
  /** Reader processes at most: statements beyond them wait their turn. */
  size: number;
  /** How long one statement may run before its process is killed. */
  budgetMs: number;
}

/** How much lower than the server a reader runs (nice(1): 0 is the default, 19 the lowest). */
const READER_NICENESS = 10;

// The entry is named at run time from the project root (npm start, the tests and the benches
// all run there); the build must not trace or bundle it, since it runs in a process of its own.
const ENTRY = join(
  /*turbopackIgnore: true*/ process.cwd(),
  "lib/db/read-pool/read-worker-process.ts",
);

/**
 * Runs read statements on SQLite in child processes, each with a read-only connection, at most
 * `size` at once, each within `budgetMs`. A statement over budget is stopped by killing its
 * process (replaced on the next statement) and rejected with ReadOverBudget; the server's own
 * thread only ever waits for a message.
 */
export class ReadProcessPool {
  private readers: Reader[] = [];
  private queue: Pending[] = [];
  private readonly times = new RecentStatementTimes();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ReadPoolOptions) {}

  /**
   * The rows a read-only statement answers. Statements of one `owner` (a person) run one at a
   * time, the others' passing them in the queue: one person's heavy filters hold one reader at
   * most. A free reader goes to the person whose statements ran shortest lately, less the
   * statement's wait (fair-order.ts): quick filters pass several people's slow ones, and the
   * slow still get their turn. `onRan` hears how long it ran on its reader, its wait left out.
   */
  run(
    sql: string,
    parameters: readonly unknown[],
    owner?: string,
    onRan?: (ms: number) => void,
  ): Promise<unknown[]> {
    if (this.closed) return Promise.reject(new Error("The index reader pool is closed."));
    return new Promise((resolve, reject) => {
      const request = { id: this.nextId++, sql, parameters };
      this.queue.push({ request, owner, since: Date.now(), onRan, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every reader; statements still waiting are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0))
      pending.reject(new Error("The index reader pool is closed."));
    for (const reader of this.readers.splice(0)) {
      if (reader.running) {
        clearTimeout(reader.running.timer);
        reader.running.pending.reject(new Error("The index reader pool is closed."));
      }
      reader.child.kill("SIGKILL");
    }
  }

  private dispatch() {
    for (;;) {
      const busy = new Set(this.readers.map((r) => r.running?.pending.owner));
      const next = nextInLine(this.queue, busy, this.times);
      if (next === -1) return;
      const reader = this.readers.find((r) => r.ready && r.running === null);
      if (!reader) return this.fill();
      this.start(reader, this.queue.splice(next, 1)[0]!);
    }
  }

  /** Starts readers up to the pool's size; each takes the queue's next statement once ready. */
  private fill() {
    while (!this.closed && this.readers.length < this.options.size) this.spawn();
  }

  private start(reader: Reader, pending: Pending) {
    const timer = setTimeout(() => {
      this.times.record(pending.owner, this.options.budgetMs);
      this.remove(reader);
      reader.child.kill("SIGKILL");
      pending.reject(new ReadOverBudget(this.options.budgetMs));
      // Its replacement starts now, so that the next statement finds it ready.
      this.fill();
      this.dispatch();
    }, this.options.budgetMs);
    reader.running = { pending, timer, startedAt: performance.now() };
    reader.child.send(pending.request);
  }

  private spawn() {
    const child = fork(ENTRY, [this.options.file], {
      execArgv: ["--import", "tsx"],
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    // Below the server in the scheduler's eyes: a heavy filter takes the cores left over, and
    // every other request is served first.
    if (child.pid !== undefined) setPriority(child.pid, READER_NICENESS);
    const reader: Reader = { child, ready: false, running: null };
    child.on("message", (reply: ReadReply | ReaderReady) => {
      if ("ready" in reply) {
        reader.ready = true;
        return this.dispatch();
      }
      const running = reader.running;
      if (!running || running.pending.request.id !== reply.id) return;
      clearTimeout(running.timer);
      reader.running = null;
      const ran = performance.now() - running.startedAt;
      this.times.record(running.pending.owner, ran);
      running.pending.onRan?.(ran);
      if (reply.error)
        running.pending.reject(new ReaderError(reply.error.message, reply.error.code));
      else running.pending.resolve(reply.rows);
      this.dispatch();
    });
    child.on("exit", (code, signal) => {
      // Killed for its budget, it is already removed; any other end fails its statement.
      if (!this.readers.includes(reader)) return;
      this.remove(reader);
      const ended = () => new ReaderStopped(signal ?? `exit code ${code}`);
      if (!reader.ready) {
        // It could not open the database: the statements waiting would wait forever, and a
        // replacement would fail the same way. The next statement tries again.
        for (const pending of this.queue.splice(0)) pending.reject(ended());
        return;
      }
      if (reader.running) {
        clearTimeout(reader.running.timer);
        reader.running.pending.reject(ended());
      }
      this.dispatch();
    });
    child.on("error", (error) => console.error("[index reads] reader process failed:", error));
    // Idle readers do not keep a script or a test runner alive.
    child.unref();
    child.channel?.unref();
    this.readers.push(reader);
  }

  private remove(reader: Reader) {
    this.readers = this.readers.filter((r) => r !== reader);
  }
}
