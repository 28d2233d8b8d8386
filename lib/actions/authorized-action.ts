import "server-only";
import type { z } from "zod";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordRefusal, type RefusalTarget } from "@/lib/audit/record-refusal";
import type { Staff } from "@/lib/auth/current-staff";
import { checkAccess, ENROL_FIRST } from "@/lib/auth/access";
import { requestAddress } from "@/lib/auth/request-address";
import type { Permission } from "@/lib/auth/roles";
import { fail, type Failure, type Result } from "@/lib/result/result";
import type { ActionResult, RefusedFailure } from "./action-result";
import { noteUnauditedCall } from "./unaudited-calls";

export interface ActionContext {
  staff: Staff;
  actor: AuditActor;
}

interface ActionOptions<Schema extends z.ZodType> {
  permission: Permission;
  input: Schema;
  /** What to answer for input that does not parse; by default, what zod says of it. */
  malformed?: string;
  /**
   * For actions whose every attempt the audit log keeps: what a refused call was aimed at,
   * read from what could be parsed of it. Without it a refusal is only answered; where it
   * answers null (nothing recognisable was aimed at), the refusal is logged, not audited.
   */
  refusalTarget?: (
    raw: unknown,
    input: z.output<Schema> | undefined,
  ) => RefusalTarget | null | Promise<RefusalTarget | null>;
}

function zodMessage(issues: readonly z.core.$ZodIssue[]): string {
  const issue = issues[0];
  if (!issue) return "The request is malformed.";
  // A check of our own (e.g. "not a catalogued flag") reads as a sentence already.
  if (issue.code === "custom" && issue.path.length === 0) return issue.message;
  return `${issue.path.join(".") || "input"} ${issue.message}`;
}

/**
 * The one door of every server action (a public POST endpoint): the input parsed with zod, the
 * session and permission checked on the server, the request limits applied, a signed-in person's refusal recorded once where
 * the action is audited, and every answer a value, never a throw.
 */
export function authorizedAction<Schema extends z.ZodType, T, E extends Failure>(
  options: ActionOptions<Schema>,
  handler: (input: z.output<Schema>, context: ActionContext) => Promise<Result<T, E>>,
): (raw: unknown) => Promise<ActionResult<T, E>> {
  return async (raw) => {
    const access = await checkAccess(options.permission, "write");
    const source = `an action (${options.permission})`;
    const { denied } = access;
    // A call without a live session is anyone's: counted in the server log, never audited,
    // so it cannot grow the log or plant entries in real users' histories.
    if (denied?.reason === "signed_out") {
      noteUnauditedCall(await requestAddress(), source);
      return fail({
        kind: "forbidden",
        message: "Your session has ended. Sign in again; nothing was saved.",
      });
    }
    // Calls past the limit are logged, not audited, so the log stays bounded.
    if (denied?.reason === "rate_limited") {
      noteUnauditedCall(`${denied.staff.email} from ${await requestAddress()}`, source);
      return fail({
        kind: "rate_limited",
        message: `Too many requests: wait ${denied.wait} s and try again. Nothing was saved.`,
        retryAfterSeconds: denied.wait,
      });
    }
    const parsed = options.input.safeParse(raw);
    const staff = denied ? denied.staff : access.staff;
    // A signed-in person's refusal is audited, once per attempt, where the action is audited.
    const refuse = async (failure: RefusedFailure) => {
      const target = await options.refusalTarget?.(raw, parsed.success ? parsed.data : undefined);
      if (target)
        await recordRefusal({
          ...target,
          actor: { id: staff.id, email: staff.email, name: staff.name },
          message: failure.message,
        });
      else if (target === null)
        noteUnauditedCall(`${staff.email} from ${await requestAddress()}`, source);
      return fail(failure);
    };
    if (denied?.reason === "must_enrol")
      return refuse({ kind: "forbidden", message: `${ENROL_FIRST} Nothing was saved.` });
    if (denied?.reason === "forbidden")
      return refuse({
        kind: "forbidden",
        message: `Your role (${staff.role}) may not do this; nothing was saved.`,
      });
    if (!parsed.success)
      return refuse({
        kind: "invalid",
        message: options.malformed ?? zodMessage(parsed.error.issues),
      });
    const actor = { id: staff.id, email: staff.email, name: staff.name };
    return handler(parsed.data, { staff, actor });
  };
}
