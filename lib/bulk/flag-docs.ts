import type { FlagSlot } from "@/lib/flags/flag-values";
import type { Bags } from "@/lib/metadata/bags";
import { isJsonObject, ownValue, setOwnValue, type JsonObject } from "@/lib/metadata/json";
import type { StoredFlag } from "./plan";

/**
 * The bags as they were before a write that changed only this flag: the returned document with
 * the key put back as it was. This is what a bulk write's audit entry records as "before".
 */
export function withStoredFlag(
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
