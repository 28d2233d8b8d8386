import { bagPatches } from "@/lib/metadata/bag-patches";
import type { BagPatch, Bags } from "@/lib/metadata/bags";
import { isJsonObject, ownValue, setOwnValue, type JsonObject } from "@/lib/metadata/json";
import type { ReviewRule } from "./review-policy-schema";
import { rulesTouched } from "./rules-touched";

function clone(doc: JsonObject): JsonObject {
  return structuredClone(doc);
}

/**
 * Puts back, in `edited`, the value `opened` had at `keys`; where `edited` no longer has an object
 * to put it in (the parent was replaced by another value), it puts back that whole parent.
 */
function restore(opened: JsonObject, edited: JsonObject, keys: string[]): void {
  let from: JsonObject = opened;
  let into: JsonObject = edited;
  for (const [n, key] of keys.entries()) {
    const original = ownValue(from, key);
    if (n === keys.length - 1 || !isJsonObject(original) || !isJsonObject(ownValue(into, key))) {
      if (original === undefined) delete into[key];
      else setOwnValue(into, key, structuredClone(original));
      return;
    }
    from = original;
    into = ownValue(into, key) as JsonObject;
  }
}

/**
 * The edit without its protected part: every path a review rule covers is put back as it was
 * opened, and everything else stays as edited. What is left changes nothing a rule covers, so it
 * can be saved directly; where a parent holding a protected key was replaced, the parent is put
 * back whole (nothing protected may be lost with it).
 */
export function withoutProtected(
  rules: ReviewRule[],
  opened: Bags,
  edited: Partial<Bags>,
): { edited: Partial<Bags>; patch: BagPatch } {
  const result: Partial<Bags> = Object.fromEntries(
    Object.entries(edited).map(([bag, doc]) => [bag, clone(doc)]),
  );
  // Each pass puts back what the rules still cover; a second is needed only where putting back a
  // value revealed another covered change, and the documents shrink toward `opened` each time.
  for (let pass = 0; pass < 8; pass += 1) {
    const touched = rulesTouched(rules, opened, bagPatches(opened, result));
    if (touched.length === 0) break;
    const paths = touched.flatMap((t) => t.paths).sort((a, b) => a.keys.length - b.keys.length);
    for (const path of paths) {
      const doc = result[path.bag];
      if (doc) restore(opened[path.bag], doc, path.keys);
    }
  }
  return { edited: result, patch: bagPatches(opened, result) };
}
