import "server-only";
import type { BagPatch } from "@/lib/metadata/bags";
import { fail, ok, type Result } from "@/lib/result/result";
import { clerkClient } from "./clerk-client";
import type { ClerkFailure } from "./clerk-failure";
import { toClerkFailure } from "./to-clerk-failure";
import { USER_ID_PATTERN } from "./user-id";
import { toUserDto, toUserSummary, type UserDto, type UserSummaryDto } from "./user-dto";

/** A Backend API call's answer: its value, or Clerk's failure as data (the SDK throws). */
export type ClerkResult<T> = Result<T, ClerkFailure>;

async function attempt<T>(call: () => Promise<T>): Promise<ClerkResult<T>> {
  try {
    return ok(await call());
  } catch (error) {
    return fail(toClerkFailure(error));
  }
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
}

/** One page of users: the SDK makes exactly two calls (list and count). */
export function listUsers(query: UserListRequest): Promise<ClerkResult<UserListPage>> {
  return attempt(async () => {
    const { data, totalCount } = await clerkClient().users.getUserList({
      query: query.query || undefined,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
      orderBy: query.orderBy,
    });
    return { users: data.map(toUserSummary), totalCount };
  });
}

/** A user by id; `null` when the id is malformed or Clerk does not know it. */
export async function getUser(userId: string): Promise<ClerkResult<UserDto | null>> {
  if (!USER_ID_PATTERN.test(userId)) return ok(null);
  const result = await attempt(async () => toUserDto(await clerkClient().users.getUser(userId)));
  if (!result.ok && result.error.kind === "clerk" && result.error.status === 404) {
    return ok(null);
  }
  return result;
}

/** One `PATCH /v1/users/{id}/metadata`; returns the User Clerk answered with. */
export function updateUserMetadata(userId: string, patch: BagPatch): Promise<ClerkResult<UserDto>> {
  return attempt(async () =>
    toUserDto(
      await clerkClient().users.updateUserMetadata(userId, {
        publicMetadata: patch.public_metadata,
        privateMetadata: patch.private_metadata,
        unsafeMetadata: patch.unsafe_metadata,
      }),
    ),
  );
}

export interface UserFilter {
  query?: string;
  userId?: string[];
  emailAddress?: string[];
}

/** One page of full users (metadata included) matching a filter, newest first. */
export function listFullUsers(
  filter: UserFilter,
  page: { limit: number; offset: number },
): Promise<ClerkResult<{ users: UserDto[]; totalCount: number }>> {
  return attempt(async () => {
    const { data, totalCount } = await clerkClient().users.getUserList({
      query: filter.query || undefined,
      userId: filter.userId,
      emailAddress: filter.emailAddress,
      limit: page.limit,
      offset: page.offset,
      orderBy: "-created_at",
    });
    return { users: data.map(toUserDto), totalCount };
  });
}
