"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActionAccess } from "@/lib/auth/guards";
import { staffAuth } from "@/lib/auth/staff-auth";
import {
  addStaff,
  disableStaff,
  resetStaffPassword,
  setStaffRole,
} from "@/lib/auth/staff-accounts";

export type StaffActionResult = { ok: true; message: string } | { ok: false; message: string };

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

/** Staff management from the browser: admins only, re-checked here since actions are public endpoints. */
export async function manageStaff(input: unknown): Promise<StaffActionResult> {
  const access = await requireActionAccess("staff:manage");
  if (access.message !== undefined) return { ok: false, message: access.message };
  const parsed = command.safeParse(input);
  if (!parsed.success) return { ok: false, message: "The request is malformed." };
  const auth = await staffAuth();
  const c = parsed.data;
  if (c.kind === "disable" && c.email.toLowerCase() === access.staff.email) {
    return { ok: false, message: "You cannot disable your own account." };
  }
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
  if (!result.ok) return { ok: false, message: result.message };
  revalidatePath("/staff");
  const verb = {
    add: "Added",
    "set-role": "Changed the role of",
    disable: "Disabled",
    "reset-password": "Reset the password of",
  }[c.kind];
  return { ok: true, message: `${verb} ${c.email.toLowerCase()}.` };
}
