import { BAG_NAMES, type BagPatch, type Bags } from "@/lib/metadata/bags";
import { isJsonObject, ownValue, type JsonValue } from "@/lib/metadata/json";
import { mergeMetadata } from "@/lib/metadata/merge-patch";
import type { MetadataPath } from "@/lib/metadata/path";
import { changedPaths } from "./changed-paths";

/** The value at a path, or undefined where any key on the way is missing. */
function valueAt(bags: Bags, path: MetadataPath): JsonValue | undefined {
  let value: JsonValue | undefined = bags[path.bag];
  for (const key of path.keys) value = isJsonObject(value) ? ownValue(value, key) : undefined;
  return value;
}

function after(before: Bags, patch: BagPatch): Bags {
  const merged = { ...before };
  for (const bag of BAG_NAMES) {
    const bagPatch = patch[bag];
    if (bagPatch) merged[bag] = mergeMetadata(before[bag], bagPatch);
  }
  return merged;
}

/**
 * A path that changed only as the object holding changed keys: an object before and after, or
 * made to hold them. Its own value is not what the change is about.
 */
function isContainer(before: Bags, changed: Bags, path: MetadataPath): boolean {
  const from = valueAt(before, path);
  return isJsonObject(valueAt(changed, path)) && (from === undefined || isJsonObject(from));
}

const startsWith = (path: MetadataPath, prefix: MetadataPath) =>
  path.bag === prefix.bag &&
  prefix.keys.length <= path.keys.length &&
  prefix.keys.every((key, i) => path.keys[i] === key);

/**
 * What a change request covers: the paths whose values its patch changes on the user it was
 * made for, without the objects that only hold them. A flag switch covers that flag's key; an
 * edit, the keys it set, replaced or deleted (and what a replaced or deleted value held).
 */
export function requestScope(before: Bags, patch: BagPatch): MetadataPath[] {
  const changed = after(before, patch);
  const paths = changedPaths(before, patch);
  const holdsChanges = (path: MetadataPath) =>
    paths.some((other) => other.keys.length > path.keys.length && startsWith(other, path));
  // An empty object made where there was none is a value of its own.
  return paths.filter((path) => !(isContainer(before, changed, path) && holdsChanges(path)));
}

/**
 * The paths a patch would change on `before` that lie outside `scope`: neither a covered path
 * or inside one, nor an object that only holds a covered path. Empty when the patch stays
 * within what the request was made for.
 */
export function outsideScope(
  before: Bags,
  patch: BagPatch,
  scope: readonly MetadataPath[],
): MetadataPath[] {
  const changed = after(before, patch);
  return changedPaths(before, patch).filter(
    (path) =>
      !scope.some((covered) => startsWith(path, covered)) &&
      !(scope.some((covered) => startsWith(covered, path)) && isContainer(before, changed, path)),
  );
}
