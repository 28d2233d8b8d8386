/**
 * One at a time, in the order asked: each member waits for its turn, keeps what it was granted
 * once it is done, and hands the turn on through `schedule` (so the caller decides when the
 * next may start, e.g. after the browser paints). A member that leaves gives up its place.
 */
export class TurnQueue {
  private active: symbol | null = null;
  private readonly waiting: symbol[] = [];
  private readonly granted = new Set<symbol>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly schedule: (next: () => void) => void) {}

  join(member: symbol): void {
    if (this.granted.has(member) || this.waiting.includes(member)) return;
    this.waiting.push(member);
    this.grantNext();
  }

  hasTurn(member: symbol): boolean {
    return this.granted.has(member);
  }

  /** The member is done with its turn; the next one goes when `schedule` says. */
  done(member: symbol): void {
    if (this.active !== member) return;
    this.active = null;
    this.schedule(() => this.grantNext());
  }

  leave(member: symbol): void {
    const place = this.waiting.indexOf(member);
    if (place >= 0) this.waiting.splice(place, 1);
    this.granted.delete(member);
    this.done(member);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private grantNext(): void {
    if (this.active) return;
    const next = this.waiting.shift();
    if (!next) return;
    this.active = next;
    this.granted.add(next);
    this.listeners.forEach((listener) => listener());
  }
}
