import type { BagName, Bags, BagPatch } from "@/lib/metadata/bags";
import { isJsonObject, ownValue, type JsonValue } from "@/lib/metadata/json";
import type { FlagDefinition, FlagValue } from "./catalogue-schema";

/** How a flag's value reads in the console: booleans as on/off, enum values as they are. */
export function formatFlagValue(value: FlagValue): string {
  return typeof value === "boolean" ? (value ? "on" : "off") : value;
}

export function isFlagValue(flag: FlagDefinition, value: unknown): value is FlagValue {
  return flag.type === "boolean"
    ? typeof value === "boolean"
    : typeof value === "string" && flag.values.includes(value);
}

/** Where a flag's value lives: `<location>.features.<key>`. A catalogued flag is one. */
export interface FlagSlot {
  location: BagName;
  key: string;
}

/** What is stored for a flag on a user, if anything (`undefined` when the key is absent). */
export function storedFlagValue(flag: FlagSlot, bags: Bags): JsonValue | undefined {
  const features = ownValue(bags[flag.location], "features");
  return isJsonObject(features) ? ownValue(features, flag.key) : undefined;
}

export interface FlagState {
  flag: FlagDefinition;
  /** The value the user has: their own if it is valid, else the catalogue's default. */
  value: FlagValue;
  /** "user" when set on this user, "default" when absent, "invalid" when set to a wrong value. */
  source: "user" | "default" | "invalid";
  stored: JsonValue | undefined;
}

export function resolveFlag(flag: FlagDefinition, bags: Bags): FlagState {
  const stored = storedFlagValue(flag, bags);
  if (stored === undefined || stored === null)
    return { flag, value: flag.default, source: "default", stored };
  if (isFlagValue(flag, stored)) return { flag, value: stored, source: "user", stored };
  return { flag, value: flag.default, source: "invalid", stored };
}

/**
 * The merge patch that sets one flag and touches nothing else; `null` removes the key so the
 * user falls back to the default.
 */
export function flagPatch(flag: FlagSlot, value: JsonValue | null): BagPatch {
  return { [flag.location]: { features: { [flag.key]: value } } };
}
