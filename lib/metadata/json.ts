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

/**
 * A copy of JSON data as plain objects and arrays (no prototype but Object's and Array's), made
 * without recursion: a user may nest their own metadata thousands of levels deep within Clerk's
 * 8 KB, deeper than a recursive copy (structuredClone included) has stack for.
 */
export function plainJsonCopy(value: JsonValue): JsonValue {
  const copyOf = (item: JsonValue, work: Array<[JsonValue, JsonValue]>): JsonValue => {
    if (item === null || typeof item !== "object") return item;
    const copy: JsonValue = Array.isArray(item) ? [] : {};
    work.push([item, copy]);
    return copy;
  };
  const work: Array<[JsonValue, JsonValue]> = [];
  const root = copyOf(value, work);
  for (let next = work.pop(); next; next = work.pop()) {
    const [from, to] = next;
    if (Array.isArray(from) && Array.isArray(to))
      for (const item of from) to.push(copyOf(item, work));
    else if (isJsonObject(from) && isJsonObject(to))
      for (const [key, item] of Object.entries(from)) setOwnValue(to, key, copyOf(item, work));
  }
  return root;
}

const utf8 = new TextEncoder();

/** Size in bytes of the UTF-8 JSON text, which is what Clerk's 8 KB metadata cap measures. */
export function jsonByteSize(value: JsonValue): number {
  return utf8.encode(JSON.stringify(value)).length;
}
