"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { UserHistory } from "@/components/audit/user-history";
import { FlagsPanel } from "@/components/flags/flags-panel";
import { MetadataEditor } from "@/components/metadata/metadata-editor";
import { FailurePanel } from "@/components/ui/failure-panel";
import type { UserDto } from "@/lib/clerk/user-dto";
import type { FlagDefinition } from "@/lib/flags/catalogue-schema";
import type { BagSchemas } from "@/lib/flags/json-schema";
import { AUDIT_PAGES_KEY } from "@/lib/query/audit-queries";
import { readFailureOf } from "@/lib/query/fetch-json";
import { USER_LISTS_KEY, userQuery } from "@/lib/query/user-queries";
import type { PendingRequest } from "@/lib/review/rules/pending-request";
import type { ReviewRule } from "@/lib/review/rules/review-policy-schema";
import { UserHeader } from "./user-header";

export function UserWorkspace({
  userId,
  canEdit,
  canChangeFlags,
  flags,
  schemas,
  reasonRequired,
  reviewRules,
  pending,
}: {
  userId: string;
  canEdit: boolean;
  canChangeFlags: boolean;
  flags: FlagDefinition[];
  schemas: BagSchemas;
  reasonRequired: boolean;
  reviewRules: ReviewRule[];
  /** The user's requests waiting for approval, as the page was read. */
  pending: PendingRequest[];
}) {
  const queryClient = useQueryClient();
  const user = useQuery({
    ...userQuery(userId),
    // The editor decides when it moves to a newer version; a background refetch must not.
    refetchOnWindowFocus: false,
  });

  if (user.isError) {
    return (
      <FailurePanel
        title="This user could not be loaded."
        failure={readFailureOf(user.error)}
        onRetry={() => void user.refetch()}
      />
    );
  }
  if (!user.data) return <p role="status">Loading user…</p>;

  const onUserChanged = (latest: UserDto) => {
    queryClient.setQueryData(userQuery(userId).queryKey, latest);
    // Lists show metadata keys and may sort by updated_at, and the log has a new entry.
    void queryClient.invalidateQueries({ queryKey: USER_LISTS_KEY });
    void queryClient.invalidateQueries({ queryKey: AUDIT_PAGES_KEY });
  };

  return (
    <div className="space-y-6">
      <UserHeader user={user.data} />
      <FlagsPanel
        user={user.data}
        flags={flags}
        canChange={canChangeFlags}
        reasonRequired={reasonRequired}
        reviewRules={reviewRules}
        onUserChanged={onUserChanged}
        pending={pending}
      />
      <MetadataEditor
        user={user.data}
        onUserChanged={onUserChanged}
        onAttemptRecorded={() => void queryClient.invalidateQueries({ queryKey: AUDIT_PAGES_KEY })}
        canEdit={canEdit}
        schemas={schemas}
        reasonRequired={reasonRequired}
        reviewRules={reviewRules}
        pending={pending}
      />
      <UserHistory userId={userId} />
    </div>
  );
}
