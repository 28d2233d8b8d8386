import type { BagName } from "@/lib/metadata/bags";
import { isJsonObject } from "@/lib/metadata/json";
import type { ChangeRequest } from "./change-request";

/** A change waiting for approval, as the user page marks it where it applies. */
export interface PendingRequest {
  id: number;
  author: string;
  createdAt: number;
  /** The roles whose approval it waits for ("admin", "admin or support"). */
  waitingFor: string;
  /** Each bag it changes. */
  bags: BagName[];
  /** The feature flags it sets, by bag (the keys under `features`). */
  flags: Partial<Record<BagName, string[]>>;
}

export function pendingRequestOf(request: ChangeRequest): PendingRequest {
  const bags = Object.keys(request.patch) as BagName[];
  return {
    id: request.id,
    author: request.author.name ?? request.author.email,
    createdAt: request.createdAt,
    waitingFor: [...new Set(request.rules.flatMap((rule) => rule.approvers))].join(" or "),
    bags,
    flags: Object.fromEntries(
      bags.map((bag) => {
        const features = request.patch[bag]?.features;
        return [bag, isJsonObject(features) ? Object.keys(features) : []];
      }),
    ),
  };
}
