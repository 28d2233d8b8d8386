/** A session as better-auth keeps it: `updatedAt` is when it was last seen in use. */
export interface SessionTimes {
  createdAt: Date | string;
  updatedAt: Date | string;
}

export interface Lifetimes {
  maxAgeSeconds: number;
  idleTimeoutSeconds: number;
}

const ms = (value: Date | string) => new Date(value).getTime();

/**
 * Whether a session is still alive at `now`: younger than the maximum age and used within the
 * idle timeout. A live session is marked as used (`touch`) at most once per tenth of the idle
 * timeout, so an active person costs one write every few minutes and idling ends a session to
 * within a tenth of the timeout.
 */
export async function keepSessionAlive(
  session: SessionTimes,
  lifetimes: Lifetimes,
  now: number,
  touch: () => Promise<unknown>,
): Promise<boolean> {
  if (now - ms(session.createdAt) > lifetimes.maxAgeSeconds * 1000) return false;
  const idle = now - ms(session.updatedAt);
  if (idle > lifetimes.idleTimeoutSeconds * 1000) return false;
  if (idle > (lifetimes.idleTimeoutSeconds * 1000) / 10) await touch();
  return true;
}

/** The part of better-auth's adapter that marks and ends sessions. */
export interface SessionStore {
  updateSession(token: string, data: { updatedAt: Date }): Promise<unknown>;
  deleteSession(token: string): Promise<unknown>;
}

/**
 * Applies the lifetimes to a session someone came with: a live one is marked as used, an
 * ended one is deleted, so its cookie opens nothing from then on. Whether it is alive.
 */
export async function enforceSessionLifetimes(
  store: SessionStore,
  session: SessionTimes & { token: string },
  lifetimes: Lifetimes,
  now = Date.now(),
): Promise<boolean> {
  const alive = await keepSessionAlive(session, lifetimes, now, () =>
    store.updateSession(session.token, { updatedAt: new Date(now) }),
  );
  if (!alive) await store.deleteSession(session.token);
  return alive;
}
