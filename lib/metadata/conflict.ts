import { BAG_NAMES, type BagPatch, type Bags } from "./bags";
import { isJsonObject, ownValue, type JsonObject, type JsonValue } from "./json";
import { createMergePatch, jsonEqual, mergeMetadata } from "./merge-patch";
import { formatMetadataPath } from "./path";
import { touchedPaths } from "./rebase";

/**
 * What a write's conflict check compares once `updated_at` has moved: the whole of each bag it
 * touches (a JSON edit, whose author saw the whole document), or only the keys it touches (a
 * flag switch, whose author saw one value).
 */
export type ConflictScope = "bags" | "keys";

export interface WriteBase {
  /** `updated_at` of the version the write was prepared on. */
  updatedAt: number;
  /** The bags as the author saw them; without them any newer version is a conflict. */
  bags?: Partial<Bags>;
  scope: ConflictScope;
}

function valueAt(bag: JsonObject, path: string[]): JsonValue | undefined {
  let node: JsonValue | undefined = bag;
  for (const key of path) node = isJsonObject(node) ? ownValue(node, key) : undefined;
  return node;
}

/** Absent, or an object: what a merge patch's object merges into without destroying anything. */
const holds = (value: JsonValue | undefined) => value === undefined || isJsonObject(value);

/**
 * Whether two documents agree at a path the patch writes, and on the way down to it: a patch that
 * sets `role.name` replaces a `role` that is a string or an array, so a `role` changed from one
 * string to another is a conflict too. An object made or grown on the way (another flag switched
 * into `features`) is not.
 */
function sameAt(a: JsonObject, b: JsonObject, path: string[]): boolean {
  for (let depth = 1; depth <= path.length; depth++) {
    const x = valueAt(a, path.slice(0, depth));
    const y = valueAt(b, path.slice(0, depth));
    if (depth < path.length && holds(x) && holds(y)) continue;
    return x === undefined || y === undefined ? x === y : jsonEqual(x, y);
  }
  return true;
}

/**
 * Whether a write prepared on `base` would overwrite something its author did not see in the
 * user as it is now. Clerk moves `updated_at` for changes that touch no metadata (a name, a
 * username, sign-in activity): those are no conflict when the bags the author saw are known.
 */
export function isConflict(
  current: { updatedAt: number; bags: Bags },
  base: WriteBase,
  patch: BagPatch,
): boolean {
  if (current.updatedAt === base.updatedAt) return false;
  if (!base.bags) return true;
  for (const bag of BAG_NAMES) {
    const change = patch[bag];
    if (!change) continue;
    const seen = base.bags[bag];
    if (seen === undefined) return true;
    const now = current.bags[bag];
    if (
      base.scope === "bags"
        ? !jsonEqual(now, seen)
        : touchedPaths(change).some((p) => !sameAt(now, seen, p))
    )
      return true;
  }
  return false;
}

/**
 * Where Clerk's copy, as returned after a PATCH, differs from what the patch makes of the version
 * read just before, as paths (`public_metadata.seats`): someone outside Metadeck wrote in
 * between (Metadeck's own writers hold the user's write lease across read and PATCH).
 */
export function changedOutside(before: Bags, patch: BagPatch, after: Bags): string[] {
  return BAG_NAMES.flatMap((bag) => {
    const change = patch[bag];
    const expected = change ? mergeMetadata(before[bag], change) : before[bag];
    if (jsonEqual(after[bag], expected)) return [];
    const difference = createMergePatch(expected, after[bag]);
    return touchedPaths(difference).map((keys) => formatMetadataPath({ bag, keys }));
  });
}
