import { BAG_NAMES, type BagPatch, type Bags } from "./bags";
import { isJsonObject, ownValue, setOwnValue, type JsonObject } from "./json";

/**
 * The merge patch that undoes `patch` on top of what it produced: every key the patch touched
 * gets back its value in `before`, or `null` (deletion) where `before` had none. Keys the patch
 * did not touch are left alone, so later changes to them survive a revert.
 */
export function inverseMergePatch(before: JsonObject, patch: JsonObject): JsonObject {
  const inverse: JsonObject = {};
  for (const [key, change] of Object.entries(patch)) {
    const previous = ownValue(before, key);
    if (isJsonObject(change) && Object.keys(change).length > 0 && isJsonObject(previous)) {
      const nested = inverseMergePatch(previous, change);
      if (Object.keys(nested).length > 0) setOwnValue(inverse, key, nested);
    } else {
      setOwnValue(inverse, key, previous === undefined ? null : structuredClone(previous));
    }
  }
  return inverse;
}

export function inverseBagPatch(before: Bags, patch: BagPatch): BagPatch {
  const inverse: BagPatch = {};
  for (const bag of BAG_NAMES) {
    const change = patch[bag];
    if (change) inverse[bag] = inverseMergePatch(before[bag], change);
  }
  return inverse;
}
