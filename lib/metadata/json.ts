/** JSON values as they travel through Clerk's metadata endpoints. */
type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads a key only if the object itself holds it, so "__proto__" or "constructor" are plain keys. */
export function ownValue(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Writes a key as an own data property, so a "__proto__" key never reaches the prototype. */
export function setOwnValue(object: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

const utf8 = new TextEncoder();

/** Size in bytes of the UTF-8 JSON text, which is what Clerk's 8 KB metadata cap measures. */
export function jsonByteSize(value: JsonValue): number {
  return utf8.encode(JSON.stringify(value)).length;
}
