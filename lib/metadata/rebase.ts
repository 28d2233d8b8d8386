import { BAG_NAMES, type BagName, type BagPatch, type Bags } from "./bags";
import { isJsonObject, type JsonObject } from "./json";
import { applyMergePatch, createMergePatch } from "./merge-patch";
import { formatKeys } from "./path";

/** Leaf paths a merge patch touches: where it sets a non-object value or deletes. */
export function touchedPaths(patch: JsonObject, prefix: string[] = []): string[][] {
  return Object.entries(patch).flatMap(([key, value]) =>
    isJsonObject(value) && Object.keys(value).length > 0
      ? touchedPaths(value, [...prefix, key])
      : [[...prefix, key]],
  );
}

function overlaps(a: string[], b: string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

export interface BagConflict {
  bag: BagName;
  /** Paths both this edit and the change made meanwhile touch, keys only (`a.b`, `["odd key"]`). */
  paths: string[];
}

export type RebaseResult =
  { ok: true; documents: Bags; patch: BagPatch } | { ok: false; conflicts: BagConflict[] };

/**
 * Re-applies this edit (`opened` → `yours`) onto what the user holds now (`current`). It
 * succeeds when no key the edit touches was changed meanwhile (neither the key, its parents nor
 * anything inside it); then sending the same patch to `current` yields `documents`.
 */
export function rebaseEdit(opened: Bags, current: Bags, yours: Bags): RebaseResult {
  const conflicts: BagConflict[] = [];
  const patch: BagPatch = {};
  const documents = { ...current };
  for (const bag of BAG_NAMES) {
    const mine = createMergePatch(opened[bag], yours[bag]);
    if (Object.keys(mine).length === 0) continue;
    const theirs = touchedPaths(createMergePatch(opened[bag], current[bag]));
    const clashes = touchedPaths(mine).filter((path) =>
      theirs.some((other) => overlaps(path, other)),
    );
    if (clashes.length > 0) {
      conflicts.push({ bag, paths: clashes.map(formatKeys) });
      continue;
    }
    patch[bag] = mine;
    documents[bag] = applyMergePatch(current[bag], mine) as JsonObject;
  }
  return conflicts.length > 0 ? { ok: false, conflicts } : { ok: true, documents, patch };
}
