import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserDto } from "@/lib/clerk/user-dto";
import type { JsonObject } from "@/lib/metadata/json";
import {
  formatPath,
  type FilterExpr,
  type FilterPath,
  type Scalar,
} from "@/lib/user-filter/filter-ast";
import { evaluateFilter, type FilterableUser } from "@/lib/user-filter/evaluate-filter";
import { MAX_FILTER_LENGTH, parseFilter } from "@/lib/user-filter/parse-filter";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { filterCondition } from "./filter-sql";
import { ensureFlagPathIndexes } from "../flag-values/flag-path-indexes";
import { readFlagPathIds, type FlagPathIds } from "../flag-values/flag-value-table";
import { indexUsers } from "../index-store";

const DAY = 86_400_000;
const T0 = Date.parse("2026-01-01T00:00:00Z");
const PLANS = ["free", "pro", "team", "Pro", "enterprise"];
const odd = ["sp ace", 'a"b', "x.y", "é", "[z]", "back\\slash", "日本"];
/** Longer than PostgreSQL's table of flag values holds: such a value is read from documents. */
const LONG = "long-é-".repeat(80);

/** Forty users whose metadata covers every type, nesting and odd key the language reaches. */
function fixtures(): (FilterableUser & { id: string })[] {
  return Array.from({ length: 40 }, (_, n) => {
    const pub: JsonObject = {};
    if (n % 7 !== 0) pub.plan = PLANS[n % PLANS.length]!;
    if (n % 3 === 0) pub.seats = n % 9;
    if (n % 4 === 1) pub.seats = String(n);
    if (n % 5 === 0) pub.plan = null;
    pub.features =
      n % 2 === 0 ? { new_dashboard: n % 4 === 0, editor: n % 3 === 0 ? "old" : "new" } : {};
    if (n % 6 === 2) pub.tags = ["beta", n % 12 === 2 ? "vip" : "std", n];
    if (n % 8 === 3) pub.tags = "beta,vip";
    if (n % 9 === 4) pub.features = ["not", "an", "object"];
    if (n % 10 === 4) pub.features = { new_dashboard: "true", editor: LONG };
    pub[odd[n % odd.length]!] = n % 2 === 0 ? "yes" : n;
    if (n % 10 === 6) pub.limits = { api: { perDay: n * 100, burst: n % 2 === 0 } };
    if (n % 11 === 0) pub.note = "naïve café ☕ 𝄞";
    const priv: JsonObject =
      n % 3 === 1 ? { billing: { tier: n % 2 === 0 ? "gold" : "silver", seats: n } } : {};
    const unsafe: JsonObject = n % 4 === 2 ? { theme: n % 8 === 2 ? "dark" : "light" } : {};
    return {
      id: `user_f${String(n).padStart(2, "0")}`,
      public_metadata: pub,
      private_metadata: priv,
      unsafe_metadata: unsafe,
      emails:
        n % 13 === 0
          ? []
          : [
              `Person${n}@${n % 2 === 0 ? "Acme.com" : "example.org"}`,
              ...(n % 5 === 1 ? [`alt${n}@acme.com`] : []),
              // LIKE's wildcards and escape, to be taken literally.
              ...(n % 7 === 3 ? [`x%y_${n}\\z@acme.com`] : []),
            ],
      username: n % 3 === 2 ? null : `user_${n}`,
      external_id: n % 4 === 0 ? `ext-${n}` : null,
      created_at: T0 + n * DAY,
      last_active_at: n % 5 === 3 ? null : T0 + (n + 3) * DAY,
      banned: n % 9 === 0,
    };
  });
}

function toDto(user: FilterableUser & { id: string }): UserDto {
  return {
    id: user.id,
    externalId: user.external_id,
    username: user.username,
    firstName: null,
    lastName: null,
    fullName: null,
    imageUrl: "",
    hasImage: false,
    primaryEmail: user.emails[0] ?? null,
    emails: user.emails.map((emailAddress, i) => ({
      id: `idn_${i}`,
      emailAddress,
      primary: i === 0,
      verified: true,
    })),
    phones: [],
    createdAt: user.created_at,
    updatedAt: user.created_at,
    lastSignInAt: null,
    lastActiveAt: user.last_active_at,
    banned: user.banned,
    locked: false,
    publicMetadata: user.public_metadata,
    privateMetadata: user.private_metadata,
    unsafeMetadata: user.unsafe_metadata,
  };
}

/** Sixty and more expressions: each operator, nesting, odd keys, unicode, precedence. */
const EXPRESSIONS = [
  'public_metadata.plan = "pro"',
  'public_metadata.plan = "Pro"',
  'public_metadata.plan != "pro"',
  "public_metadata.plan = null",
  "public_metadata.plan != null",
  "public_metadata.plan exists",
  "public_metadata.plan missing",
  'public_metadata.plan in ["pro", "team"]',
  'public_metadata.plan in ["pro", null]',
  'public_metadata.plan < "pro"',
  'public_metadata.plan >= "pro"',
  'public_metadata.plan > "Pro"',
  'public_metadata.plan contains "r"',
  "public_metadata.seats = 3",
  "public_metadata.seats = 3.0",
  "public_metadata.seats != 3",
  "public_metadata.seats > 4",
  "public_metadata.seats <= 4",
  'public_metadata.seats = "5"',
  'public_metadata.seats > "2"',
  "public_metadata.seats in [0, 6, 8]",
  "public_metadata.features.new_dashboard = true",
  "public_metadata.features.new_dashboard = false",
  "public_metadata.features.new_dashboard != true",
  "public_metadata.features.new_dashboard exists",
  "public_metadata.features.new_dashboard missing",
  'public_metadata.features.editor = "old"',
  'public_metadata.features.editor in ["old", true, 3]',
  'public_metadata.features.editor in ["old", true, "old"]',
  `public_metadata.features.editor = "${LONG}"`,
  `public_metadata.features.editor in ["new", "${LONG}"]`,
  'public_metadata.features.new_dashboard in [true, "true"]',
  'not public_metadata.features.editor in ["new"]',
  "public_metadata.features exists",
  "public_metadata.features.0 exists",
  'public_metadata.tags contains "vip"',
  'public_metadata.tags contains "beta"',
  "public_metadata.tags contains 2",
  "public_metadata.tags contains 14",
  'public_metadata.tags = "beta,vip"',
  "public_metadata.tags.0 exists",
  'public_metadata["sp ace"] = "yes"',
  'public_metadata["a\\"b"] exists',
  'public_metadata["x.y"] > 3',
  'public_metadata["é"] exists',
  'public_metadata["[z]"] = "yes"',
  'public_metadata["back\\\\slash"] exists',
  'public_metadata["日本"] >= 0',
  'public_metadata.note contains "☕"',
  'public_metadata.note contains "𝄞"',
  'public_metadata.note = "naïve café ☕ 𝄞"',
  "public_metadata.limits.api.perDay >= 1600",
  "public_metadata.limits.api.burst = true",
  'private_metadata.billing.tier = "gold"',
  "private_metadata.billing.seats < 20",
  "private_metadata.billing missing",
  'unsafe_metadata.theme = "dark"',
  'unsafe_metadata.theme != "dark"',
  'email = "person4@acme.com"',
  'email contains "@ACME.com"',
  'email contains "alt"',
  'email contains "_3"',
  'email contains "%"',
  'email contains "\\\\z"',
  "email exists",
  "email missing",
  'email > "person3"',
  'email = "PERSON8@acme.COM" and public_metadata.plan exists',
  'email in ["alt1@acme.com", "Person2@ACME.COM", "nobody@nowhere.test"]',
  'not email = "person4@acme.com"',
  'username = "user_4"',
  'username contains "_1"',
  "username missing",
  'username < "user_2"',
  'external_id = "ext-8"',
  "external_id exists",
  'created_at >= "2026-01-20"',
  'created_at < "2026-01-05T00:00:00Z"',
  `created_at = ${T0 + 3 * DAY}`,
  'last_active_at > "2026-02-01"',
  "last_active_at missing",
  "banned = true",
  "banned != true",
  'public_metadata.plan = "pro" and public_metadata.features.new_dashboard = true',
  'public_metadata.plan = "pro" or public_metadata.plan = "team" and banned = true',
  '(public_metadata.plan = "pro" or public_metadata.plan = "team") and banned = true',
  'not public_metadata.plan = "pro"',
  'not not public_metadata.plan = "pro"',
  'not (public_metadata.plan = "pro" or public_metadata.seats > 3)',
  'NOT public_metadata.plan = "pro" AND email contains "acme"',
  'public_metadata.plan = "free" or (not public_metadata.seats exists and (username missing or banned = true))',
  'not (email missing) and not (public_metadata.features.editor = "new")',
];

const kinds = databaseKinds;

describe.each(kinds)("metadata filters in SQL, against the reference, on %s", (kind) => {
  let database: TestDatabase;
  const users = fixtures();
  let flagPaths: FlagPathIds;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await indexUsers(database.db, users.map(toDto), 1);
    // Catalogued flag paths are read from their own indexes (and, on PostgreSQL, its table of
    // flag values, filled here from the users already indexed): the answers must not change.
    await ensureFlagPathIndexes(database.db, kind, [
      { location: "public_metadata", key: "new_dashboard" },
      { location: "public_metadata", key: "editor" },
    ]);
    flagPaths = await readFlagPathIds(database.db, kind);
  });
  afterAll(() => database.dispose());

  async function selected(expr: FilterExpr): Promise<string[]> {
    const rows = await database.db
      .selectFrom("user_index")
      .select("user_id")
      .where("deleted_at", "is", null)
      .where(filterCondition(expr, kind, flagPaths) as never)
      .orderBy("user_id")
      .execute();
    return rows.map((row) => row.user_id);
  }
  const expected = (expr: FilterExpr) =>
    users
      .filter((u) => evaluateFilter(expr, u))
      .map((u) => u.id)
      .sort();

  it(`selects exactly what the reference does, for ${EXPRESSIONS.length} expressions`, async () => {
    expect(EXPRESSIONS.length).toBeGreaterThanOrEqual(60);
    let discriminating = 0;
    for (const text of EXPRESSIONS) {
      const parsed = parseFilter(text);
      expect(parsed, text).toMatchObject({ ok: true });
      if (!parsed.ok) continue;
      const want = expected(parsed.value);
      expect(await selected(parsed.value), text).toEqual(want);
      if (want.length > 0 && want.length < users.length) discriminating++;
    }
    // The table is no vacuous pass: nearly every expression splits the users.
    expect(discriminating).toBeGreaterThanOrEqual(EXPRESSIONS.length - 8);
  });

  it("runs the longest lists and `or`s the grammar takes, as the reference does", async () => {
    const seats = Array.from({ length: 1000 }, (_, n) => n);
    const texts = [
      `public_metadata.seats in [${seats.join(",")}]`,
      `email in [${Array.from({ length: 320 }, (_, n) => `"e${n}@x.io"`).join(",")}]`,
      Array.from({ length: 100 }, (_, n) => `public_metadata.plan contains "p${n}"`).join(" or "),
      `not public_metadata.seats in [${seats.slice(0, 900).join(",")}] and banned = false`,
    ];
    for (const text of texts) {
      const parsed = parseFilter(text);
      expect(text.length).toBeLessThanOrEqual(MAX_FILTER_LENGTH);
      expect(parsed.ok, text.slice(0, 60)).toBe(true);
      if (!parsed.ok) continue;
      expect(await selected(parsed.value), text.slice(0, 60)).toEqual(expected(parsed.value));
    }
  });

  it("agrees with the reference on random expressions", async () => {
    const paths: FilterPath[] = [
      { kind: "metadata", bag: "public_metadata", keys: ["plan"] },
      { kind: "metadata", bag: "public_metadata", keys: ["seats"] },
      { kind: "metadata", bag: "public_metadata", keys: ["tags"] },
      { kind: "metadata", bag: "public_metadata", keys: ["features", "new_dashboard"] },
      { kind: "metadata", bag: "public_metadata", keys: ["features", "editor"] },
      { kind: "metadata", bag: "public_metadata", keys: ["sp ace"] },
      { kind: "metadata", bag: "private_metadata", keys: ["billing", "tier"] },
      { kind: "field", field: "username" },
    ];
    const scalar: fc.Arbitrary<Scalar> = fc.oneof(
      fc.constantFrom<Scalar>(
        "pro",
        "old",
        "Pro",
        "beta",
        "vip",
        "gold",
        "yes",
        "user_4",
        null,
        true,
        false,
      ),
      fc.integer({ min: -1, max: 12 }),
    );
    const atom: fc.Arbitrary<FilterExpr> = fc
      .tuple(
        fc.constantFrom(...paths),
        fc.constantFrom("=", "!=", "<", ">=", "contains", "exists", "missing", "in"),
        scalar,
        scalar,
      )
      .map(([path, op, a, b]): FilterExpr => {
        const text = path.kind === "field";
        const value = text && typeof a !== "string" ? "user_1" : a;
        if (op === "exists" || op === "missing") return { type: op, path };
        if (op === "contains") return { type: "contains", path, value };
        if (op === "in") return { type: "in", path, values: text ? ["user_1", "user_4"] : [a, b] };
        if ((op === "<" || op === ">=") && (value === null || typeof value === "boolean"))
          return { type: "compare", path, op: "=", value };
        return { type: "compare", path, op: op as "=", value };
      });
    const expr = fc.letrec<{ e: FilterExpr }>((tie) => ({
      e: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        atom,
        fc.record({ type: fc.constant("not" as const), expr: tie("e") }),
        fc.record({
          type: fc.constant("and" as const),
          items: fc.array(tie("e"), { minLength: 2, maxLength: 3 }),
        }),
        fc.record({
          type: fc.constant("or" as const),
          items: fc.array(tie("e"), { minLength: 2, maxLength: 3 }),
        }),
      ),
    })).e;
    await fc.assert(
      fc.asyncProperty(expr, async (e) => {
        expect(await selected(e)).toEqual(expected(e));
      }),
      { numRuns: 150 },
    );
  });
});

describe("filter syntax errors", () => {
  const cases: [string, number, RegExp][] = [
    ["", 0, /empty/],
    ['public_metadata.plan = "pro', 23, /not closed/],
    ["public_metadata.plan =", 22, /Expected a value/],
    ['public_metadata.plan == "pro"', 22, /Expected a value/],
    ['plan = "pro"', 0, /Unknown path "plan"/],
    ['public_metadata = "pro"', 16, /Name a key/],
    ['public_metadata.plan "pro"', 21, /Expected an operator/],
    ['(public_metadata.plan = "pro"', 29, /"\)" to close the "\(" at 1/],
    ['public_metadata.plan = "pro")', 28, /Expected "and", "or" or the end/],
    ['public_metadata.plan = "pro" and', 32, /Expected a path/],
    ["public_metadata.plan in [1, 2", 29, /"," or "\]"/],
    ['public_metadata.plan in "pro"', 24, /"\[" to start/],
    ["public_metadata.plan < true", 21, /compares numbers, strings and dates/],
    ["public_metadata.plan = {}", 23, /Unexpected "\{"/],
    ['public_metadata[plan] = "x"', 16, /quoted key/],
    ['public_metadata.["x"] = 1', 16, /Expected a key after "."/],
    ['public_metadata.plan = "\\q"', 23, /invalid escape/],
    ["banned = 1", 0, /banned is true or false/],
    ["banned contains true", 0, /banned is true or false/],
    ['created_at > "last week"', 0, /Dates are ISO strings/],
    ["created_at contains 3", 0, /created_at is a date/],
    ["email = 3", 0, /email is text/],
    ['public_metadata.plan = "pro" or or banned = true', 32, /Expected a path/],
    ["not", 3, /Expected a path/],
    ['public_metadata.plan = "pro" # comment', 29, /Unexpected "#"/],
    [`${"(".repeat(40)}banned = true${")".repeat(40)}`, 32, /nests too deeply/],
    [
      `public_metadata.n in [${Array.from({ length: 1001 }, (_, n) => n).join(",")}]`,
      22 + Array.from({ length: 1000 }, (_, n) => `${n},`).join("").length,
      /at most 1,000 values/,
    ],
  ];
  it.each(cases)("%j is refused at %i", (text, position, message) => {
    const parsed = parseFilter(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.message).toMatch(message);
    expect(parsed.error.position).toBe(position);
  });

  it("writes paths back as they are typed", () => {
    const parsed = parseFilter('public_metadata["sp ace"].plan exists');
    expect(parsed.ok && parsed.value.type === "exists" && formatPath(parsed.value.path)).toBe(
      'public_metadata["sp ace"].plan',
    );
  });
});
