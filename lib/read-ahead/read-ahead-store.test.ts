import { afterEach, describe, expect, it, vi } from "vitest";
import { parseUserListQuery } from "@/lib/users/user-list-query";
import { readAheadKey } from "./read-ahead-keys";
import { READ_AHEAD_TTL_MS, startReadAhead, takeReadAhead } from "./read-ahead-store";

const listKey = (search: string) =>
  readAheadKey.userList(parseUserListQuery(new URLSearchParams(search)));

describe("read-ahead store", () => {
  afterEach(() => vi.useRealTimers());

  it("hands the started read over once, for the key it was started for", async () => {
    const read = vi.fn(async () => "rows");
    const ticket = startReadAhead(listKey("page=2&query=ann"), read);
    expect(read).toHaveBeenCalledTimes(1);
    // The same view, however its URL spells it.
    await expect(takeReadAhead(ticket, listKey("query=ann&page=2&pageSize=10"))).resolves.toBe(
      "rows",
    );
    expect(takeReadAhead(ticket, listKey("query=ann&page=2"))).toBeUndefined();
  });

  it("gives nothing for another key, an unknown ticket or none, and forgets the ticket", () => {
    const ticket = startReadAhead(readAheadKey.user("user_a"), async () => "user");
    expect(takeReadAhead(ticket, readAheadKey.user("user_b"))).toBeUndefined();
    expect(takeReadAhead(ticket, readAheadKey.user("user_a"))).toBeUndefined();
    expect(takeReadAhead("not-a-ticket", listKey(""))).toBeUndefined();
    expect(takeReadAhead(null, listKey(""))).toBeUndefined();
  });

  it("keeps list views and users apart", () => {
    const keys = [
      listKey(""),
      listKey("page=2"),
      listKey("query=user_a"),
      readAheadKey.user("user_a"),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("drops a read nobody takes, so redirects and refusals leak nothing", () => {
    vi.useFakeTimers();
    const ticket = startReadAhead(listKey(""), async () => "rows");
    vi.advanceTimersByTime(READ_AHEAD_TTL_MS);
    expect(takeReadAhead(ticket, listKey(""))).toBeUndefined();
  });

  it("hands each request its own read, even for the same view", async () => {
    const first = startReadAhead(listKey(""), async () => "first");
    const second = startReadAhead(listKey(""), async () => "second");
    await expect(takeReadAhead(second, listKey(""))).resolves.toBe("second");
    await expect(takeReadAhead(first, listKey(""))).resolves.toBe("first");
  });
});
