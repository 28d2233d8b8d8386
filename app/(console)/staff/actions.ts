"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizedAction } from "@/lib/actions/authorized-action";
import { staffAuth } from "@/lib/auth/staff-auth";
import {
  addStaff,
  disableStaff,
  resetStaffPassword,
  setStaffRole,
} from "@/lib/auth/staff-accounts";
import { fail, ok } from "@/lib/result/result";

const command = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("add"),
    email: z.string(),
    role: z.string(),
    password: z.string(),
    name: z.string().optional(),
  }),
  z.object({ kind: z.literal("set-role"), email: z.string(), role: z.string() }),
  z.object({ kind: z.literal("disable"), email: z.string() }),
  z.object({ kind: z.literal("reset-password"), email: z.string(), password: z.string() }),
]);

const VERB = {
  add: "Added",
  "set-role": "Changed the role of",
  disable: "Disabled",
  "reset-password": "Reset the password of",
} as const;

/** Staff management from the browser, admins only; answers what was done, for the page to say. */
export const manageStaff = authorizedAction(
  { permission: "staff:manage", input: command, malformed: "The request is malformed." },
  async (c, { staff }) => {
    if (c.kind === "disable" && c.email.toLowerCase() === staff.email)
      return fail({ kind: "invalid" as const, message: "You cannot disable your own account." });
    const auth = await staffAuth();
    const result =
      c.kind === "add"
        ? await addStaff(auth, {
            email: c.email,
            role: c.role,
            password: c.password,
            name: c.name || undefined,
          })
        : c.kind === "set-role"
          ? await setStaffRole(auth, c.email, c.role)
          : c.kind === "disable"
            ? await disableStaff(auth, c.email)
            : await resetStaffPassword(auth, c.email, c.password);
    if (!result.ok) return result;
    revalidatePath("/staff");
    return ok(`${VERB[c.kind]} ${c.email.toLowerCase()}.`);
  },
);
