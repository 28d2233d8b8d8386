import { describe, expect, it } from "vitest";
import {
  MAX_EXPORT_PATHS,
  parseExportPaths,
  suggestedExportPaths,
  usersExportHref,
} from "./export-paths";

const texts = (text: string) => {
  const parsed = parseExportPaths(text);
  return parsed.ok ? parsed.value.map((p) => p.text) : parsed.error;
};

describe("export paths", () => {
  it("reads comma-separated paths in the filter's grammar, keeping each as written", () => {
    expect(texts("")).toEqual([]);
    expect(texts("   ")).toEqual([]);
    expect(texts("public_metadata.plan")).toEqual(["public_metadata.plan"]);
    expect(texts(' public_metadata.plan ,private_metadata["a, b"].c,unsafe_metadata.x ')).toEqual([
      "public_metadata.plan",
      'private_metadata["a, b"].c',
      "unsafe_metadata.x",
    ]);
    const parsed = parseExportPaths('private_metadata["a, b"].c');
    expect(parsed.ok && parsed.value[0]?.path).toEqual({
      kind: "metadata",
      bag: "private_metadata",
      keys: ["a, b", "c"],
    });
  });

  it("says where a list is malformed", () => {
    expect(texts("public_metadata.plan private_metadata.x")).toEqual({
      message: 'Expected "," between paths, found "private_metadata".',
      position: 21,
    });
    expect(texts("public_metadata.plan,")).toMatchObject({
      message: expect.stringMatching(/^Expected a path/),
      position: 21,
    });
    expect(texts("public_metadata")).toMatchObject({
      message: "Name a key inside public_metadata, e.g. public_metadata.plan.",
    });
    expect(texts("metadata.plan")).toMatchObject({ position: 0 });
    expect(texts('public_metadata["open')).toMatchObject({ position: 16 });
  });

  it("refuses user fields, repeats and more than the limit, at the path at fault", () => {
    expect(texts("public_metadata.plan, email")).toMatchObject({
      message: expect.stringMatching(/^Choose metadata paths/),
      position: 22,
    });
    expect(texts('public_metadata.plan, public_metadata["plan"]')).toEqual({
      message: "public_metadata.plan is already in the list.",
      position: 22,
    });
    const many = Array.from({ length: MAX_EXPORT_PATHS + 1 }, (_, i) => `public_metadata.k${i}`);
    expect(texts(many.slice(0, MAX_EXPORT_PATHS).join(","))).toHaveLength(MAX_EXPORT_PATHS);
    expect(texts(many.join(","))).toEqual({
      message: `At most ${MAX_EXPORT_PATHS} paths can be exported.`,
      position: many.slice(0, MAX_EXPORT_PATHS).join(",").length + 1,
    });
  });

  it("suggests the metadata paths a filter reads, once each, in their order", () => {
    expect(
      suggestedExportPaths(
        'public_metadata.plan = "pro" and (not private_metadata.billing.seats > 3 or public_metadata.plan = "team") and email contains "@" and unsafe_metadata["odd key"] exists',
      ),
    ).toBe('public_metadata.plan, private_metadata.billing.seats, unsafe_metadata["odd key"]');
    expect(suggestedExportPaths("banned = true")).toBe("");
    expect(suggestedExportPaths("public_metadata.plan =")).toBe("");
  });

  it("builds the export's address from the view and the paths", () => {
    const view = { orderBy: "-created_at" };
    expect(
      usersExportHref({ ...view, where: 'public_metadata.plan = "pro"', query: "", paths: " " }),
    ).toBe("/api/users/export?where=public_metadata.plan+%3D+%22pro%22");
    expect(
      usersExportHref({
        ...view,
        where: "banned = true",
        query: "ada",
        paths: "public_metadata.a, b",
      }),
    ).toBe("/api/users/export?where=banned+%3D+true&query=ada&paths=public_metadata.a%2C+b");
    // A search, or every user, in the list's own sort.
    expect(usersExportHref({ where: "", query: "ada", orderBy: "+last_name", paths: "" })).toBe(
      "/api/users/export?query=ada&orderBy=%2Blast_name",
    );
    expect(usersExportHref({ ...view, where: "", query: "", paths: "" })).toBe("/api/users/export");
  });
});
