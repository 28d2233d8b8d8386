import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { reviewPolicy } from "@/lib/review/rules/review-policy";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FailurePanel } from "@/components/ui/failure-panel";
import { requirePageAccess } from "@/lib/auth/guards";
import { can } from "@/lib/auth/roles";
import { UserWorkspace } from "@/components/users/user-workspace";
import { getUser } from "@/lib/clerk/users";
import { flagCatalogue } from "@/lib/flags/catalogue";
import { bagSchema, type BagSchemas } from "@/lib/flags/json-schema";
import { BAG_NAMES } from "@/lib/metadata/bags";
import { getQueryClient } from "@/lib/query/query-client";
import { historyOf } from "@/lib/audit/audit-query";
import { readAuditPage } from "@/lib/audit/audit-reads";
import { userHistoryQuery } from "@/lib/query/audit-queries";
import { userQuery } from "@/lib/query/user-queries";
import { readPendingRequests } from "@/lib/review/requests/request-reads";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const access = await requirePageAccess("users:read", `/users/${userId}`);
  const result = await getUser(userId);
  if (!result.ok)
    return <FailurePanel title="This user could not be loaded." failure={result.error} />;
  if (!result.value) notFound();
  const catalogue = flagCatalogue();
  const schemas = Object.fromEntries(
    BAG_NAMES.map((bag) => [bag, bagSchema(catalogue, bag)]),
  ) as BagSchemas;
  const queryClient = getQueryClient();
  queryClient.setQueryData(userQuery(userId).queryKey, result.value);
  // The history comes with the page (a console-database read, no Clerk call), not a round trip later.
  if (can(access.role, "audit:read")) {
    // A user's history is their metadata writes and the change requests about them.
    const history = await readAuditPage(historyOf(userId), { staffEvents: false });
    queryClient.setQueryData(userHistoryQuery(userId).queryKey, history);
  }
  // Changes waiting for approval are marked where they would land (a console-database read).
  const pending = await readPendingRequests(userId);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <UserWorkspace
        pending={pending}
        userId={userId}
        canEdit={can(access.role, "metadata:write")}
        canChangeFlags={can(access.role, "flags:write")}
        flags={catalogue.flags}
        schemas={schemas}
        reasonRequired={reviewPolicy().reasonRequired}
        reviewRules={reviewPolicy().rules}
      />
    </HydrationBoundary>
  );
}
