import type { JsonObject } from "./json";

/** The three metadata bags of a Clerk user, named as the Backend API names them. */
export const BAG_NAMES = ["public_metadata", "private_metadata", "unsafe_metadata"] as const;
export type BagName = (typeof BAG_NAMES)[number];
export type Bags = Record<BagName, JsonObject>;
export type BagPatch = Partial<Record<BagName, JsonObject>>;

export const BAG_LABELS: Record<BagName, string> = {
  public_metadata: "Public metadata",
  private_metadata: "Private metadata",
  unsafe_metadata: "Unsafe metadata",
};
