import type { PostgresPool, PostgresPoolClient } from "kysely";
import { currentIndexRead } from "../read-context";
import { nextInLine, RecentStatementTimes, type WaitingStatement } from "./fair-order";

/** What Kysely and this pool need of pg's pool. */
interface Connections {
  connect(): Promise<PostgresPoolClient>;
  end(): Promise<void>;
}

/**
 * The index reads' PostgreSQL connections, handed out as SQLite's readers are
 * (read-process-pool.ts) rather than first come, first served: one statement of a person at a
 * time, others passing it, and a free connection to the person whose statements ran shortest
 * lately, less the statement's wait (fair-order.ts). The person is the index read's (read-context.ts); statements outside
 * one have no owner and count as quick.
 */
export class FairPostgresPool implements PostgresPool {
  private readonly waiting: (WaitingStatement & { enter: () => void })[] = [];
  private readonly running: (string | undefined)[] = [];

  constructor(
    private readonly connections: Connections,
    private readonly size: number,
    private readonly times = new RecentStatementTimes(),
  ) {}

  async connect(): Promise<PostgresPoolClient> {
    const owner = currentIndexRead()?.owner;
    await new Promise<void>((enter) => {
      this.waiting.push({ owner, since: Date.now(), enter });
      this.dispatch();
    });
    const startedAt = performance.now();
    let client: PostgresPoolClient;
    try {
      client = await this.connections.connect();
    } catch (error) {
      this.leave(owner, 0);
      throw error;
    }
    let released = false;
    // A wrapper, not pg's client patched: pg hands the same client object out again.
    return {
      query: client.query.bind(client) as PostgresPoolClient["query"],
      release: () => {
        if (released) return;
        released = true;
        this.leave(owner, performance.now() - startedAt);
        client.release();
      },
    };
  }

  end(): Promise<void> {
    return this.connections.end();
  }

  private dispatch() {
    while (this.running.length < this.size) {
      const next = nextInLine(this.waiting, new Set(this.running), this.times);
      if (next === -1) return;
      const [chosen] = this.waiting.splice(next, 1);
      this.running.push(chosen!.owner);
      chosen!.enter();
    }
  }

  private leave(owner: string | undefined, ms: number) {
    this.running.splice(this.running.indexOf(owner), 1);
    this.times.record(owner, ms);
    this.dispatch();
  }
}
