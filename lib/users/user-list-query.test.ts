import { describe, expect, it } from "vitest";
import {
  pageCount,
  parseUserListQuery,
  searchRefusal,
  userListOrder,
  userListSearch,
} from "./user-list-query";

describe("users list URL", () => {
  it("has defaults and leaves them out of links", () => {
    const query = parseUserListQuery(new URLSearchParams());
    expect(query).toEqual({
      query: "",
      where: "",
      page: 1,
      pageSize: 10,
      orderBy: "-created_at",
      count: "capped",
    });
    expect(userListSearch(query)).toBe("");
  });

  it("round-trips every field", () => {
    const where = 'public_metadata.plan = "pro" and public_metadata["a&b"] exists';
    const query = parseUserListQuery(
      new URLSearchParams(
        `query=ada&where=${encodeURIComponent(where)}&page=3&pageSize=50&orderBy=%2Busername&count=exact`,
      ),
    );
    expect(query).toEqual({
      query: "ada",
      where,
      page: 3,
      pageSize: 50,
      orderBy: "+username",
      count: "exact",
    });
    expect(parseUserListQuery(new URLSearchParams(userListSearch(query).slice(1)))).toEqual(query);
  });

  it("falls back field by field on malformed values, so any link renders", () => {
    expect(
      parseUserListQuery({
        query: ["x", "y"],
        page: "-4",
        pageSize: "7",
        orderBy: "password",
        count: "some",
      }),
    ).toEqual({
      query: "x",
      where: "",
      page: 1,
      pageSize: 10,
      orderBy: "-created_at",
      count: "capped",
    });
    // Except the filter: one too long is kept for the parser to refuse with its position, so it
    // fails closed (an error) instead of open (an empty filter: every user).
    expect(parseUserListQuery({ where: "x".repeat(5000) }).where).toBe("x".repeat(5000));
    // And the search: kept, and refused where it would run.
    expect(parseUserListQuery({ query: "y".repeat(201) }).query).toBe("y".repeat(201));
    expect(searchRefusal("y".repeat(201))).toMatch(/longer than 200 characters/);
    expect(searchRefusal("y".repeat(200))).toBeNull();
    // What the index's database cannot compare is refused, not a 500.
    expect(searchRefusal("a\u0000")).toMatch(/NUL character/);
    expect(searchRefusal("a\ud800")).toMatch(/surrogate/);
    expect(searchRefusal("José 😀")).toBeNull();
    expect(parseUserListQuery({ orderBy: "username" }).orderBy).toBe("+username");
    expect(parseUserListQuery({ orderBy: " last_name" }).orderBy).toBe("+last_name");
  });

  it("reads a sort the same way for the page, the API and the export: trimmed, or the default", () => {
    expect(userListOrder(" -email_address ")).toBe("-email_address");
    expect(userListOrder("email_address ")).toBe("+email_address");
    for (const hostile of ["-constructor", "__proto__", "+hasOwnProperty", "-valueOf", "", null])
      expect(userListOrder(hostile)).toBe("-created_at");
  });

  it("counts pages, at least one", () => {
    expect(pageCount(0, 10)).toBe(1);
    expect(pageCount(101, 25)).toBe(5);
  });
});
