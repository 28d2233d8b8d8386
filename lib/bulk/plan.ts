import type { FlagDefinition, FlagValue } from "@/lib/flags/catalogue-schema";
import type { Bags } from "@/lib/metadata/bags";
import { sameStoredFlag, storedFlag, targetOf, type StoredFlag } from "./stored-flag";

export interface TargetUser {
  id: string;
  email: string | null;
  bags: Bags;
}

export interface PlannedItem {
  userId: string;
  email: string | null;
  before: StoredFlag;
  target: StoredFlag;
  changes: boolean;
}

export const SAMPLE_SIZE = 10;

/**
 * What a bulk change would do to each user: who changes, who already holds the value. Pure, so
 * the dry run and the job it becomes agree by construction.
 */
export function planFlagChange(
  flag: FlagDefinition,
  value: FlagValue | null,
  users: readonly TargetUser[],
): { items: PlannedItem[]; changing: number; already: number } {
  const target = targetOf(value);
  const items = users.map((user) => {
    const before = storedFlag(flag, user.bags);
    return {
      userId: user.id,
      email: user.email,
      before,
      target,
      changes: !sameStoredFlag(before, target),
    };
  });
  const changing = items.filter((i) => i.changes).length;
  return { items, changing, already: items.length - changing };
}
