import type { MetadataBags } from "../users/user-record";

/**
 * Writes "someone else" makes to a user's metadata just before the next metadata write of that
 * user lands: set up through the admin area, so a test can put an outside write exactly between
 * a dashboard's read and its PATCH without racing clocks.
 */
export class InterleavedWrites {
  private readonly pending = new Map<string, Partial<MetadataBags>[]>();

  add(userId: string, patch: Partial<MetadataBags>): void {
    this.pending.set(userId, [...(this.pending.get(userId) ?? []), patch]);
  }

  /** The patches waiting for this user, once: they are applied by the write that takes them. */
  take(userId: string): Partial<MetadataBags>[] {
    const patches = this.pending.get(userId) ?? [];
    this.pending.delete(userId);
    return patches;
  }

  clear(): void {
    this.pending.clear();
  }
}
