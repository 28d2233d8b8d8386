import fc from "fast-check";
import type { JsonObject, JsonValue } from "@/lib/metadata/json";

/** Few keys, so that random documents and patches meet; "__proto__" keeps prototypes honest. */
const jsonKey = fc.constantFrom("a", "b", "c", "plan", "features", "__proto__");

const leaf: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 3 }),
);

/** Metadata documents: objects nesting a few levels, with scalar and array leaves. */
export const { doc: jsonDocument } = fc.letrec<{ doc: JsonObject; value: JsonValue }>((tie) => ({
  doc: fc.dictionary(jsonKey, tie("value"), { maxKeys: 4 }) as fc.Arbitrary<JsonObject>,
  value: fc.oneof({ depthSize: "small" }, leaf, tie("doc")),
}));

/** Merge patches, which may also delete (null) at any depth. */
export const { patch: mergePatch } = fc.letrec<{ patch: JsonObject; change: JsonValue }>((tie) => ({
  patch: fc.dictionary(jsonKey, tie("change"), { maxKeys: 4 }) as fc.Arbitrary<JsonObject>,
  change: fc.oneof({ depthSize: "small" }, leaf, fc.constant(null), tie("patch")),
}));
