import type { ClerkFailure } from "@/lib/clerk/clerk-failure";
import type { UserDto } from "@/lib/clerk/user-dto";
import type { ClerkResult, UserFilter } from "@/lib/clerk/users";
import { formatTimestamp } from "@/lib/format/time";
import { fail, ok, type Result } from "@/lib/result/result";
import { userBags } from "@/lib/users/user-bags";
import type { BulkTarget } from "./bulk-input";
import type { TargetUser } from "./plan";
import { listSize, MAX_LIST_ENTRIES, parseTargetList } from "./target-list";

export type UserLister = (
  filter: UserFilter,
  page: { limit: number; offset: number },
) => Promise<ClerkResult<{ users: UserDto[]; totalCount: number }>>;

/**
 * The users a `where` filter selects in the user index, newest first, up to `limit`; or why
 * not: the filter does not parse, it ran past the read budget, or the person has enough reads running.
 */
export type IndexLookup = (
  where: string,
  limit: number,
) => Promise<
  Result<
    { ids: string[]; indexedAt: number | null },
    | { kind: "invalid_filter"; message: string; position: number }
    | { kind: "too_expensive" | "busy" | "unavailable"; message: string }
  >
>;

/** Why a bulk change cannot go ahead: the input does not hold, or Clerk could not answer. */
export type BulkFailure = {
  /** `unavailable`: the user index could not be read (the console database failed). */
  kind: "invalid" | "not_found" | "upstream" | "unavailable";
  message: string;
};

export type ResolvedTargets = Result<
  { users: TargetUser[]; unknown: string[]; description: string },
  BulkFailure
>;

function upstream(what: string, failure: ClerkFailure): { ok: false; error: BulkFailure } {
  return fail({ kind: "upstream", message: `Clerk could not ${what}. ${failure.message}` });
}

const PAGE = 500;
const LOOKUP_BATCH = 100;
const MAX_TARGETS = 100_000;

function targetUser(user: UserDto): TargetUser {
  return {
    id: user.id,
    email: user.emails.find((e) => e.primary)?.emailAddress ?? user.emails[0]?.emailAddress ?? null,
    bags: userBags(user),
  };
}

async function everyPage(list: UserLister, filter: UserFilter, limit: number) {
  const users: UserDto[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await list(filter, { limit, offset });
    if (!page.ok) return page;
    users.push(...page.value.users);
    if (page.value.users.length < limit || users.length >= page.value.totalCount) break;
    if (users.length > MAX_TARGETS) break;
  }
  return ok(users);
}

async function inBatches(
  list: UserLister,
  values: string[],
  filterOf: (batch: string[]) => UserFilter,
): Promise<ClerkResult<UserDto[]>> {
  const users: UserDto[] = [];
  for (let i = 0; i < values.length; i += LOOKUP_BATCH) {
    const found = await everyPage(list, filterOf(values.slice(i, i + LOOKUP_BATCH)), LOOKUP_BATCH);
    if (!found.ok) return found;
    users.push(...found.value);
  }
  return ok(users);
}

/** Users by id, in batches (Clerk takes up to 100 ids per request); ids not found are absent. */
export async function usersById(
  ids: string[],
  list: UserLister,
): Promise<ClerkResult<TargetUser[]>> {
  const found = await inBatches(list, ids, (userId) => ({ userId }));
  return found.ok ? ok(found.value.map(targetUser)) : found;
}

/**
 * The users a filter selects in the index, each read from Clerk as it is now: the plan (and each
 * one-key patch) starts from Clerk's data, so a stale index can pick a user but never clobber
 * one. Users the index still lists but Clerk no longer has are reported, like unknown entries.
 */
async function resolveFilter(
  where: string,
  list: UserLister,
  lookup: IndexLookup,
): Promise<ResolvedTargets> {
  let found: Awaited<ReturnType<IndexLookup>>;
  try {
    found = await lookup(where, MAX_TARGETS + 1);
  } catch {
    // A failure is a value here too: the dry run and the start answer it, never throw it.
    return fail({
      kind: "unavailable",
      message:
        "The user index could not be read for this filter, so nothing was planned. Try again.",
    });
  }
  if (!found.ok)
    return fail(
      found.error.kind === "invalid_filter"
        ? {
            kind: "invalid",
            message: `The filter does not parse: at character ${found.error.position + 1}: ${found.error.message}`,
          }
        : // Too expensive is the filter's fault; busy, or a reader that stopped, the moment's.
          {
            kind: found.error.kind === "too_expensive" ? "invalid" : "unavailable",
            message: found.error.message,
          },
    );
  const { ids, indexedAt } = found.value;
  if (ids.length > MAX_TARGETS) {
    const message = `The filter selects more than ${MAX_TARGETS} users; narrow it.`;
    return fail({ kind: "invalid", message });
  }
  const users = await usersById(ids, list);
  if (!users.ok) return upstream("look the users up", users.error);
  const present = new Set(users.value.map((user) => user.id));
  return ok({
    users: users.value,
    unknown: ids.filter((id) => !present.has(id)),
    description: `users where ${where} (user index as of ${formatTimestamp(indexedAt)})`,
  });
}

/**
 * The users a bulk change is for: every page of a search, or each id and email address of a
 * list. Entries of a list that match nobody come back in `unknown`, never silently dropped.
 */
export async function resolveTargets(
  target: BulkTarget,
  list: UserLister,
  lookup: IndexLookup,
): Promise<ResolvedTargets> {
  if (target.kind === "where") return resolveFilter(target.where, list, lookup);
  if (target.kind === "query") {
    const found = await everyPage(list, { query: target.query }, PAGE);
    if (!found.ok) return upstream("list the users", found.error);
    if (found.value.length > MAX_TARGETS) {
      const message = `The search finds more than ${MAX_TARGETS} users; narrow it.`;
      return fail({ kind: "invalid", message });
    }
    return ok({
      users: found.value.map(targetUser),
      unknown: [],
      description: target.query ? `users matching "${target.query}"` : "all users",
    });
  }
  const parsed = parseTargetList(target.text);
  if (listSize(parsed) === 0) return fail({ kind: "invalid", message: "The list is empty." });
  if (listSize(parsed) > MAX_LIST_ENTRIES) {
    const message = `The list has more than ${MAX_LIST_ENTRIES} entries; split it.`;
    return fail({ kind: "invalid", message });
  }
  const byId = await inBatches(list, parsed.ids, (userId) => ({ userId }));
  if (!byId.ok) return upstream("look the users up", byId.error);
  const byEmail = await inBatches(list, parsed.emails, (emailAddress) => ({ emailAddress }));
  if (!byEmail.ok) return upstream("look the users up", byEmail.error);
  const users = new Map<string, UserDto>();
  for (const user of [...byId.value, ...byEmail.value]) users.set(user.id, user);
  const emails = new Set(
    byEmail.value.flatMap((u) => u.emails.map((e) => e.emailAddress.toLowerCase())),
  );
  const unknown = [
    ...parsed.ids.filter((id) => !users.has(id)),
    ...parsed.emails.filter((email) => !emails.has(email)),
    ...parsed.unrecognised,
  ];
  return ok({
    users: [...users.values()].map(targetUser),
    unknown,
    description: `a list of ${listSize(parsed)} ${listSize(parsed) === 1 ? "entry" : "entries"}`,
  });
}
