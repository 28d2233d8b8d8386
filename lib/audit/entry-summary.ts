import { formatFlagValue } from "@/lib/flags/flag-values";
import { BAG_NAMES, type BagName, type BagPatch, type Bags } from "@/lib/metadata/bags";
import { isJsonObject, ownValue, type JsonObject } from "@/lib/metadata/json";
import type { MetadataAuditEntry } from "./audit-entry";

/** What a metadata write did, in a line: the Details column of every audit list. */
export interface EntrySummary {
  /** The entry this one reverted. */
  revertOf: number | null;
  /** The bulk job that made this write. */
  bulkJobId: string | null;
  /** Set when the write changed exactly one flag (`<bag>.features.<key>`) and nothing else. */
  flag: { key: string; value: string } | null;
  /** Each key the patch touched: `+` added, `−` removed, `~` changed, as dotted paths. */
  keys: string[];
}

const BAG_PREFIX: Record<BagName, string> = {
  public_metadata: "public",
  private_metadata: "private",
  unsafe_metadata: "unsafe",
};

function keyChanges(before: JsonObject | null, patch: JsonObject, prefix: string): string[] {
  return Object.entries(patch).flatMap(([key, change]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const previous = before === null ? undefined : ownValue(before, key);
    if (change === null) return [`−${path}`];
    if (isJsonObject(change) && Object.keys(change).length > 0 && isJsonObject(previous))
      return keyChanges(previous, change, path);
    // Without the document as read (a write refused before reading), an addition cannot be
    // told from a change.
    return [before !== null && previous === undefined ? `+${path}` : `~${path}`];
  });
}

/** A patch that sets or removes one flag and nothing else, as flag switches and bulk jobs send. */
function flagChange(patch: BagPatch): EntrySummary["flag"] {
  const bags = BAG_NAMES.filter((bag) => patch[bag] !== undefined);
  if (bags.length !== 1) return null;
  const bag = patch[bags[0]!]!;
  const features = bag.features;
  if (Object.keys(bag).length !== 1 || !isJsonObject(features)) return null;
  const entries = Object.entries(features);
  if (entries.length !== 1) return null;
  const [key, value] = entries[0]!;
  if (value === null) return { key, value: "default" };
  if (typeof value !== "boolean" && typeof value !== "string") return null;
  return { key, value: formatFlagValue(value) };
}

export function summarizeEntry(
  entry: Pick<MetadataAuditEntry, "before" | "patch" | "revertOf" | "bulkJobId">,
): EntrySummary {
  const bags = BAG_NAMES.filter((bag) => entry.patch[bag] !== undefined);
  const keys = bags.flatMap((bag) =>
    keyChanges(
      entry.before === null ? null : (entry.before as Bags)[bag],
      entry.patch[bag]!,
      // One bag needs no prefix; with several, each path says which.
      bags.length > 1 ? BAG_PREFIX[bag] : "",
    ),
  );
  return {
    revertOf: entry.revertOf,
    bulkJobId: entry.bulkJobId,
    flag: flagChange(entry.patch),
    keys,
  };
}

export function keysText(keys: string[], maxKeys = 6): string {
  if (keys.length === 0) return "no keys";
  const shown = keys.slice(0, maxKeys).join(", ");
  return keys.length > maxKeys ? `${shown} and ${keys.length - maxKeys} more` : shown;
}
