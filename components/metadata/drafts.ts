import type { BagName } from "@/lib/metadata/bags";

/** Unsaved editor text kept in the browser, per user and bag, so a reload or crash loses nothing. */
export interface Draft {
  text: string;
  baseUpdatedAt: number;
  savedAt: number;
}

const key = (userId: string, bag: BagName) => `metadeck:draft:v1:${userId}:${bag}`;

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

export function readDraft(userId: string, bag: BagName): Draft | null {
  const raw = storage()?.getItem(key(userId, bag));
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw) as Partial<Draft>;
    if (typeof draft.text !== "string" || typeof draft.baseUpdatedAt !== "number") return null;
    return {
      text: draft.text,
      baseUpdatedAt: draft.baseUpdatedAt,
      savedAt: Number(draft.savedAt) || 0,
    };
  } catch {
    return null;
  }
}

export function writeDraft(userId: string, bag: BagName, draft: Draft): void {
  try {
    storage()?.setItem(key(userId, bag), JSON.stringify(draft));
  } catch {
    // A full or disabled storage only loses the safety net, never the editor's text.
  }
}

export function clearDraft(userId: string, bag: BagName): void {
  storage()?.removeItem(key(userId, bag));
}
