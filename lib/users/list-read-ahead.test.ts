import { afterEach, describe, expect, it, vi } from "vitest";
import { parseUserListQuery } from "./list-query";
import {
  pendingListReadAheads,
  READ_AHEAD_TTL_MS,
  startListReadAhead,
  takeListReadAhead,
} from "./list-read-ahead";

const view = (search: string) => parseUserListQuery(new URLSearchParams(search));

describe("list read-ahead", () => {
  afterEach(() => vi.useRealTimers());

  it("hands the started read to the page once, for the view it was started for", async () => {
    const read = vi.fn(async () => "rows");
    const ticket = startListReadAhead(view("page=2&query=ann"), read);
    expect(read).toHaveBeenCalledTimes(1);
    await expect(takeListReadAhead(ticket, view("query=ann&page=2"))).resolves.toBe("rows");
    expect(takeListReadAhead(ticket, view("query=ann&page=2"))).toBeUndefined();
    expect(pendingListReadAheads()).toBe(0);
  });

  it("gives nothing for another view, an unknown ticket or none, and forgets the ticket", () => {
    const ticket = startListReadAhead(view("page=2"), async () => "rows");
    expect(takeListReadAhead(ticket, view("page=3"))).toBeUndefined();
    expect(takeListReadAhead(ticket, view("page=2"))).toBeUndefined();
    expect(takeListReadAhead("not-a-ticket", view(""))).toBeUndefined();
    expect(takeListReadAhead(null, view(""))).toBeUndefined();
    expect(pendingListReadAheads()).toBe(0);
  });

  it("drops a read nobody takes, so redirects and dropped connections leak nothing", () => {
    vi.useFakeTimers();
    const ticket = startListReadAhead(view(""), async () => "rows");
    expect(pendingListReadAheads()).toBe(1);
    vi.advanceTimersByTime(READ_AHEAD_TTL_MS);
    expect(pendingListReadAheads()).toBe(0);
    expect(takeListReadAhead(ticket, view(""))).toBeUndefined();
  });

  it("issues tickets nobody can predict", () => {
    const tickets = new Set(
      Array.from({ length: 100 }, () => startListReadAhead(view(""), async () => null)),
    );
    expect(tickets.size).toBe(100);
    for (const ticket of tickets) expect(ticket).toMatch(/^[0-9a-f-]{36}$/);
    for (const ticket of tickets) takeListReadAhead(ticket, view(""));
  });
});
