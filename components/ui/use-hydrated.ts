import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML and until React has taken over the page in the browser. A control
 * whose work is done by a handler stays disabled until then: a click that comes first would
 * otherwise do nothing, or submit its form natively (a password in the address).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
