import { afterEach, describe, expect, it, vi } from "vitest";
import { parseUserListQuery } from "@/lib/users/list-query";
import { readAheadKey } from "./read-ahead-keys";
import {
  pendingReadAheads,
  READ_AHEAD_TTL_MS,
  startReadAhead,
  takeReadAhead,
} from "./read-ahead-store";

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
    expect(pendingReadAheads()).toBe(0);
  });

  it("gives nothing for another key, an unknown ticket or none, and forgets the ticket", () => {
    const ticket = startReadAhead(readAheadKey.user("user_a"), async () => "user");
    expect(takeReadAhead(ticket, readAheadKey.user("user_b"))).toBeUndefined();
    expect(takeReadAhead(ticket, readAheadKey.user("user_a"))).toBeUndefined();
    expect(takeReadAhead("not-a-ticket", listKey(""))).toBeUndefined();
    expect(takeReadAhead(null, listKey(""))).toBeUndefined();
    expect(pendingReadAheads()).toBe(0);
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
    expect(pendingReadAheads()).toBe(1);
    vi.advanceTimersByTime(READ_AHEAD_TTL_MS);
    expect(pendingReadAheads()).toBe(0);
    expect(takeReadAhead(ticket, listKey(""))).toBeUndefined();
  });

  it("issues a fresh random ticket for every read", () => {
    const tickets = new Set(
      Array.from({ length: 100 }, () => startReadAhead(listKey(""), async () => null)),
    );
    expect(tickets.size).toBe(100);
    for (const ticket of tickets) expect(ticket).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    for (const ticket of tickets) takeReadAhead(ticket, listKey(""));
  });
});
