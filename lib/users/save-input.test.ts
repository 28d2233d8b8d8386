import { describe, expect, it } from "vitest";
import { saveMetadataInputSchema } from "./save-input";

const valid = {
  userId: "user_2abcDEF123",
  baseUpdatedAt: 1700000000000,
  patch: { public_metadata: { a: null } },
};

describe("save action input", () => {
  it("accepts a well-formed save", () => {
    expect(saveMetadataInputSchema.parse(valid)).toEqual(valid);
  });

  it("keeps a reason trimmed, and a blank one as none", () => {
    expect(saveMetadataInputSchema.parse({ ...valid, reason: "  TICKET-9  " }).reason).toBe(
      "TICKET-9",
    );
    expect(saveMetadataInputSchema.parse({ ...valid, reason: " " }).reason).toBeNull();
    expect(saveMetadataInputSchema.parse(valid).reason).toBeUndefined();
  });

  it.each([
    ["a reason over 500 characters", { ...valid, reason: "x".repeat(501) }],
    ["a reason that is not text", { ...valid, reason: 42 }],
    ["a malformed user id", { ...valid, userId: "user_../../v1/users" }],
    ["a user id of another kind", { ...valid, userId: "org_123" }],
    ["a missing base version", { ...valid, baseUpdatedAt: undefined }],
    ["a bag that is not an object", { ...valid, patch: { public_metadata: [1] } }],
    ["a null bag", { ...valid, patch: { private_metadata: null } }],
    ["an unknown bag", { ...valid, patch: { secret_metadata: {} } }],
    ["an empty patch", { ...valid, patch: {} }],
    ["an oversize bag", { ...valid, patch: { unsafe_metadata: { x: "y".repeat(9000) } } }],
  ])("refuses %s", (_, input) => {
    expect(saveMetadataInputSchema.safeParse(input).success).toBe(false);
  });
});
