/**
 * One of several processes saving the same user at once, for lib/users/save-across-processes.test.ts.
 * Runs the dashboard's checked save (the code behind the save action) with its own console
 * database handle, as a separate dashboard process would, and prints each attempt's outcome.
 * Run with `node --conditions=react-server --import tsx` (server-only's own empty export).
 */
import { appendAuditEntry } from "../../lib/audit/audit-log";
import { parseDatabaseUrl } from "../../lib/config/database-url";
import { openConsoleDatabase } from "../../lib/db/open-database";
import { saveMetadata } from "../../lib/users/save-metadata";

const { DATABASE_URL, USER_ID, BASE_UPDATED_AT, TAG, COUNT } = process.env;
const opened = openConsoleDatabase(parseDatabaseUrl(DATABASE_URL));
const outcomes = await Promise.all(
  Array.from({ length: Number(COUNT) }, async (_, n) => {
    const result = await saveMetadata(
      {
        userId: USER_ID!,
        baseUpdatedAt: Number(BASE_UPDATED_AT),
        patch: { public_metadata: { owner: `${TAG} ${n}` } },
      },
      {
        actor: { id: TAG!, email: `${TAG}@example.com` },
        db: opened.db,
        record: (entry) => appendAuditEntry(opened.db, entry).then(() => undefined),
      },
    );
    return result.ok ? `success ${TAG} ${n}` : result.error.kind;
  }),
);
await opened.db.destroy();
console.log(JSON.stringify(outcomes));
