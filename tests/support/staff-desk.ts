import { commandActor } from "../../lib/audit/audit-actor";
import type { StaffAuth } from "../../lib/auth/create-auth";
import type { StaffDesk } from "../../lib/auth/staff-accounts";
import type { ConsoleDb } from "../../lib/db/open-database";

/** Staff changes made by a test's own set-up, audited as such. */
export function testDesk(auth: StaffAuth, opened: ConsoleDb): StaffDesk {
  return { auth, db: opened.db, actor: commandActor("test set-up") };
}
