import type { FlagDefinition, FlagValue } from "@/lib/flags/catalogue-schema";
import { storedFlagValue, type FlagSlot } from "@/lib/flags/flag-values";
import type { Bags } from "@/lib/metadata/bags";
import { jsonEqual } from "@/lib/metadata/merge-patch";
import type { JsonValue } from "@/lib/metadata/json";

/** A flag's key on one user: absent, or present with a value. */
export type StoredFlag = { present: false } | { present: true; value: JsonValue };

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

export function storedFlag(flag: FlagSlot, bags: Bags): StoredFlag {
  const value = storedFlagValue(flag, bags);
  return value === undefined ? { present: false } : { present: true, value };
}

export function sameStoredFlag(a: StoredFlag, b: StoredFlag): boolean {
  return a.present === b.present && (!a.present || (b.present && jsonEqual(a.value, b.value)));
}

/** The value a merge patch sends to put the key in this state (`null` removes it). */
export function patchValue(stored: StoredFlag): JsonValue | null {
  return stored.present ? stored.value : null;
}

/** `null` means "use default": the key is removed. */
export function targetOf(value: FlagValue | null): StoredFlag {
  return value === null ? { present: false } : { present: true, value };
}

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
