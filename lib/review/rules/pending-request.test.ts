import { describe, expect, it } from "vitest";
import type { ChangeRequest } from "./change-request";
import { pendingRequestOf } from "./pending-request";

describe("a pending request, as the user page marks it", () => {
  it("names its author, the roles it waits for, its bags and the flags it sets", () => {
    const request = {
      id: 4,
      author: { id: "staff_1", email: "sam@example.com", name: null },
      createdAt: 1_000,
      rules: [
        { name: "Roles", approvals: 1, approvers: ["admin"], paths: [] },
        { name: "Tiers", approvals: 1, approvers: ["admin", "support"], paths: [] },
      ],
      patch: {
        public_metadata: { role: "admin", features: { new_dashboard: true, beta: null } },
        private_metadata: { billing: { seats: 3 } },
      },
    } as unknown as ChangeRequest;
    expect(pendingRequestOf(request)).toEqual({
      id: 4,
      author: "sam@example.com",
      createdAt: 1_000,
      waitingFor: "admin or support",
      bags: ["public_metadata", "private_metadata"],
      flags: { public_metadata: ["new_dashboard", "beta"], private_metadata: [] },
    });
  });
});
