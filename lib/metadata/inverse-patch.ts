import { BAG_NAMES, type BagPatch, type Bags } from "./bags";
import { isJsonObject, ownValue, setOwnValue, type JsonObject } from "./json";

/**
 * The merge patch that undoes `patch` on top of what it produced: every key the patch touched
 * gets back its value in `before`, or `null` (deletion) where `before` had none. Keys the patch
 * did not touch are left alone, so later changes to them survive a revert.
 *
 * An object the patch created (`features` of `{"features": {"beta": true}}` where there was
 * none) is undone key by key, not deleted whole: keys added to it later (another flag) are not
 * the patch's, and deleting the object took them too (a walk-through found reverting one flag
 * switch turning off every flag switched since). It stays, emptied, when nothing else is in it.
 */
export function inverseMergePatch(before: JsonObject, patch: JsonObject): JsonObject {
  const inverse: JsonObject = {};
  for (const [key, change] of Object.entries(patch)) {
    const previous = ownValue(before, key);
    const created = previous === undefined;
    if (
      isJsonObject(change) &&
      Object.keys(change).length > 0 &&
      (isJsonObject(previous) || created)
    ) {
      const nested = inverseMergePatch(isJsonObject(previous) ? previous : {}, change);
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
