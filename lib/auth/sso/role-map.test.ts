import { describe, expect, it } from "vitest";
import { claimValues, mapRole, parseRoleMap } from "./role-map";

const map = parseRoleMap(
  "metadeck-admins=admin, metadeck-support=support,metadeck-product=product,*=viewer",
);

describe("OIDC_ROLE_MAP", () => {
  it.each([
    [["metadeck-admins"], "admin"],
    [["metadeck-support"], "support"],
    [["metadeck-product", "engineering"], "product"],
    // Several groups: the most trusted role wins, whatever the order.
    [["metadeck-support", "metadeck-admins"], "admin"],
    [["metadeck-product", "metadeck-support"], "support"],
    [["engineering"], "viewer"],
    [[], "viewer"],
  ])("%j → %s", (values, role) => {
    expect(mapRole(map, values)).toBe(role);
  });

  it("without * a person no entry matches has no role", () => {
    const strict = parseRoleMap("metadeck-admins=admin");
    expect(mapRole(strict, ["engineering"])).toBeNull();
    expect(mapRole(strict, [])).toBeNull();
  });

  it("matches values exactly: no prefixes, no case folding", () => {
    const strict = parseRoleMap("admins=admin");
    expect(mapRole(strict, ["admins-old", "Admins", "admin"])).toBeNull();
  });

  it("keeps an = inside a claim value (the last = separates the role)", () => {
    expect(mapRole(parseRoleMap("team=ops=admin"), ["team=ops"])).toBe("admin");
  });

  it.each([
    ["metadeck-admins=root", /"root" is not a role/],
    ["metadeck-admins", /is not <claim value>=<role>/],
    ["=admin", /is not <claim value>=<role>/],
    ["*=viewer,*=admin", /"\*" is given twice/],
    [" , ", /maps nothing/],
  ])("refuses %j", (text, message) => {
    expect(() => parseRoleMap(text)).toThrow(message);
  });

  it("reads a claim as a string or an array of strings, ignoring anything else", () => {
    expect(claimValues("admins")).toEqual(["admins"]);
    expect(claimValues(["a", 1, null, "b"])).toEqual(["a", "b"]);
    expect(claimValues({ a: 1 })).toEqual([]);
    expect(claimValues(undefined)).toEqual([]);
  });
});
