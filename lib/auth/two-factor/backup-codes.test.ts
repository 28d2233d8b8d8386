import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BACKUP_CODE_ALPHABET, normaliseBackupCode } from "./backup-code-format";
import { generateBackupCodes } from "./backup-codes";

describe("backup codes", () => {
  it("are ten different codes of three groups of four, none with 0, o, 1, l, i or capitals", () => {
    const codes = generateBackupCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      expect(code).not.toMatch(/[01oli]/);
    }
    expect(BACKUP_CODE_ALPHABET).toHaveLength(31);
  });

  it("read back as issued however they are typed: case, spaces, hyphens or none", () => {
    fc.assert(
      fc.property(fc.constantFrom(...generateBackupCodes(50)), (code) => {
        const bare = code.replace(/-/g, "");
        for (const typed of [code, code.toUpperCase(), bare, ` ${bare.match(/.{4}/g)!.join(" ")} `])
          expect(normaliseBackupCode(typed)).toBe(code);
      }),
    );
  });

  it("leaves codes issued before this alphabet as they were, but trimmed", () => {
    expect(normaliseBackupCode(" AbCdE-fGhIj ")).toBe("AbCdE-fGhIj");
    expect(normaliseBackupCode("0000-0000-0000")).toBe("0000-0000-0000");
  });
});
