import { describe, expect, it } from "vitest";
import { DEFAULT_SQLITE_FILE, parseDatabaseUrl } from "./database-url";

describe("DATABASE_URL", () => {
  it.each([
    [undefined, { kind: "sqlite", file: DEFAULT_SQLITE_FILE }],
    ["", { kind: "sqlite", file: DEFAULT_SQLITE_FILE }],
    [
      "postgres://u:p@127.0.0.1:5432/db",
      { kind: "postgres", url: "postgres://u:p@127.0.0.1:5432/db" },
    ],
    ["postgresql://127.0.0.1/db", { kind: "postgres", url: "postgresql://127.0.0.1/db" }],
    ["file:./data/x.sqlite", { kind: "sqlite", file: "./data/x.sqlite" }],
    ["file:///tmp/x.sqlite", { kind: "sqlite", file: "/tmp/x.sqlite" }],
    ["/var/lib/metadeck.db", { kind: "sqlite", file: "/var/lib/metadeck.db" }],
  ])("%s", (value, expected) => {
    expect(parseDatabaseUrl(value)).toEqual(expected);
  });

  it("refuses other URLs", () => {
    expect(() => parseDatabaseUrl("mysql://127.0.0.1/db")).toThrow(/DATABASE_URL/);
  });
});
