import { z } from "zod";
import { normaliseEmail } from "./email-address";
import { ROLES } from "./roles";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
export const MAX_NAME_LENGTH = 100;

/** A password a staff account may have: what better-auth is configured to accept. */
const staffPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

/**
 * A new staff account as the /staff form asks for it. The browser checks it before sending; the
 * server checks every field again (lib/auth/staff-accounts.ts).
 */
export const newStaffFields = z.object({
  email: z.string().refine((email) => normaliseEmail(email) !== null, "must be an email address"),
  name: z.string().trim().max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`),
  role: z.enum(ROLES),
  password: staffPassword,
});
