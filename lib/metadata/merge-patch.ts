import { isJsonObject, ownValue, setOwnValue, type JsonObject, type JsonValue } from "./json";

/**
 * RFC 7396 JSON Merge Patch, as Clerk's `PATCH /v1/users/{id}/metadata` applies it to each bag:
 * objects merge recursively, `null` deletes a key at any depth, arrays and scalars replace.
 * Inputs are never mutated and the result shares no structure with the patch.
 */
export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return structuredClone(patch);
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      setOwnValue(result, key, applyMergePatch(ownValue(result, key), value));
    }
  }
  return result;
}

/** Merges a patch into a metadata bag; a bag stays an object whatever the patch holds. */
export function mergeMetadata(bag: JsonObject, patch: JsonObject): JsonObject {
  return applyMergePatch(bag, patch) as JsonObject;
}
