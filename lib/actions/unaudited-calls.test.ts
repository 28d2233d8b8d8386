import { afterEach, describe, expect, it, vi } from "vitest";
import { noteUnauditedCall } from "./unaudited-calls";

describe("calls without a session, in the server log", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes at most one line per source per minute, with the count of the minute before", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const t0 = 1_800_000_000_000;
    for (let i = 0; i < 2_000; i++) noteUnauditedCall("203.0.113.1", "an action", t0 + i * 10);
    expect(warn).toHaveBeenCalledTimes(1);
    noteUnauditedCall("198.51.100.2", "an action", t0 + 100);
    expect(warn).toHaveBeenCalledTimes(2);
    noteUnauditedCall("203.0.113.1", "an action", t0 + 60_000);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn.mock.calls[2]?.[0]).toContain("2000 in its previous minute");
  });
});
