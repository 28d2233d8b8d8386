import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustedProxies } from "./trusted-proxies";

const none = parseTrustedProxies(undefined);
const lb = parseTrustedProxies("10.0.0.0/8, 192.168.1.7, fd00::/8");

describe("the client address a request is keyed on", () => {
  // The sign-in limiter used to trust X-Forwarded-For: rotating it gave unlimited guesses.
  it("is the socket's when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", none)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", ["5.6.7.8", "9.9.9.9"], none)).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9", undefined, none)).toBe("203.0.113.9");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddress("203.0.113.9", "10.1.1.1", lb)).toBe("203.0.113.9");
  });

  it("behind trusted proxies, is the right-most address that is not one of them", () => {
    // The client sent a fake entry; the load balancer appended the address it saw.
    expect(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.4", lb)).toBe("198.51.100.4");
    expect(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.4, 192.168.1.7", lb)).toBe(
      "198.51.100.4",
    );
    expect(clientAddress("10.0.0.2", ["6.6.6.6", "198.51.100.4"], lb)).toBe("198.51.100.4");
    expect(clientAddress("fd00::1", "2001:db8::5", lb)).toBe("2001:db8::5");
  });

  it("cannot be chosen by a client through a malformed or all-trusted chain", () => {
    expect(clientAddress("10.0.0.2", "not-an-ip", lb)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", "evil, 192.168.1.7", lb)).toBe("192.168.1.7");
    expect(clientAddress("10.0.0.2", "10.9.9.9", lb)).toBe("10.9.9.9");
    expect(clientAddress("10.0.0.2", "", lb)).toBe("10.0.0.2");
  });

  it("names a TRUSTED_PROXIES entry that is not an address or range", () => {
    expect(() => parseTrustedProxies("10.0.0.0/8,proxy.internal")).toThrow(/"proxy.internal"/);
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/10.0.0.0\/33/);
    expect(parseTrustedProxies(" , ").entries).toEqual([]);
  });
});
