/**
 * A child process that runs the user index's reads on its own read-only connection to the
 * console database's SQLite file (argv[2]), so a slow filter never holds the thread that serves
 * every other request. The pool (read-process-pool.ts) sends one statement at a time and kills
 * the process when one runs over its budget: SQLite in better-sqlite3 cannot be interrupted, and
 * a killed process gives its core back at once.
 */
import Database from "better-sqlite3";
import type { ReaderReady, ReadReply, ReadRequest } from "./read-messages";

const file = process.argv[2];
if (!file || !process.send) {
  console.error("read-worker-process: start it through ReadProcessPool");
  process.exit(2);
}
const send = process.send.bind(process);
const db = new Database(file, { readonly: true, fileMustExist: true });
// The server's connection writes meanwhile (WAL): a reader waits for a checkpoint, never fails.
db.pragma("busy_timeout = 5000");

/** Prepared statements by their SQL: the users list asks the same few shapes again and again. */
const prepared = new Map<string, Database.Statement>();
const PREPARED_KEPT = 100;

function statement(sql: string): Database.Statement {
  const cached = prepared.get(sql);
  if (cached) return cached;
  const fresh = db.prepare(sql);
  if (prepared.size >= PREPARED_KEPT) prepared.delete(prepared.keys().next().value as string);
  prepared.set(sql, fresh);
  return fresh;
}

process.on("message", (request: ReadRequest) => {
  let reply: ReadReply;
  try {
    const prepared = statement(request.sql);
    if (!prepared.reader) throw new Error("The index reader runs only statements that read.");
    reply = { id: request.id, rows: prepared.all(...request.parameters) };
  } catch (error) {
    const { message, code } = error as { message?: string; code?: unknown };
    reply = {
      id: request.id,
      error: { message: message ?? String(error), code: typeof code === "string" ? code : null },
    };
  }
  send(reply);
});

send({ ready: true } satisfies ReaderReady);

// The server went away (or closed the pool): nothing is left to answer.
process.on("disconnect", () => process.exit(0));
