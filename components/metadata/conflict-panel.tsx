"use client";

import type { UserDto } from "@/lib/clerk/user-dto";
import { BAG_LABELS, BAG_NAMES, type Bags } from "@/lib/metadata/bags";
import { jsonEqual } from "@/lib/metadata/merge-patch";
import type { RebaseResult } from "@/lib/metadata/rebase";
import { formatTimestamp } from "@/lib/format/time";
import { userBags } from "@/lib/users/user-bags";
import { ClashingPaths, ThreeWayBag } from "./three-way-bag";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";

/** Someone changed the user meanwhile: opened / current / yours, side by side, and the ways on. */
export function ConflictPanel({
  opened,
  current,
  yours,
  rebase,
  onRebase,
  onEditOnCurrent,
  onDiscard,
}: {
  opened: Bags;
  current: UserDto;
  yours: Partial<Bags>;
  rebase: RebaseResult;
  onRebase: () => void;
  onEditOnCurrent: () => void;
  onDiscard: () => void;
}) {
  const now = userBags(current);
  const shown = BAG_NAMES.filter(
    (bag) =>
      !jsonEqual(opened[bag], now[bag]) ||
      (yours[bag] !== undefined && !jsonEqual(opened[bag], yours[bag]!)),
  );
  return (
    <Panel tone="attention" title="This user changed since you opened it" role="alert">
      <p className="text-sm">
        Someone saved a change at {formatTimestamp(current.updatedAt)}. Nothing of yours was saved
        and your text is kept.
      </p>
      {shown.map((bag) => (
        <ThreeWayBag
          key={bag}
          heading={BAG_LABELS[bag]}
          columns={[
            { title: "When you opened it", document: opened[bag] },
            { title: "Current", document: now[bag] },
            { title: "Yours", document: yours[bag] ?? opened[bag] },
          ]}
        />
      ))}
      {rebase.ok ? (
        <p className="text-sm">
          Your edit touches none of the keys changed meanwhile, so it can be re-applied to the
          current version.
        </p>
      ) : (
        <div className="text-sm">
          <p>Your edit and the change made meanwhile both touch:</p>
          <ClashingPaths conflicts={rebase.conflicts} />
          <p className="mt-1">
            Resolve it by hand: continue on the current version with your text, then review what you
            will overwrite.
          </p>
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        {rebase.ok ? (
          <Button tone="primary" onClick={onRebase}>
            Rebase and review
          </Button>
        ) : (
          <Button tone="primary" onClick={onEditOnCurrent}>
            Edit on the current version
          </Button>
        )}
        <Button onClick={onDiscard}>Discard my changes</Button>
      </div>
    </Panel>
  );
}
