import { searchNeedle, spansFields } from "./search-text";
import { ORDER_BY_FIELDS, type TimeRange, type UserFilter, type UserPage } from "./list-params";

export interface SqlFragment {
  sql: string;
  params: (string | number)[];
}

const NOTHING = "0";

function placeholders(values: readonly unknown[]): string {
  return values.map(() => "?").join(", ");
}

/** Translates a parsed filter into a WHERE clause over `users u`. */
export function filterToSql(filter: UserFilter): SqlFragment {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const add = (sql: string, ...values: (string | number)[]) => {
    clauses.push(sql);
    params.push(...values);
  };

  if (filter.emailAddresses.length > 0) {
    add(
      `u.seq IN (SELECT user_seq FROM email_addresses WHERE email_address IN (${placeholders(filter.emailAddresses)}))`,
      ...filter.emailAddresses,
    );
  }
  if (filter.phoneNumbers.length > 0) {
    add(
      `u.seq IN (SELECT user_seq FROM phone_numbers WHERE phone_number IN (${placeholders(filter.phoneNumbers)}))`,
      ...filter.phoneNumbers,
    );
  }
  if (filter.usernames.length > 0) {
    add(`u.username IN (${placeholders(filter.usernames)})`, ...filter.usernames);
  }
  // The emulator keeps no web3 wallets, organizations or external accounts: asking for any finds no one.
  if (filter.web3Wallets.length > 0) add(NOTHING);
  if (filter.organizationIds.include.length > 0) add(NOTHING);
  if (filter.providerUserIds.length > 0) add(NOTHING);

  for (const [column, inclusion] of [
    ["u.external_id", filter.externalIds],
    ["u.id", filter.userIds],
  ] as const) {
    if (inclusion.include.length > 0) {
      add(`${column} IN (${placeholders(inclusion.include)})`, ...inclusion.include);
    }
    if (inclusion.exclude.length > 0) {
      add(
        `(${column} IS NULL OR ${column} NOT IN (${placeholders(inclusion.exclude)}))`,
        ...inclusion.exclude,
      );
    }
  }

  if (filter.query) {
    const needle = searchNeedle(filter.query);
    // Trigrams need three characters; shorter needles scan the haystack column instead.
    if (spansFields(needle)) {
      add("0");
    } else if ([...needle].length >= 3) {
      add(
        "u.seq IN (SELECT rowid FROM user_search WHERE user_search MATCH ?)",
        `"${needle.replaceAll('"', '""')}"`,
      );
    } else {
      add("instr(u.search_text, ?) > 0", needle);
    }
  }
  if (filter.emailAddressQuery) {
    add(
      "u.seq IN (SELECT user_seq FROM email_addresses WHERE instr(lower(email_address), ?) > 0)",
      searchNeedle(filter.emailAddressQuery),
    );
  }
  if (filter.phoneNumberQuery) {
    add(
      "u.seq IN (SELECT user_seq FROM phone_numbers WHERE instr(lower(phone_number), ?) > 0)",
      searchNeedle(filter.phoneNumberQuery),
    );
  }
  if (filter.usernameQuery) {
    add("instr(lower(u.username), ?) > 0", searchNeedle(filter.usernameQuery));
  }
  if (filter.nameQuery) {
    add(
      "instr(lower(trim(coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, ''))), ?) > 0",
      searchNeedle(filter.nameQuery),
    );
  }
  if (filter.banned !== undefined) add("u.banned = ?", filter.banned ? 1 : 0);

  const ranges: [string, TimeRange][] = [
    ["u.created_at", filter.createdAt],
    ["u.last_active_at", filter.lastActiveAt],
    ["u.last_sign_in_at", filter.lastSignInAt],
  ];
  for (const [column, range] of ranges) {
    if (range.before !== undefined) add(`${column} < ?`, range.before);
    if (range.after !== undefined) add(`${column} > ?`, range.after);
  }

  return { sql: clauses.length > 0 ? clauses.join(" AND ") : "1", params };
}

/**
 * ORDER BY matching the `(col IS NULL, col, seq)` indexes: nulls last ascending, first
 * descending (PostgreSQL's placement), and insertion order breaking ties so pages never overlap.
 */
export function orderToSql(page: Pick<UserPage, "orderBy" | "descending">): string {
  const column = ORDER_BY_FIELDS[page.orderBy];
  const direction = page.descending ? "DESC" : "ASC";
  if (column === null) return `u.seq ${direction}`;
  return `(u.${column} IS NULL) ${direction}, u.${column} ${direction}, u.seq ${direction}`;
}
