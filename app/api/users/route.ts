import { requireApiAccess } from "@/lib/auth/guards";
import { NextResponse, type NextRequest } from "next/server";
import { failureStatus } from "@/lib/clerk/failure-status";
import { indexReadFailure } from "@/lib/user-index/index-read-response";
import { listUsers } from "@/lib/clerk/users";
import { readFilteredUsers } from "@/lib/user-index/search/user-list-read";
import { parseUserListQuery, searchRefusal } from "@/lib/users/user-list-query";

export const dynamic = "force-dynamic";

/**
 * Reads for the users table (TanStack Query calls this; server actions are for writes only).
 * With `where`, the rows come from the user index: `{ users, total, totalExact, indexedAt }`;
 * past INDEX_COUNT_CAP matches `totalExact` is false and `total` the cap + 1, unless
 * `count=exact` asked for every match to be counted.
 */
export async function GET(request: NextRequest) {
  const access = await requireApiAccess("users:read");
  if (access.denied) return access.denied;
  const query = parseUserListQuery(request.nextUrl.searchParams);
  const refused = searchRefusal(query.query);
  if (refused)
    return NextResponse.json({ error: { kind: "invalid", message: refused } }, { status: 400 });
  if (query.where) {
    const filtered = await readFilteredUsers(query, access.staff.id);
    if (!filtered.ok) return indexReadFailure(filtered.error);
    return NextResponse.json({ ...filtered.value, total: filtered.value.totalCount });
  }
  const result = await listUsers(query);
  if (!result.ok)
    return NextResponse.json({ error: result.error }, { status: failureStatus(result.error) });
  return NextResponse.json(result.value);
}
