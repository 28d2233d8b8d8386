import { describe, expect, it } from "vitest";
import config from "@/metadeck.config";
import { catalogueOrThrow, parseCatalogue } from "./catalogue-schema";
import { flagCatalogue } from "./catalogue";

const good = {
  key: "beta",
  description: "A beta feature.",
  owner: "team-a",
  type: "boolean",
  default: false,
};

function problems(flags: unknown[]) {
  const result = parseCatalogue({ version: 1, flags });
  return result.ok ? [] : result.problems;
}

describe("the flag catalogue", () => {
  it("the repository's catalogue is valid, and locations default to public metadata", () => {
    expect(parseCatalogue(config).ok).toBe(true);
    const catalogue = flagCatalogue();
    expect(catalogue.flags.length).toBeGreaterThan(0);
    expect(catalogue.flags.find((f) => f.key === "new_dashboard")?.location).toBe(
      "public_metadata",
    );
  });

  it("accepts boolean and enum flags in either backend-only bag", () => {
    expect(
      problems([
        good,
        {
          ...good,
          key: "tier",
          type: "enum",
          values: ["a", "b"],
          default: "b",
          location: "private_metadata",
        },
      ]),
    ).toEqual([]);
  });

  it.each([
    [{ ...good, default: "yes" }, 'flags[0] ("beta"): default must be true or false'],
    [
      { ...good, type: "enum", values: ["a", "b"], default: "c" },
      'flags[0] ("beta"): default must be one of the flag\'s values',
    ],
    [{ ...good, type: "enum", values: ["a"], default: "a" }, "values must list at least two"],
    [{ ...good, type: "enum", values: ["a", "a"], default: "a" }, "values must not repeat"],
    [{ ...good, key: "has space" }, 'flags[0] ("has space"): key must start with a letter'],
    [{ ...good, owner: " " }, "owner must name who owns the flag"],
    [{ ...good, description: "" }, "description must say what the flag does"],
    [{ ...good, type: "number" }, 'type must be "boolean" or "enum"'],
    [{ ...good, location: "unsafe_metadata" }, 'flags[0] ("beta"): location'],
  ])("names the entry and the field of a bad flag: %j", (flag, message) => {
    const found = problems([flag]);
    expect(found.join("\n")).toContain(message);
  });

  it("refuses a key used twice, naming the second entry", () => {
    expect(problems([good, { ...good }])).toEqual(['flags[1] ("beta"): key is used twice']);
  });

  it("stops start-up with a message listing every bad entry", () => {
    expect(() =>
      catalogueOrThrow({
        version: 1,
        flags: [good, { ...good, default: "yes" }, { ...good, key: "x y" }],
      }),
    ).toThrow(
      /metadeck\.config\.ts has a malformed flag catalogue:\n {2}- flags\[1\] \("beta"\): .*\n {2}- flags\[2\] \("x y"\): key/,
    );
  });

  it("refuses a catalogue without a version or a flag list", () => {
    expect(parseCatalogue({ flags: [] }).ok).toBe(false);
    expect(parseCatalogue({ version: 1 }).ok).toBe(false);
    expect(parseCatalogue(null).ok).toBe(false);
  });
});
