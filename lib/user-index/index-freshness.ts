import type { Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";

/** The newest write to the index (ms), which every answer read from it reports; null when empty. */
export async function readIndexedAt(db: Kysely<ConsoleDatabase>): Promise<number | null> {
  const row = await db
    .selectFrom("user_index")
    .select((eb) => eb.fn.max("indexed_at").as("at"))
    .executeTakeFirst();
  const at = row?.at;
  return at === null || at === undefined ? null : Number(at);
}
