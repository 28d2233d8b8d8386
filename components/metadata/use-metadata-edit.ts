"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { UserDto } from "@/lib/clerk/user-dto";
import { BAG_NAMES, type BagName, type Bags } from "@/lib/metadata/bags";
import { clearDraft, readDraft, writeDraft } from "./drafts";
import type { JsonObject } from "@/lib/metadata/json";
import {
  formatDocument,
  nullPaths,
  parseMetadataDocument,
  type ParsedDocument,
} from "@/lib/metadata/parse-document";
import { bagPatches } from "@/lib/metadata/bag-patches";
import { bagSize, type BagSize } from "@/lib/metadata/sizes";
import { userBags } from "@/lib/users/user-bags";

export type Texts = Record<BagName, string>;

export function textsOf(bags: Bags): Texts {
  return {
    public_metadata: formatDocument(bags.public_metadata),
    private_metadata: formatDocument(bags.private_metadata),
    unsafe_metadata: formatDocument(bags.unsafe_metadata),
  };
}

export interface BagState {
  bag: BagName;
  text: string;
  /** Moves on when the text was replaced underneath the editor rather than typed into it. */
  revision: number;
  parsed: ParsedDocument;
  size: BagSize;
  nulls: string[];
  changed: boolean;
}

const DRAFT_DELAY_MS = 300;
const NO_REVISIONS: Record<BagName, number> = {
  public_metadata: 0,
  private_metadata: 0,
  unsafe_metadata: 0,
};

/**
 * The editing state of one user's three bags: the version the edit is based on, the texts,
 * and everything derived from them (validity, sizes, the merge patch). Typed text flows from
 * the editors into here, never back; a text replaced from here (a save, a rebase, a restored or
 * discarded draft) moves its bag's revision on, which is when an editor takes it. Texts are
 * mirrored into per-bag drafts, a moment after typing stops, so that a reload restores them.
 */
export function useMetadataEdit(user: UserDto) {
  const [base, setBase] = useState(user);
  const [texts, setTexts] = useState<Texts>(() => textsOf(userBags(user)));
  const [revisions, setRevisions] = useState(NO_REVISIONS);
  const textsNow = useRef(texts);
  useEffect(() => {
    textsNow.current = texts;
  }, [texts]);

  /** Replaces texts underneath the editors: the bags whose text differs take the new one. */
  const replaceTexts = useCallback((next: Partial<Texts>) => {
    const changed = BAG_NAMES.filter(
      (bag) => next[bag] !== undefined && next[bag] !== textsNow.current[bag],
    );
    setTexts((current) => ({ ...current, ...next }));
    if (changed.length > 0)
      setRevisions((current) => {
        const moved = { ...current };
        for (const bag of changed) moved[bag] += 1;
        return moved;
      });
  }, []);
  const [restored, setRestored] = useState<{
    bags: BagName[];
    savedAt: number;
    stale: boolean;
  } | null>(null);

  const opened = useMemo(() => userBags(base), [base]);
  const openedTexts = useMemo(() => textsOf(opened), [opened]);

  // Restore drafts once, in the browser, for this user.
  useEffect(() => {
    const found = BAG_NAMES.flatMap((bag) => {
      const draft = readDraft(user.id, bag);
      return draft && draft.text !== openedTexts[bag] ? [{ bag, draft }] : [];
    });
    if (found.length === 0) return;
    // Browser storage is only readable after hydration; restoring then is the point of drafts.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    replaceTexts(Object.fromEntries(found.map(({ bag, draft }) => [bag, draft.text])));
    setRestored({
      bags: found.map((f) => f.bag),
      savedAt: Math.max(...found.map((f) => f.draft.savedAt)),
      stale: found.some((f) => f.draft.baseUpdatedAt !== base.updatedAt),
    });
    // Only on first mount: later changes of base come from this hook's own actions.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user.id]);

  // Drafts follow typing a moment after it stops, and are written at once if the page goes.
  const pendingDrafts = useRef<(() => void) | null>(null);
  useEffect(() => {
    const write = () => {
      pendingDrafts.current = null;
      for (const bag of BAG_NAMES) {
        if (texts[bag] === openedTexts[bag]) clearDraft(user.id, bag);
        else
          writeDraft(user.id, bag, {
            text: texts[bag],
            baseUpdatedAt: base.updatedAt,
            savedAt: Date.now(),
          });
      }
    };
    pendingDrafts.current = write;
    const timer = window.setTimeout(write, DRAFT_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [texts, openedTexts, user.id, base.updatedAt]);
  useEffect(() => {
    const flush = () => pendingDrafts.current?.();
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      flush();
    };
  }, []);

  const bags: BagState[] = useMemo(
    () =>
      BAG_NAMES.map((bag) => {
        const parsed = parseMetadataDocument(texts[bag]);
        const value: JsonObject = parsed.ok ? parsed.value : opened[bag];
        return {
          bag,
          text: texts[bag],
          revision: revisions[bag],
          parsed,
          size: bagSize(bag, value),
          nulls: parsed.ok ? nullPaths(parsed.value) : [],
          changed: texts[bag] !== openedTexts[bag],
        };
      }),
    [texts, revisions, opened, openedTexts],
  );

  const valid = bags.every((b) => b.parsed.ok && !b.size.overLimit);
  const edited = useMemo(() => {
    const result: Partial<Bags> = {};
    for (const b of bags) if (b.parsed.ok) result[b.bag] = b.parsed.value;
    return result;
  }, [bags]);
  const patch = useMemo(() => (valid ? bagPatches(opened, edited) : {}), [valid, opened, edited]);

  const setText = useCallback(
    (bag: BagName, text: string) => setTexts((t) => ({ ...t, [bag]: text })),
    [],
  );

  /** Moves the edit onto another version of the user, with the given texts (default: that version's). */
  const rebaseOnto = useCallback(
    (next: UserDto, nextTexts?: Texts) => {
      setBase(next);
      replaceTexts(nextTexts ?? textsOf(userBags(next)));
    },
    [replaceTexts],
  );

  const discardDrafts = useCallback(() => {
    replaceTexts(openedTexts);
    setRestored(null);
  }, [openedTexts, replaceTexts]);

  return {
    base,
    opened,
    openedTexts,
    texts,
    bags,
    valid,
    edited,
    patch,
    setText,
    rebaseOnto,
    restored,
    discardDrafts,
    replaceTexts,
  };
}
