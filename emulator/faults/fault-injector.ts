import { seededRandom } from "../random";
import { NO_FAULTS, type FaultConfig } from "./fault-config";

export type FaultDecision =
  | { kind: "none" }
  | { kind: "error" }
  | { kind: "rate_limit"; retryAfterSeconds: number }
  | { kind: "drop" };

/** What happens to one webhook delivery: sent, or dropped; once or twice; at once or later. */
export type DeliveryFault = { drop: boolean; duplicate: boolean; delayMs: number };

/**
 * Rolls, per request, whether an injected fault answers it instead of the real handler, and per
 * webhook delivery what goes wrong with it (on separate dice, so one does not shift the other).
 */
export class FaultInjector {
  private config: FaultConfig = NO_FAULTS;
  private roll: () => number = seededRandom(NO_FAULTS.seed);
  private rollDelivery: () => number = seededRandom(NO_FAULTS.seed + 1);

  constructor(initial: FaultConfig = NO_FAULTS) {
    this.set(initial);
  }

  get current(): FaultConfig {
    return this.config;
  }

  set(config: FaultConfig): void {
    this.config = config;
    this.roll = seededRandom(config.seed);
    this.rollDelivery = seededRandom(config.seed + 1);
  }

  decideDelivery(): DeliveryFault {
    const { webhookDropRate, webhookDuplicateRate, webhookDelayRate, webhookDelayMs } = this.config;
    const none = { drop: false, duplicate: false, delayMs: 0 };
    if (webhookDropRate + webhookDuplicateRate + webhookDelayRate === 0) return none;
    if (this.rollDelivery() < webhookDropRate) return { ...none, drop: true };
    const duplicate = this.rollDelivery() < webhookDuplicateRate;
    const delayed = this.rollDelivery() < webhookDelayRate;
    return { drop: false, duplicate, delayMs: delayed ? this.rollDelivery() * webhookDelayMs : 0 };
  }

  decide(): FaultDecision {
    const { errorRate, rateLimitRate, dropRate, retryAfterSeconds } = this.config;
    if (errorRate + rateLimitRate + dropRate === 0) return { kind: "none" };
    const dice = this.roll();
    if (dice < errorRate) return { kind: "error" };
    if (dice < errorRate + rateLimitRate) return { kind: "rate_limit", retryAfterSeconds };
    if (dice < errorRate + rateLimitRate + dropRate) return { kind: "drop" };
    return { kind: "none" };
  }
}
