import type { BagName } from "@/lib/metadata/bags";
import type { FlagCatalogue, FlagDefinition } from "./catalogue-schema";

/** A JSON Schema (draft-07) object, as Monaco and Ajv take it. */
export type JsonSchema = { [keyword: string]: unknown };
export type BagSchemas = Record<BagName, JsonSchema>;

function describe(flag: FlagDefinition): string {
  return `${flag.description} (owner: ${flag.owner}; default: ${JSON.stringify(flag.default)})`;
}

function flagSchema(flag: FlagDefinition, allowNull: boolean): JsonSchema {
  const nullable = allowNull ? [null] : [];
  const base =
    flag.type === "boolean"
      ? { type: allowNull ? ["boolean", "null"] : "boolean" }
      : { enum: [...flag.values, ...nullable] };
  return { ...base, description: describe(flag), default: flag.default };
}

/**
 * The schema of one bag, built from the catalogue: catalogued flags under `features` must have
 * their declared type; every other key stays free. With `forPatch`, `null` (which deletes the
 * key in a merge patch) is allowed where a value is.
 */
export function bagSchema(
  catalogue: FlagCatalogue,
  bag: BagName,
  { forPatch = false }: { forPatch?: boolean } = {},
): JsonSchema {
  const flags = catalogue.flags.filter((flag) => flag.location === bag);
  if (flags.length === 0) return { type: "object" };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: {
      features: {
        type: forPatch ? ["object", "null"] : "object",
        description: "Feature flags Metadeck manages (see /flags and metadeck.config.ts).",
        properties: Object.fromEntries(flags.map((flag) => [flag.key, flagSchema(flag, forPatch)])),
      },
    },
  };
}
