"use client";

import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { TurnQueue } from "@/lib/scheduling/turn-queue";

/**
 * Creating a Monaco editor takes the main thread for about a tenth of a second. A page with three
 * editors creates them one after another, letting the browser paint in between, so the first
 * (the one people look at first) is on screen and editable without waiting for the other two.
 */
const editors = new TurnQueue((next) => requestAnimationFrame(() => setTimeout(next, 0)));
const subscribe = (listener: () => void) => editors.subscribe(listener);

/**
 * Whether this editor may be created now, and `created` to call once it is (which lets the next
 * one go). An editor that unmounts before or during its turn gives the turn up.
 */
export function useEditorMountTurn(): { mayMount: boolean; created: () => void } {
  const [member] = useState(() => Symbol("editor"));
  useEffect(() => {
    editors.join(member);
    return () => editors.leave(member);
  }, [member]);
  const mayMount = useSyncExternalStore(
    subscribe,
    () => editors.hasTurn(member),
    () => false,
  );
  const created = useCallback(() => editors.done(member), [member]);
  return { mayMount, created };
}
