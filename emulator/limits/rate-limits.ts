import { SlidingWindowLimiter } from "./sliding-window";

export type RateLimitMode = "off" | "dev" | "prod";

const WINDOW_MS = 10_000;
const INSTANCE_KEY = "instance";
const INSTANCE_LIMITS: Record<Exclude<RateLimitMode, "off">, number> = { dev: 100, prod: 1000 };
/** Clerk's per-user cap on writes to the user and metadata endpoints. */
const USER_WRITES_PER_WINDOW = 10;

export type LimitVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

/** Clerk's Backend API limits: per instance, and per user on metadata writes. */
export class RateLimits {
  private instance: SlidingWindowLimiter | null = null;
  private readonly userWrites = new SlidingWindowLimiter(USER_WRITES_PER_WINDOW, WINDOW_MS);
  private modeValue: RateLimitMode = "off";

  constructor(mode: RateLimitMode) {
    this.setMode(mode);
  }

  get mode(): RateLimitMode {
    return this.modeValue;
  }

  setMode(mode: RateLimitMode): void {
    this.modeValue = mode;
    this.instance =
      mode === "off" ? null : new SlidingWindowLimiter(INSTANCE_LIMITS[mode], WINDOW_MS);
    this.userWrites.reset();
  }

  /** Checks one request; `writtenUserId` names the user whose metadata the request writes. */
  check(now: number, writtenUserId: string | null): LimitVerdict {
    const instance = this.instance;
    if (!instance) return { limited: false };
    const userWait = writtenUserId === null ? 0 : this.userWrites.waitFor(writtenUserId, now);
    const wait = Math.max(userWait, instance.waitFor(INSTANCE_KEY, now));
    if (wait > 0) return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
    instance.record(INSTANCE_KEY, now);
    if (writtenUserId !== null) this.userWrites.record(writtenUserId, now);
    return { limited: false };
  }
}
