/** Who made an audited change: a staff member, or the staff command (scripts/staff.ts). */
export interface AuditActor {
  id: string;
  email: string;
  /** The staff member's display name at the time, where known. */
  name?: string | null;
}

/** A change made by one of Metadeck's commands, not by a signed-in person: who ran it, if known. */
export function commandActor(command: string, osUser?: string): AuditActor {
  return {
    id: `command:${command}`,
    email: osUser ? `${command} (as ${osUser})` : command,
  };
}
