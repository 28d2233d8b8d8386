import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Bags } from "@/lib/metadata/bags";
import type { JsonObject } from "@/lib/metadata/json";
import { mergeMetadata } from "@/lib/metadata/merge-patch";
import { parseCatalogue, type FlagCatalogue } from "./catalogue-schema";
import { flagPatch, resolveFlag } from "./flag-values";
import { bagSchema } from "./json-schema";
import { validateFlagPatch } from "./validate-patch";

const parsed = parseCatalogue({
  version: 1,
  flags: [
    { key: "beta", description: "Beta.", owner: "a", type: "boolean", default: false },
    {
      key: "editor",
      description: "Editor.",
      owner: "b",
      type: "enum",
      values: ["classic", "blocks"],
      default: "classic",
    },
    {
      key: "tier",
      description: "Tier.",
      owner: "c",
      type: "enum",
      values: ["standard", "priority"],
      default: "standard",
      location: "private_metadata",
    },
  ],
});
if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
const catalogue: FlagCatalogue = parsed.catalogue;
const [beta, editor, tier] = catalogue.flags as [
  FlagCatalogue["flags"][number],
  FlagCatalogue["flags"][number],
  FlagCatalogue["flags"][number],
];
const bags = (pub: JsonObject = {}, priv: JsonObject = {}): Bags => ({
  public_metadata: pub,
  private_metadata: priv,
  unsafe_metadata: {},
});

describe("bag schemas from the catalogue", () => {
  const ajv = new Ajv({ strict: false });
  const publicDoc = ajv.compile(bagSchema(catalogue, "public_metadata"));

  it("accept documents whose catalogued flags have their types, and any other keys", () => {
    expect(publicDoc({ features: { beta: true, editor: "blocks", other: 1 }, plan: "pro" })).toBe(
      true,
    );
    expect(publicDoc({})).toBe(true);
  });

  it("refuse a catalogued flag of the wrong type", () => {
    expect(publicDoc({ features: { beta: "yes" } })).toBe(false);
    expect(publicDoc({ features: { editor: "vim" } })).toBe(false);
    expect(publicDoc({ features: "all" })).toBe(false);
  });

  it("carry each flag's description for hover text, and leave flagless bags free", () => {
    expect(JSON.stringify(bagSchema(catalogue, "public_metadata"))).toContain(
      "Beta. (owner: a; default: false)",
    );
    expect(bagSchema(catalogue, "unsafe_metadata")).toEqual({ type: "object" });
  });
});

describe("validateFlagPatch", () => {
  it("names the path and the expected type of each wrong value", () => {
    expect(
      validateFlagPatch(catalogue, {
        public_metadata: { features: { beta: "yes", editor: "vim" } },
        private_metadata: { features: { tier: 3 } },
      }).map((v) => v.message),
    ).toEqual([
      'public_metadata.features.beta must be a boolean (true or false) (got "yes")',
      'public_metadata.features.editor must be one of "classic", "blocks" (got "vim")',
      'private_metadata.features.tier must be one of "standard", "priority" (got 3)',
    ]);
  });

  it("allows removals, keys outside the catalogue, and flags in other bags' free space", () => {
    expect(
      validateFlagPatch(catalogue, {
        public_metadata: { features: { beta: null, unknown: "x" }, plan: 1 },
        unsafe_metadata: { features: { beta: "anything" } },
      }),
    ).toEqual([]);
    expect(validateFlagPatch(catalogue, { public_metadata: { features: null } })).toEqual([]);
  });
});

describe("effective flag values", () => {
  it("come from the user when set, from the default when absent, and say when invalid", () => {
    expect(resolveFlag(beta, bags({ features: { beta: true } }))).toMatchObject({
      value: true,
      source: "user",
    });
    expect(resolveFlag(beta, bags())).toMatchObject({ value: false, source: "default" });
    expect(resolveFlag(editor, bags({ features: { editor: "vim" } }))).toMatchObject({
      value: "classic",
      source: "invalid",
      stored: "vim",
    });
    expect(resolveFlag(tier, bags({ features: { tier: "priority" } }))).toMatchObject({
      source: "default",
    });
    expect(resolveFlag(tier, bags({}, { features: { tier: "priority" } }))).toMatchObject({
      value: "priority",
      source: "user",
    });
  });

  it("a flag patch changes that flag and nothing else, in any document", () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const features = fc.dictionary(fc.constantFrom("beta", "editor", "x"), value);
    const doc = fc.record(
      { features: fc.oneof(features, fc.string()), plan: fc.string() },
      {
        requiredKeys: [],
      },
    ) as fc.Arbitrary<JsonObject>;
    fc.assert(
      fc.property(doc, fc.constantFrom(true, false, null), (before, next) => {
        const patch = flagPatch(beta, next).public_metadata!;
        const after = mergeMetadata(before, patch);
        expect(resolveFlag(beta, bags(after))).toMatchObject(
          next === null ? { source: "default" } : { value: next, source: "user" },
        );
        const strip = (d: JsonObject) => {
          const { features, ...rest } = d;
          const others =
            features && typeof features === "object" && !Array.isArray(features)
              ? Object.fromEntries(Object.entries(features).filter(([k]) => k !== "beta"))
              : {};
          return { rest, others };
        };
        expect(strip(after).rest).toEqual(strip(before).rest);
        expect(strip(after).others).toEqual(strip(before).others);
      }),
      { numRuns: 300 },
    );
  });
});
