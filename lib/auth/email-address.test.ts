import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emailDomain, normaliseEmail } from "./email-address";

describe("one spelling per staff address", () => {
  it.each([
    ["ada@corp.test", "ada@corp.test"],
    ["Ada@Corp.TEST", "ada@corp.test"],
    ["  ada@corp.test\t", "ada@corp.test"],
  ])("%j is %j", (raw, email) => {
    expect(normaliseEmail(raw)).toBe(email);
  });

  it.each([
    "",
    "   ",
    "ada",
    "ada@",
    "@corp.test",
    "ada@corp.test@corp.test",
    "ada@evil.test@corp.test",
    "ada @corp.test",
    `${"a".repeat(320)}@corp.test`,
    42,
    null,
    undefined,
  ])("%j is not an address", (raw) => {
    expect(normaliseEmail(raw)).toBeNull();
  });

  it("normalising twice changes nothing, and the domain is what follows the one @", () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom("", " ", "\t"), (raw, pad) => {
        const once = normaliseEmail(`${pad}${raw.toUpperCase()}${pad}`);
        if (once === null) return;
        expect(normaliseEmail(once)).toBe(once);
        expect(emailDomain(once)).toBe(once.split("@")[1]);
      }),
    );
  });
});
