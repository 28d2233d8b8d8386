"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizedAction } from "@/lib/actions/authorized-action";
import type { StaffEvent } from "@/lib/audit/staff-event";
import { staffAuth } from "@/lib/auth/staff-auth";
import {
  addStaff,
  disableStaff,
  enableStaff,
  resetStaffPassword,
  setStaffRole,
  unlinkStaffSso,
  type StaffDesk,
} from "@/lib/auth/staff-accounts";
import { consoleDb } from "@/lib/db/console-db";
import { ok } from "@/lib/result/result";

const KINDS = ["add", "set-role", "disable", "enable", "reset-password", "unlink-sso"] as const;

// Generous bounds, so the messages about real limits (names ≤ 100, passwords ≤ 128) come from
// the staff accounts' own checks, while nothing unbounded reaches them or the audit log.
const email = z.string().max(320);
const role = z.string().max(32);
const password = z.string().max(1024);

const command = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("add"),
    email,
    role,
    password,
    name: z.string().max(1000).optional(),
  }),
  z.object({ kind: z.literal("set-role"), email, role }),
  z.object({ kind: z.literal("disable"), email }),
  z.object({ kind: z.literal("enable"), email }),
  z.object({ kind: z.literal("reset-password"), email, password }),
  z.object({ kind: z.literal("unlink-sso"), email, subject: z.string().min(1).max(255) }),
]);
type Command = z.infer<typeof command>;

const EVENT: Record<(typeof KINDS)[number], StaffEvent> = {
  add: "staff_added",
  "set-role": "staff_role_changed",
  disable: "staff_disabled",
  enable: "staff_enabled",
  "reset-password": "staff_password_reset",
  "unlink-sso": "sso_unlinked",
};

const VERB: Record<Command["kind"], string> = {
  add: "Added",
  "set-role": "Changed the role of",
  disable: "Disabled",
  enable: "Enabled",
  "reset-password": "Reset the password of",
  "unlink-sso": "Unlinked the single sign-on of",
};

/** What a refused call aimed at, as far as it can be read; nothing recognisable is not audited. */
const aimedAt = z.object({ kind: z.enum(KINDS), email });

function run(desk: StaffDesk, c: Command) {
  switch (c.kind) {
    case "add":
      return addStaff(desk, {
        email: c.email,
        role: c.role,
        password: c.password,
        name: c.name || undefined,
      });
    case "set-role":
      return setStaffRole(desk, c.email, c.role);
    case "disable":
      return disableStaff(desk, c.email);
    case "enable":
      return enableStaff(desk, c.email);
    case "reset-password":
      return resetStaffPassword(desk, c.email, c.password);
    case "unlink-sso":
      return unlinkStaffSso(desk, c.email, c.subject);
  }
}

/**
 * Staff management from the browser, admins only; every attempt, refused ones included, is one
 * audit entry. Answers what was done, for the page to say.
 */
export const manageStaff = authorizedAction(
  {
    permission: "staff:manage",
    input: command,
    malformed: "The request is malformed.",
    refusalTarget: (raw) => {
      const target = aimedAt.safeParse(raw);
      if (!target.success) return null;
      return { staffEvent: EVENT[target.data.kind], targetEmail: target.data.email };
    },
  },
  async (c, { actor }) => {
    const desk = { auth: await staffAuth(), db: (await consoleDb()).db, actor };
    const result = await run(desk, c);
    if (!result.ok) return result;
    revalidatePath("/staff");
    return ok(`${VERB[c.kind]} ${c.email.toLowerCase()}.`);
  },
);
