import { describe, expect, it } from "vitest";
import { reasonParts, reasonReady, reasonSchema, requireReason } from "./reason";

describe("a write's reason", () => {
  it("is trimmed; blank or absent is no reason", () => {
    expect(reasonSchema.parse("  TICKET-12 customer asked  ")).toBe("TICKET-12 customer asked");
    expect(reasonSchema.parse("   ")).toBeNull();
    expect(reasonSchema.parse(undefined)).toBeNull();
    expect(reasonSchema.parse(null)).toBeNull();
  });

  it("holds at most 500 characters, counted as people count them", () => {
    expect(reasonSchema.parse("é".repeat(500))).toHaveLength(500);
    expect(reasonSchema.parse("😀".repeat(500))).toBe("😀".repeat(500));
    const refused = reasonSchema.safeParse("x".repeat(501));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe("must be at most 500 characters");
  });

  it("lets a write go with a blank reason only where none is required, never over the limit", () => {
    expect(reasonReady("", false)).toBe(true);
    expect(reasonReady("  ", true)).toBe(false);
    expect(reasonReady("ok", true)).toBe(true);
    expect(reasonReady("😀".repeat(500), true)).toBe(true);
    expect(reasonReady("x".repeat(501), false)).toBe(false);
  });

  it("is required only where the policy says so", () => {
    expect(requireReason(null, false)).toEqual({ ok: true, value: null });
    expect(requireReason("why", true)).toEqual({ ok: true, value: "why" });
    const refused = requireReason(null, true);
    expect(refused.ok || refused.error.kind).toBe("reason_required");
  });

  it("shows web addresses as links, and nothing else", () => {
    expect(
      reasonParts("See https://support.example.com/t/123, and http://x.test/a?b=1 (urgent)."),
    ).toEqual([
      { kind: "text", text: "See " },
      {
        kind: "link",
        text: "https://support.example.com/t/123",
        href: "https://support.example.com/t/123",
      },
      { kind: "text", text: ", and " },
      { kind: "link", text: "http://x.test/a?b=1", href: "http://x.test/a?b=1" },
      { kind: "text", text: " (urgent)." },
    ]);
    expect(reasonParts("javascript:alert(1) data:text/html,x ftp://x")).toEqual([
      { kind: "text", text: "javascript:alert(1) data:text/html,x ftp://x" },
    ]);
    expect(reasonParts('"https://a.test/x"<b>')).toEqual([
      { kind: "text", text: '"' },
      { kind: "link", text: "https://a.test/x", href: "https://a.test/x" },
      { kind: "text", text: '"<b>' },
    ]);
    expect(reasonParts("no links")).toEqual([{ kind: "text", text: "no links" }]);
    expect(reasonParts("(see https://en.wikipedia.org/wiki/Foo_(bar)).")).toEqual([
      { kind: "text", text: "(see " },
      {
        kind: "link",
        text: "https://en.wikipedia.org/wiki/Foo_(bar)",
        href: "https://en.wikipedia.org/wiki/Foo_(bar)",
      },
      { kind: "text", text: ")." },
    ]);
  });
});
