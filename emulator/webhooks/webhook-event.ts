import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";

type UserEventType = "user.created" | "user.updated" | "user.deleted";

/** A change a route made, for the webhook: the event type and its `data`. */
export interface UserChange {
  type: UserEventType;
  data: unknown;
}

/** Clerk's instance id, derived from the secret key so it is stable across restarts. */
export function instanceIdFor(secretKey: string): string {
  return `ins_${createHash("sha256").update(secretKey).digest("base64url").slice(0, 27)}`;
}

/** The event body Clerk sends (through Svix) for a user change. */
export function userEvent(
  change: UserChange,
  context: { instanceId: string; req: IncomingMessage; now: number },
) {
  const userAgent = context.req.headers["user-agent"];
  return {
    data: change.data,
    object: "event",
    type: change.type,
    timestamp: context.now,
    instance_id: context.instanceId,
    event_attributes: {
      http_request: {
        client_ip: context.req.socket.remoteAddress ?? "",
        user_agent: typeof userAgent === "string" ? userAgent : "",
      },
    },
  };
}
