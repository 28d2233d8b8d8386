import { storedFlagValue, type FlagSlot } from "@/lib/flags/flag-values";
import type { FlagValue } from "@/lib/flags/catalogue-schema";
import type { Bags } from "@/lib/metadata/bags";
import {
  isJsonObject,
  ownValue,
  setOwnValue,
  type JsonObject,
  type JsonValue,
} from "@/lib/metadata/json";
import { jsonEqual } from "@/lib/metadata/merge-patch";

/** A flag's key on one user: absent, or present with a value. What a bulk job keeps per user. */
export type StoredFlag = { present: false } | { present: true; value: JsonValue };

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
 * The bags as they were before a write that changed only this flag: the returned document with
 * the key put back as it was. This is what a bulk write's audit entry records as "before".
 */
export function bagsBeforeFlagWrite(
  bags: Bags,
  { location: bag, key }: FlagSlot,
  stored: StoredFlag,
): Bags {
  const features = ownValue(bags[bag], "features");
  const nextFeatures: JsonObject = isJsonObject(features) ? { ...features } : {};
  if (stored.present) setOwnValue(nextFeatures, key, stored.value);
  else delete nextFeatures[key];
  const nextBag: JsonObject = { ...bags[bag] };
  // An empty "features" is taken to be one the write itself created.
  if (Object.keys(nextFeatures).length > 0) setOwnValue(nextBag, "features", nextFeatures);
  else delete nextBag.features;
  return { ...bags, [bag]: nextBag };
}
