import "server-only";
import type { BagPatch } from "@/lib/metadata/bags";
import { fail, ok, type Result } from "@/lib/result/result";
import type { CallPermit } from "@/lib/scheduling/call-budget";
import { clerkBudget } from "./clerk-budget";
import { clerkClient } from "./clerk-client";
import type { ClerkFailure } from "./clerk-failure";
import { toClerkFailure } from "./to-clerk-failure";
import { USER_ID_PATTERN } from "./user-id";
import { toUserDto, toUserSummary, type UserDto, type UserSummaryDto } from "./user-dto";

/** A Backend API call's answer: its value, or Clerk's failure as data (the SDK throws). */
export type ClerkResult<T> = Result<T, ClerkFailure>;

/**
 * How long a person's request waits for room in the Clerk budget before it is answered "try
 * again" without calling Clerk: a call sure to get a 429 would also spend the customer's limit.
 */
const INTERACTIVE_WAIT_MS = 3_000;

/**
 * Makes a Backend API call, counted against the shared Clerk budget: with the caller's permit
 * (bulk jobs reserve theirs before taking a user's write lease), or as a person's call, reserved here.
 */
async function attempt<T>(
  call: () => Promise<T>,
  paid: { permit?: CallPermit; calls?: number } = {},
): Promise<ClerkResult<T>> {
  if (!paid.permit) {
    const budget = await clerkBudget();
    const reserved = await budget.reserve("interactive", {
      calls: paid.calls ?? 1,
      maxWaitMs: INTERACTIVE_WAIT_MS,
    });
    if ("refused" in reserved) return fail(budgetUsedUp(reserved.refused.retryAfterMs));
  }
  try {
    return ok(await call());
  } catch (error) {
    return fail(toClerkFailure(error));
  }
}

function budgetUsedUp(retryAfterMs: number): ClerkFailure {
  return {
    kind: "clerk",
    status: 429,
    // Not Clerk's code: Metadeck refused before calling, and says so.
    code: "metadeck_budget_used_up",
    message:
      "Metadeck held this request back: the Clerk instance's request budget for the last 10 seconds is used up",
    traceId: null,
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
  };
}

type GetUserListParams = NonNullable<
  Parameters<ReturnType<typeof clerkClient>["users"]["getUserList"]>[0]
>;

/** A page of the users list as the dashboard asks for it (the URL's view, 1-based pages). */
export interface UserListRequest {
  query: string;
  page: number;
  pageSize: number;
  orderBy: GetUserListParams["orderBy"];
}

export interface UserListPage {
  users: UserSummaryDto[];
  totalCount: number;
  /** Set when the rows come from the user index (a `where` filter): its newest write. */
  indexedAt?: number | null;
  /** False when the index counted up to its cap only: more than `totalCount` - 1 match. */
  totalExact?: boolean;
}

/** One page of users: the SDK makes exactly two calls (list and count). */
export function listUsers(query: UserListRequest): Promise<ClerkResult<UserListPage>> {
  return attempt(
    async () => {
      const { data, totalCount } = await clerkClient().users.getUserList({
        query: query.query || undefined,
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
        orderBy: query.orderBy,
      });
      return { users: data.map(toUserSummary), totalCount };
    },
    { calls: 2 },
  );
}

/** A user by id; `null` when the id is malformed or Clerk does not know it. */
export async function getUser(
  userId: string,
  permit?: CallPermit,
): Promise<ClerkResult<UserDto | null>> {
  if (!USER_ID_PATTERN.test(userId)) return ok(null);
  const result = await attempt(async () => toUserDto(await clerkClient().users.getUser(userId)), {
    permit,
  });
  if (!result.ok && result.error.kind === "clerk" && result.error.status === 404) {
    return ok(null);
  }
  return result;
}

/** One `PATCH /v1/users/{id}/metadata`; returns the User Clerk answered with. */
export function updateUserMetadata(
  userId: string,
  patch: BagPatch,
  permit?: CallPermit,
): Promise<ClerkResult<UserDto>> {
  return attempt(
    async () =>
      toUserDto(
        await clerkClient().users.updateUserMetadata(userId, {
          publicMetadata: patch.public_metadata,
          privateMetadata: patch.private_metadata,
          unsafeMetadata: patch.unsafe_metadata,
        }),
      ),
    { permit },
  );
}

export interface UserFilter {
  query?: string;
  userId?: string[];
  emailAddress?: string[];
  /** Only users created before this time (ms). */
  createdBefore?: number;
  /** Clerk's `order_by` (`-created_at`, `+email_address`, …); newest first by default. */
  orderBy?: ClerkUserOrder;
}

/** The sorts Clerk's user list takes, as the SDK types them. */
export type ClerkUserOrder = NonNullable<
  NonNullable<Parameters<ReturnType<typeof clerkClient>["users"]["getUserList"]>[0]>["orderBy"]
>;

/** One page of full users (metadata included) matching a filter, newest first unless the filter orders them otherwise (two calls). */
export function listFullUsers(
  filter: UserFilter,
  page: { limit: number; offset: number },
  permit?: CallPermit,
): Promise<ClerkResult<{ users: UserDto[]; totalCount: number }>> {
  return attempt(
    async () => {
      const { data, totalCount } = await clerkClient().users.getUserList({
        query: filter.query || undefined,
        userId: filter.userId,
        emailAddress: filter.emailAddress,
        createdAtBefore: filter.createdBefore,
        limit: page.limit,
        offset: page.offset,
        orderBy: filter.orderBy ?? "-created_at",
      });
      return { users: data.map(toUserDto), totalCount };
    },
    { permit, calls: 2 },
  );
}
