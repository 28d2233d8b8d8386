import type { UserDto, UserSummaryDto } from "@/lib/clerk/user-dto";
import { fetchJson } from "./fetch-json";
import { userListSearch, type UserListQuery } from "./list-query";

export interface UserListResponse {
  users: UserSummaryDto[];
  totalCount: number;
}

export function fetchUserList(
  query: UserListQuery,
  signal?: AbortSignal,
): Promise<UserListResponse> {
  return fetchJson<UserListResponse>(`/api/users${userListSearch(query)}`, signal);
}

export function fetchUser(userId: string, signal?: AbortSignal): Promise<UserDto> {
  return fetchJson<UserDto>(`/api/users/${encodeURIComponent(userId)}`, signal);
}
