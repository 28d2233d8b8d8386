import { fail, ok, type Result } from "@/lib/result/result";
import type { FlagCatalogue, FlagDefinition, FlagValue } from "./catalogue-schema";
import { isFlagValue } from "./flag-values";

/**
 * The one check of a flag change, per user or in bulk: the key must be catalogued and the value
 * one the flag takes (`null` goes back to the default).
 */
export function checkFlagChange(
  catalogue: FlagCatalogue,
  key: string,
  value: unknown,
): Result<{ flag: FlagDefinition; value: FlagValue | null }, { kind: "invalid"; message: string }> {
  const flag = catalogue.flags.find((f) => f.key === key);
  if (!flag) return fail({ kind: "invalid", message: `"${key}" is not a catalogued flag.` });
  if (value === null) return ok({ flag, value: null });
  if (!isFlagValue(flag, value)) {
    const expected = flag.type === "boolean" ? "true or false" : `one of ${flag.values.join(", ")}`;
    return fail({
      kind: "invalid",
      message: `${flag.key} takes ${expected}, not ${JSON.stringify(value)}.`,
    });
  }
  return ok({ flag, value });
}
