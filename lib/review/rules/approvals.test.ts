import { describe, expect, it } from "vitest";
import {
  approvalProgress,
  expiresAt,
  fullyApproved,
  mayApprove,
  type Approval,
  type RequiredApproval,
} from "./approvals";

const roles: RequiredApproval = { name: "Roles", approvers: ["admin"], approvals: 1 };
const billing: RequiredApproval = {
  name: "Billing",
  approvers: ["admin", "support"],
  approvals: 2,
};
const author = "staff_author";
const admin = (n: number): Approval => ({ staffId: `staff_admin${n}`, role: "admin" });
const support: Approval = { staffId: "staff_support", role: "support" };

describe("approvals", () => {
  it("one approval from a named role applies a one-approval request", () => {
    expect(fullyApproved([roles], [], author)).toBe(false);
    expect(fullyApproved([roles], [admin(1)], author)).toBe(true);
    expect(fullyApproved([roles], [support], author)).toBe(false);
  });

  it("a rule needing two applies at the second person, not at the same one twice", () => {
    expect(approvalProgress([billing], [admin(1)], author)).toEqual([
      { name: "Billing", have: 1, need: 2 },
    ]);
    expect(fullyApproved([billing], [admin(1), admin(1)], author)).toBe(false);
    expect(fullyApproved([billing], [admin(1), support], author)).toBe(true);
  });

  it("every matched rule must be satisfied; one approval counts for each rule naming its role", () => {
    expect(approvalProgress([roles, billing], [admin(1)], author)).toEqual([
      { name: "Roles", have: 1, need: 1 },
      { name: "Billing", have: 1, need: 2 },
    ]);
    expect(fullyApproved([roles, billing], [support, admin(2)], author)).toBe(true);
    expect(fullyApproved([roles, billing], [support, { ...support, staffId: "s2" }], author)).toBe(
      false,
    );
  });

  it("the author's own approval never counts, whatever their role", () => {
    const own: Approval = { staffId: author, role: "admin" };
    expect(fullyApproved([roles], [own], author)).toBe(false);
    expect(mayApprove([roles], [], author, own)).toEqual({
      ok: false,
      error: { kind: "own_request", message: "You cannot approve your own request." },
    });
  });

  it("refuses a role no rule names, and a second approval by the same person", () => {
    const refused = mayApprove([roles], [], author, support);
    expect(refused.ok || refused.error).toEqual({
      kind: "not_an_approver",
      message: "This request needs approval from admin; your role is support.",
    });
    expect(mayApprove([roles], [], author, { staffId: "v", role: "viewer" }).ok).toBe(false);
    expect(mayApprove([billing], [admin(1)], author, admin(1)).ok).toBe(false);
    expect(mayApprove([billing], [admin(1)], author, admin(2))).toEqual({ ok: true, value: true });
    expect(mayApprove([billing], [admin(1)], author, support).ok).toBe(true);
  });

  it("expires after the configured days, at the moment they end", () => {
    const at = Date.UTC(2026, 10, 1);
    expect(expiresAt(at, 7)).toBe(Date.UTC(2026, 10, 8));
    expect(expiresAt(at, 0.5)).toBe(at + 12 * 60 * 60 * 1000);
  });
});
