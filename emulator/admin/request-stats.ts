/**
 * Backend API requests received, per "METHOD /route/{template}", metadata writes actually
 * applied, per user, and requests the rate limits refused, since start or the last reset.
 */
export class RequestStats {
  private counts = new Map<string, number>();
  private writes = new Map<string, number>();
  private limited = 0;
  private since = new Date();

  record(routeKey: string): void {
    this.counts.set(routeKey, (this.counts.get(routeKey) ?? 0) + 1);
  }

  /** A metadata write that reached the store (not one refused by a fault or a limit). */
  recordWrite(userId: string): void {
    this.writes.set(userId, (this.writes.get(userId) ?? 0) + 1);
  }

  /** A request answered 429 by the instance or per-user limit (not by an injected fault). */
  recordRateLimited(): void {
    this.limited += 1;
  }

  reset(): void {
    this.counts = new Map();
    this.writes = new Map();
    this.limited = 0;
    this.since = new Date();
  }

  snapshot(): {
    since: string;
    total: number;
    rateLimited: number;
    requests: Record<string, number>;
    metadataWritesByUser: Record<string, number>;
  } {
    const requests = Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
    const total = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
    return {
      since: this.since.toISOString(),
      total,
      rateLimited: this.limited,
      requests,
      metadataWritesByUser: Object.fromEntries(this.writes),
    };
  }
}
