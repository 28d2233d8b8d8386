import { describe, expect, it } from "vitest";
import { OpenExports } from "./open-exports";

describe("exports downloading at once", () => {
  it("are at most the limit per person, others unaffected, and each place comes back once", () => {
    const open = new OpenExports(2);
    const first = open.take("staff_a");
    const second = open.take("staff_a");
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(open.take("staff_a")).toBeNull();
    expect(open.take("staff_b")).not.toBeNull();
    first!();
    first!();
    const third = open.take("staff_a");
    expect(third).not.toBeNull();
    expect(open.take("staff_a")).toBeNull();
    second!();
    third!();
    expect(open.take("staff_a")).not.toBeNull();
  });
});
