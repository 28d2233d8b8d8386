import { INDEX_READS } from "@/lib/config/limits";

/** Gives an export's place back; calling it again does nothing. */
type ReleaseExport = () => void;

/**
 * Exports downloading now, per person, in this process: at most `limit` at once each
 * (INDEX_READS.openExportsPerPerson). A place is taken before the export opens and given back
 * when its stream ends, however it ends (done, failed, or the download cancelled).
 */
export class OpenExports {
  private open = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** A place for this person's export; null when they have `limit` downloading already. */
  take(person: string): ReleaseExport | null {
    const now = this.open.get(person) ?? 0;
    if (now >= this.limit) return null;
    this.open.set(person, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(person) ?? 1) - 1;
      if (left <= 0) this.open.delete(person);
      else this.open.set(person, left);
    };
  }
}

// Kept on globalThis so that development reloads keep counting the downloads still open.
const holder = globalThis as typeof globalThis & { __metadeckOpenExports?: OpenExports };

/** This process's count of open exports. */
export function openExports(): OpenExports {
  holder.__metadeckOpenExports ??= new OpenExports(INDEX_READS.openExportsPerPerson);
  return holder.__metadeckOpenExports;
}
