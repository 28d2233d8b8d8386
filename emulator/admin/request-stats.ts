/** Backend API requests received, per "METHOD /route/{template}", since start or the last reset. */
export class RequestStats {
  private counts = new Map<string, number>();
  private since = new Date();

  record(routeKey: string): void {
    this.counts.set(routeKey, (this.counts.get(routeKey) ?? 0) + 1);
  }

  reset(): void {
    this.counts = new Map();
    this.since = new Date();
  }

  snapshot(): { since: string; total: number; requests: Record<string, number> } {
    const requests = Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
    const total = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
    return { since: this.since.toISOString(), total, requests };
  }
}
