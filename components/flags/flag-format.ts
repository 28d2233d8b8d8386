import type { FlagDefinition, FlagValue } from "@/lib/flags/catalogue-schema";

/** How a flag's value reads in the console: booleans as on/off, enum values as they are. */
export function formatFlagValue(value: FlagValue): string {
  return typeof value === "boolean" ? (value ? "on" : "off") : value;
}

export function flagLocation(flag: Pick<FlagDefinition, "location" | "key">): string {
  return `${flag.location}.features.${flag.key}`;
}

export function flagType(flag: FlagDefinition): string {
  return flag.type === "boolean" ? "boolean" : `enum: ${flag.values.join(" | ")}`;
}
