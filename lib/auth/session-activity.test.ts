import { describe, expect, it, vi } from "vitest";
import { keepSessionAlive } from "./session-activity";

const lifetimes = { maxAgeSeconds: 12 * 3600, idleTimeoutSeconds: 3600 };
const signedIn = Date.parse("2026-12-01T08:00:00Z");
const at = (minutes: number) => signedIn + minutes * 60_000;

describe("a session's lifetime", () => {
  it("stays alive while used, and is marked as used at most every tenth of the idle timeout", async () => {
    const touch = vi.fn(async () => {});
    const session = { createdAt: new Date(signedIn), updatedAt: new Date(signedIn) };
    expect(await keepSessionAlive(session, lifetimes, at(5), touch)).toBe(true);
    expect(touch).not.toHaveBeenCalled();
    expect(await keepSessionAlive(session, lifetimes, at(7), touch)).toBe(true);
    expect(touch).toHaveBeenCalledTimes(1);
  });

  it("ends after the idle timeout without use", async () => {
    const session = { createdAt: new Date(signedIn), updatedAt: new Date(at(30)) };
    expect(await keepSessionAlive(session, lifetimes, at(90), async () => {})).toBe(true);
    expect(await keepSessionAlive(session, lifetimes, at(91), async () => {})).toBe(false);
  });

  it("ends at the maximum age however recently used (dates as SQLite keeps them, too)", async () => {
    const session = {
      createdAt: new Date(signedIn).toISOString(),
      updatedAt: new Date(at(12 * 60)).toISOString(),
    };
    expect(await keepSessionAlive(session, lifetimes, at(12 * 60), async () => {})).toBe(true);
    expect(await keepSessionAlive(session, lifetimes, at(12 * 60 + 1), async () => {})).toBe(false);
  });
});
