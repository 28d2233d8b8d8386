import { describe, expect, it } from "vitest";
import { parseQueueQuery, queueSearch } from "./queue-query";

describe("the /reviews URL", () => {
  it("reads a view, a status and a page, and writes them back", () => {
    const query = parseQueueQuery({ view: "mine", status: "needs_rebase", page: "2" });
    expect(query).toEqual({ view: "mine", status: "needs_rebase", page: 2 });
    expect(queueSearch(query)).toBe("?view=mine&status=needs_rebase&page=2");
    expect(queueSearch(query, { page: 1, status: undefined })).toBe("?view=mine");
  });

  it("falls back to the defaults on anything it cannot read", () => {
    expect(parseQueueQuery({ view: "everyone", status: "<script>", page: "-3" })).toEqual({
      view: undefined,
      status: undefined,
      page: 1,
    });
  });
});
