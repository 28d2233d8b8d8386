import { BAG_NAMES, type BagPatch, type Bags } from "./bags";
import { createMergePatch } from "./merge-patch";

/** The patch per changed bag from the opened documents to the edited ones (unchanged bags left out). */
export function bagPatches(opened: Bags, edited: Partial<Bags>): BagPatch {
  const patch: BagPatch = {};
  for (const bag of BAG_NAMES) {
    const next = edited[bag];
    if (!next) continue;
    const diff = createMergePatch(opened[bag], next);
    if (Object.keys(diff).length > 0) patch[bag] = diff;
  }
  return patch;
}
