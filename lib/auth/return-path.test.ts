import { describe, expect, it } from "vitest";
import { DEFAULT_RETURN_PATH, safeReturnPath } from "./return-path";

// Each value is an attempt to leave the dashboard after sign-in (an open redirect), or to make
// the redirect itself fail; every one must land on /users.
const HOSTILE = [
  "//evil.example",
  "///evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\u0000/evil.example",
  "/\u007f/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "/%2F/evil.example",
  "/%2f%2fevil.example",
  "%2F%2Fevil.example",
  "/%5C/evil.example",
  "/%5cevil.example",
  "/%09/evil.example",
  "/%0A/evil.example",
  "/%0d%0aSet-Cookie:%20x=1",
  "/./%2F/evil.example",
  "/.//evil.example",
  "/..//evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  " javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "DATA:text/html;base64,PHNjcmlwdD4=",
  "https://evil.example/users",
  "HTTP://evil.example",
  "http:/evil.example",
  "//evil.example@metadeck.invalid",
  "evil.example",
  "users",
  "?next=//evil.example",
  "#//evil.example",
  "／／evil.example",
  "/\uff0f/evil.example",
  "\uff0f\uff0fevil.example",
  "/\u3002/evil.example",
  "/users?query=\u3002evil",
  `/${"a".repeat(5000)}`,
  "",
];

describe("return path after sign-in", () => {
  it.each(HOSTILE.map((value) => [JSON.stringify(value).slice(0, 60), value]))(
    "sends %s to /users",
    (_, value) => {
      expect(safeReturnPath(value)).toBe(DEFAULT_RETURN_PATH);
    },
  );

  it("has a table of at least 30 hostile values", () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(30);
  });

  it("keeps paths on the dashboard, with their query and fragment", () => {
    expect(safeReturnPath("/users")).toBe("/users");
    expect(safeReturnPath("/users?query=ann&page=2")).toBe("/users?query=ann&page=2");
    expect(safeReturnPath("/users/user_abc123")).toBe("/users/user_abc123");
    expect(safeReturnPath("/audit?user=user_1#top")).toBe("/audit?user=user_1#top");
    expect(safeReturnPath("/flags/bulk?query=a%20b")).toBe("/flags/bulk?query=a%20b");
  });

  it("keeps percent-encoded text, which is how the dashboard's own links spell it", () => {
    expect(safeReturnPath("/users?query=Jos%C3%A9")).toBe("/users?query=Jos%C3%A9");
    expect(safeReturnPath("/users?query=%E3%80%82")).toBe("/users?query=%E3%80%82");
  });

  it("treats a missing value as none", () => {
    expect(safeReturnPath(undefined)).toBe(DEFAULT_RETURN_PATH);
    expect(safeReturnPath(null)).toBe(DEFAULT_RETURN_PATH);
  });
});
