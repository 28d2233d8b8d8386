import { seededRandom } from "../random";
import { NO_FAULTS, type FaultConfig } from "./fault-config";

export type FaultDecision =
  | { kind: "none" }
  | { kind: "error" }
  | { kind: "rate_limit"; retryAfterSeconds: number }
  | { kind: "drop" };

/** Rolls, per request, whether an injected fault answers it instead of the real handler. */
export class FaultInjector {
  private config: FaultConfig = NO_FAULTS;
  private roll: () => number = seededRandom(NO_FAULTS.seed);

  constructor(initial: FaultConfig = NO_FAULTS) {
    this.set(initial);
  }

  get current(): FaultConfig {
    return this.config;
  }

  set(config: FaultConfig): void {
    this.config = config;
    this.roll = seededRandom(config.seed);
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
