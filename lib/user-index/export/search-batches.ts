import type { UserDto } from "@/lib/clerk/user-dto";
import type { ClerkResult, ClerkUserOrder, UserFilter } from "@/lib/clerk/users";
import { SEARCH_EXPORT_MAX } from "@/lib/config/limits";
import type { ExportedUser } from "./users-csv";

/** One page of Clerk's users for a filter, paced and retried as background reads are. */
export type ClerkUserPages = (
  filter: UserFilter,
  page: { limit: number; offset: number },
) => Promise<ClerkResult<{ users: UserDto[]; totalCount: number }>>;

/** A search matching more users than a search export reads from Clerk (SEARCH_EXPORT_MAX). */
export class SearchTooBroad extends Error {
  // Told by its code: Next.js may load this module once per bundle layer.
  readonly code = "METADECK_SEARCH_TOO_BROAD";

  constructor(readonly matching: number) {
    super(
      `This search matches ${matching.toLocaleString("en")} users, more than the ` +
        `${SEARCH_EXPORT_MAX.toLocaleString("en")} an export of a search reads from Clerk. ` +
        "Export them with a filter instead (for example email contains or a metadata path), " +
        "which reads the user index.",
    );
    this.name = "SearchTooBroad";
  }
}

export function isSearchTooBroad(error: unknown): error is SearchTooBroad {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { code?: unknown }).code === "METADECK_SEARCH_TOO_BROAD"
  );
}

/** Clerk's largest page. */
const SEARCH_BATCH = 500;

/** The users table's sorts, as Clerk's `order_by` takes them; anything else is newest first. */
const CLERK_ORDER =
  /^[+-](created_at|updated_at|email_address|first_name|last_name|phone_number|username|last_active_at|last_sign_in_at)$/;

function clerkOrderOf(orderBy: string): ClerkUserOrder {
  return CLERK_ORDER.test(orderBy) ? (orderBy as ClerkUserOrder) : "-created_at";
}

function exportedUserOf(user: UserDto): ExportedUser {
  return {
    id: user.id,
    primaryEmail: user.primaryEmail,
    name: [user.firstName, user.lastName].filter(Boolean).join(" "),
    metadata: {
      public_metadata: user.publicMetadata,
      private_metadata: user.privateMetadata,
      unsafe_metadata: user.unsafeMetadata,
    },
  };
}

/**
 * Every user of a search as Clerk answers it, a page at a time in the list's order: the users
 * list shows a search (without a filter) from Clerk, whose matching the index does not copy
 * exactly (Unicode case, wallets), so its export reads what the list reads. A search matching
 * more than SEARCH_EXPORT_MAX users is refused before its first row (SearchTooBroad); a failed
 * page ends the export as failed.
 */
export async function* searchBatches(
  pages: ClerkUserPages,
  query: string,
  orderBy: string,
): AsyncGenerator<ExportedUser[], void, undefined> {
  for (let offset = 0; ; offset += SEARCH_BATCH) {
    const page = await pages(
      { query, orderBy: clerkOrderOf(orderBy) },
      { limit: SEARCH_BATCH, offset },
    );
    if (!page.ok) throw new Error(`Clerk could not list the users: ${page.error.message}`);
    if (offset === 0 && page.value.totalCount > SEARCH_EXPORT_MAX)
      throw new SearchTooBroad(page.value.totalCount);
    if (page.value.users.length > 0) yield page.value.users.map(exportedUserOf);
    if (page.value.users.length < SEARCH_BATCH) return;
  }
}
