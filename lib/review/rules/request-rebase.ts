import { BAG_NAMES, type BagName, type Bags } from "@/lib/metadata/bags";
import type { JsonObject } from "@/lib/metadata/json";
import { mergeMetadata } from "@/lib/metadata/merge-patch";
import { rebaseEdit, type BagConflict } from "@/lib/metadata/rebase";
import type { ChangeRequest } from "./change-request";

/** One bag of a request that needs a rebase, as its author resolves it. */
export interface RebaseBag {
  bag: BagName;
  /** As the request found it. */
  base: JsonObject;
  /** As Clerk has it now. */
  current: JsonObject;
  /** What the request asked for: its patch on its base. */
  requested: JsonObject;
  /** Its patch on the current document: where the resolution starts. */
  proposed: JsonObject;
}

type Requested = Pick<ChangeRequest, "base" | "patch">;

/** Each bag the request touches, three ways, and its patch drawn on the current document. */
export function rebaseBags(request: Requested, now: Bags): RebaseBag[] {
  return BAG_NAMES.flatMap((bag) => {
    const patch = request.patch[bag];
    if (!patch) return [];
    const base = request.base[bag] ?? {};
    return [
      {
        bag,
        base,
        current: now[bag],
        requested: mergeMetadata(base, patch),
        proposed: mergeMetadata(now[bag], patch),
      },
    ];
  });
}

/** The keys both the request and the change made since its base touch. */
export function conflictsSinceBase(request: Requested, now: Bags): BagConflict[] {
  const base = { ...now, ...request.base };
  const requested = { ...base };
  for (const bag of BAG_NAMES) {
    const patch = request.patch[bag];
    if (patch) requested[bag] = mergeMetadata(base[bag], patch);
  }
  const rebased = rebaseEdit(base, now, requested);
  return rebased.ok ? [] : rebased.conflicts;
}
