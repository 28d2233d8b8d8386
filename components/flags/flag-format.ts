import type { FlagDefinition } from "@/lib/flags/catalogue-schema";

export { formatFlagValue } from "@/lib/flags/flag-values";

export function flagLocation(flag: Pick<FlagDefinition, "location" | "key">): string {
  return `${flag.location}.features.${flag.key}`;
}

export function flagType(flag: FlagDefinition): string {
  return flag.type === "boolean" ? "boolean" : `enum: ${flag.values.join(" | ")}`;
}
