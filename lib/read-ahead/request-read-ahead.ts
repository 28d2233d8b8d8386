import "server-only";
import { headers } from "next/headers";
import type { ClerkResult, UserListPage } from "@/lib/clerk/users";
import type { UserDto } from "@/lib/clerk/user-dto";
import type { UserListQuery } from "@/lib/users/user-list-query";
import { readAheadKey } from "./read-ahead-keys";
import { READ_AHEAD_HEADER, takeReadAhead } from "./read-ahead-store";

/** The ticket `proxy.ts` attached to this request, if it started a read for it. */
export async function readAheadTicket(): Promise<string | null> {
  return (await headers()).get(READ_AHEAD_HEADER);
}

/** The list read started for this ticket, if it was for this view. */
export function takeUserListReadAhead(ticket: string | null, query: UserListQuery) {
  return takeReadAhead<ClerkResult<UserListPage>>(ticket, readAheadKey.userList(query));
}

/** The user read started for this ticket, if it was for this user. */
export function takeUserReadAhead(ticket: string | null, userId: string) {
  return takeReadAhead<ClerkResult<UserDto | null>>(ticket, readAheadKey.user(userId));
}
