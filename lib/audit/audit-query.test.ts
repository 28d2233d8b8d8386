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
});
