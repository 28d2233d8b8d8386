import { hostname } from "node:os";

let id: string | undefined;

/**
 * Names this server process among several instances (health checks, bulk job leases, logs):
 * `METADECK_INSTANCE_ID` when set, otherwise the host name and process id.
 */
export function instanceId(): string {
  id ??= process.env.METADECK_INSTANCE_ID?.trim() || `${hostname()}:${process.pid}`;
  return id;
}
