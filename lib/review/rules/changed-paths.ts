import { BAG_NAMES, type BagName, type BagPatch, type Bags } from "@/lib/metadata/bags";
import { isJsonObject, ownValue, type JsonValue } from "@/lib/metadata/json";
import { jsonEqual, mergeMetadata } from "@/lib/metadata/merge-patch";
import type { MetadataPath } from "@/lib/metadata/path";

/**
 * Every path whose value a merge patch changes on these documents: each key added, removed or
 * given another value, every object above it (its value changes with it), and everything inside
 * a value that is replaced or deleted whole. So a patch that sets `settings` to a string changes
 * `settings.role` if there was one, and `{"role": null}` changes `role` only if it was there.
 */
export function changedPaths(before: Bags, patch: BagPatch): MetadataPath[] {
  const changed: MetadataPath[] = [];
  for (const bag of BAG_NAMES) {
    const bagPatch = patch[bag];
    if (!bagPatch) continue;
    const from = before[bag];
    collect(bag, [], from, mergeMetadata(from, bagPatch), changed);
  }
  return changed;
}

function collect(
  bag: BagName,
  keys: string[],
  from: JsonValue | undefined,
  to: JsonValue | undefined,
  into: MetadataPath[],
): void {
  if (from !== undefined && to !== undefined && jsonEqual(from, to)) return;
  if (keys.length > 0) into.push({ bag, keys });
  if (isJsonObject(from) && isJsonObject(to)) {
    for (const key of new Set([...Object.keys(from), ...Object.keys(to)]))
      collect(bag, [...keys, key], ownValue(from, key), ownValue(to, key), into);
    return;
  }
  // Replaced or deleted whole: everything that was inside, and everything now inside, changes.
  for (const side of [from, to])
    if (isJsonObject(side))
      for (const key of Object.keys(side))
        collect(bag, [...keys, key], ownValue(side, key), undefined, into);
}
