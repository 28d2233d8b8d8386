import type { Dialect } from "../dialect";

/** JSON documents: `jsonb` on PostgreSQL, text on SQLite. */
export const jsonType = (kind: Dialect) => (kind === "postgres" ? "jsonb" : "text");

/** An auto-numbered primary key. */
export const idType = (kind: Dialect) => (kind === "postgres" ? "bigserial" : "integer");
