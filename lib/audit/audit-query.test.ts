import { describe, expect, it } from "vitest";
import { auditFilterOf, auditSearch, parseAuditQuery } from "./audit-query";

describe("the /audit view in the URL", () => {
  it("filters by kind of event, and by one kind of staff event", () => {
    expect(auditFilterOf(parseAuditQuery({ event: "staff" })).event).toBe("staff");
    expect(auditFilterOf(parseAuditQuery({ event: "metadata" })).event).toBe("metadata");
    expect(auditFilterOf(parseAuditQuery({ event: "sign_in_locked" })).event).toBe(
      "sign_in_locked",
    );
  });

  it("ignores an event it does not know rather than failing the page", () => {
    for (const event of ["metadata_write", "DROP TABLE", "staff ", ["staff", "x"].join(",")])
      expect(parseAuditQuery({ event }).event).toBeUndefined();
  });

  it("keeps the event filter across pages", () => {
    const query = parseAuditQuery({
      event: "staff_role_changed",
      staff: "bo@example.com",
      outcome: "refused",
      page: "2",
    });
    expect(auditSearch(query, { page: 3 })).toBe(
      "?event=staff_role_changed&staff=bo%40example.com&outcome=refused&page=3",
    );
  });

  it("reads days as whole UTC days, and drops days that do not exist rather than reading another", () => {
    const filter = auditFilterOf(parseAuditQuery({ from: "2024-02-29", to: "2024-03-01" }));
    expect(filter.from).toBe(Date.UTC(2024, 1, 29));
    expect(filter.to).toBe(Date.UTC(2024, 2, 2));
    for (const day of ["2026-02-30", "2026-13-01", "2026-1-01", "2026-01-01T00:00Z"])
      expect(auditFilterOf(parseAuditQuery({ from: day })).from, day).toBeUndefined();
  });
});
