import { describe, expect, it } from "vitest";
import type { FlagDefinition } from "@/lib/flags/catalogue-schema";
import type { JsonObject } from "@/lib/metadata/json";
import { planFlagChange } from "./plan";
import { parseTargetList } from "./target-list";

const beta: FlagDefinition = {
  key: "beta",
  description: "Beta.",
  owner: "a",
  type: "boolean",
  default: false,
  location: "public_metadata",
  review: false,
};
const user = (id: string, pub: JsonObject) => ({
  id,
  email: `${id}@example.com`,
  bags: { public_metadata: pub, private_metadata: {}, unsafe_metadata: {} },
});

describe("parseTargetList", () => {
  it("reads ids and emails separated by new lines, commas or semicolons, once each, and reports the rest", () => {
    expect(
      parseTargetList(
        'user_abc, Ada@Example.com\r\nuser_abc;"bob@example.com";ada@example.com\nnot-an-id\n\n42',
      ),
    ).toEqual({
      ids: ["user_abc"],
      emails: ["ada@example.com", "bob@example.com"],
      unrecognised: ["not-an-id", "42"],
    });
  });

  // Splitting on spaces turned "Ada Lovelace <ada@example.com>" into three entries, and two
  // addresses on one line into two targets nobody listed separately.
  it("keeps spaces inside an entry, trimming only its ends", () => {
    expect(
      parseTargetList("  ada@example.com  \nAda Lovelace <ada@example.com>\nuser_abc user_def"),
    ).toEqual({
      ids: [],
      emails: ["ada@example.com"],
      unrecognised: ["Ada Lovelace <ada@example.com>", "user_abc user_def"],
    });
  });
});

describe("planFlagChange", () => {
  const users = [
    user("user_1", {}),
    user("user_2", { features: { beta: true } }),
    user("user_3", { features: { beta: false } }),
  ];

  it("counts who changes and who already holds the value", () => {
    const plan = planFlagChange(beta, true, users);
    expect([plan.changing, plan.already]).toEqual([2, 1]);
    expect(plan.items.map((i) => i.changes)).toEqual([true, false, true]);
    expect(plan.items[0]).toMatchObject({
      before: { present: false },
      target: { present: true, value: true },
    });
  });

  it("treats 'use default' as removing the key: only users who hold it change", () => {
    const plan = planFlagChange(beta, null, users);
    expect(plan.items.map((i) => i.changes)).toEqual([false, true, true]);
  });
});
