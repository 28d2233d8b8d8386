import { userListSearch, type UserListQuery } from "@/lib/users/user-list-query";

/** What a read-ahead is for: the same key on both sides of the hand-over, or no hand-over. */
export const readAheadKey = {
  userList: (query: UserListQuery) => `users${userListSearch(query)}`,
  user: (userId: string) => `user:${userId}`,
};
