import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateFilter, type FilterableUser } from "./evaluate-filter";
import { addCondition, conditionText } from "./filter-builder";
import { parseFilter } from "./parse-filter";

describe("a condition from the builder", () => {
  it.each([
    [{ path: "public_metadata.plan", op: "=", value: "pro" }, 'public_metadata.plan = "pro"'],
    [{ path: "public_metadata.plan", op: "=", value: '"pro"' }, 'public_metadata.plan = "pro"'],
    [{ path: "public_metadata.seats", op: ">=", value: " 3 " }, "public_metadata.seats >= 3"],
    [
      { path: "public_metadata.features.x", op: "!=", value: "true" },
      "public_metadata.features.x != true",
    ],
    [{ path: "email", op: "contains", value: "@acme.com" }, 'email contains "@acme.com"'],
    [
      { path: "public_metadata.plan", op: "in", value: "pro, team, 3" },
      'public_metadata.plan in ["pro", "team", 3]',
    ],
    [
      { path: "public_metadata.plan", op: "in", value: '["pro"]' },
      'public_metadata.plan in ["pro"]',
    ],
    [
      { path: 'unsafe_metadata["odd key"]', op: "exists", value: "ignored" },
      'unsafe_metadata["odd key"] exists',
    ],
    [{ path: "username", op: "missing", value: "" }, "username missing"],
  ] as const)("%j is written as %s", (condition, text) => {
    expect(conditionText(condition)).toEqual({ ok: true, value: text });
  });

  it("is refused with the reason, and where, when the text box would refuse it", () => {
    expect(conditionText({ path: "", op: "=", value: "x" })).toEqual({
      ok: false,
      error: "Choose a path.",
    });
    expect(conditionText({ path: "username", op: "=", value: " " })).toEqual({
      ok: false,
      error: "Give a value.",
    });
    const wrongPath = conditionText({ path: "public_metadata..plan", op: "=", value: "x" });
    expect(wrongPath.ok ? "" : wrongPath.error).toMatch(/^At character 17: /);
    const wrongType = conditionText({ path: "banned", op: "=", value: "yes" });
    expect(wrongType.ok ? "" : wrongType.error).toMatch(/^At character \d+: .*banned/);
  });
});

const FILTERS = [
  "",
  'public_metadata.plan = "pro"',
  'public_metadata.plan = "pro" or public_metadata.seats > 2',
  'public_metadata.plan = "pro" and public_metadata.seats > 2',
  'not public_metadata.plan = "team" or public_metadata.trial = true',
  '(public_metadata.plan = "pro" or public_metadata.trial = true) and public_metadata.seats < 5',
];
const CONDITIONS = [
  "public_metadata.trial = true",
  "public_metadata.seats >= 3",
  'public_metadata.plan in ["team", "free"]',
  "public_metadata.trial missing",
];

const user = fc
  .record({
    plan: fc.constantFrom("pro", "team", "free", undefined),
    seats: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
    trial: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map((m): FilterableUser => ({
    public_metadata: JSON.parse(JSON.stringify(m)) as FilterableUser["public_metadata"],
    private_metadata: {},
    unsafe_metadata: {},
    emails: [],
    username: null,
    external_id: null,
    created_at: 0,
    last_active_at: null,
    banned: false,
  }));

const holds = (where: string, subject: FilterableUser) => {
  if (where === "") return true;
  const parsed = parseFilter(where);
  if (!parsed.ok) throw new Error(`${where}: ${parsed.error.message}`);
  return evaluateFilter(parsed.value, subject);
};

describe("adding a condition to a filter", () => {
  it("with and, selects the users both select; with or, those either selects", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FILTERS),
        fc.constantFrom(...CONDITIONS),
        fc.constantFrom("and" as const, "or" as const),
        user,
        (filter, condition, join, subject) => {
          const combined = addCondition(filter, condition, join);
          const expected =
            filter === ""
              ? holds(condition, subject)
              : join === "and"
                ? holds(filter, subject) && holds(condition, subject)
                : holds(filter, subject) || holds(condition, subject);
          expect(holds(combined, subject)).toBe(expected);
        },
      ),
    );
  });

  it("writes the condition alone into an empty filter, and keeps an and-filter unbracketed", () => {
    expect(addCondition("  ", "username exists", "and")).toBe("username exists");
    expect(addCondition('username = "x"', "banned = true", "and")).toBe(
      'username = "x" and banned = true',
    );
  });
});
