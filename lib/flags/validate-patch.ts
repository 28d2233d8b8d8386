import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { formatMetadataPath } from "@/lib/metadata/path";
import { BAG_NAMES, type BagPatch } from "@/lib/metadata/bags";
import type { FlagCatalogue } from "./catalogue-schema";
import { bagSchema } from "./json-schema";

export interface SchemaViolation {
  /** Where, as `bag.features.key`. */
  path: string;
  message: string;
}

const compiled = new WeakMap<FlagCatalogue, Map<string, ValidateFunction>>();

function validatorFor(catalogue: FlagCatalogue, bag: string): ValidateFunction {
  let byBag = compiled.get(catalogue);
  if (!byBag) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    byBag = new Map(
      BAG_NAMES.map((name) => [name, ajv.compile(bagSchema(catalogue, name, { forPatch: true }))]),
    );
    compiled.set(catalogue, byBag);
  }
  return byBag.get(bag)!;
}

function expected(error: ErrorObject): string {
  if (error.keyword === "enum") {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.filter(
      (v) => v !== null,
    );
    return `one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  if (error.keyword === "type") {
    const type = [(error.params as { type: string | string[] }).type].flat()[0];
    return type === "boolean" ? "a boolean (true or false)" : `an ${type}`;
  }
  return error.message ?? "a valid value";
}

function valueAt(document: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .reduce<unknown>(
      (node, segment) =>
        node && typeof node === "object"
          ? (node as Record<string, unknown>)[segment.replace(/~1/g, "/").replace(/~0/g, "~")]
          : undefined,
      document,
    );
}

/**
 * Checks what a merge patch would write against the catalogue: a catalogued flag set to a value
 * of the wrong type is a violation, with its path and the type it must have. Keys outside the
 * catalogue, and `null` (removal), are always allowed.
 */
export function validateFlagPatch(catalogue: FlagCatalogue, patch: BagPatch): SchemaViolation[] {
  const violations: SchemaViolation[] = [];
  for (const bag of BAG_NAMES) {
    const document = patch[bag];
    if (document === undefined) continue;
    const validate = validatorFor(catalogue, bag);
    if (validate(document)) continue;
    for (const error of validate.errors ?? []) {
      const keys = error.instancePath
        .split("/")
        .slice(1)
        .map((step) => step.replaceAll("~1", "/").replaceAll("~0", "~"));
      const path = formatMetadataPath({ bag, keys });
      const got = JSON.stringify(valueAt(document, error.instancePath));
      violations.push({ path, message: `${path} must be ${expected(error)} (got ${got})` });
    }
  }
  return violations;
}
