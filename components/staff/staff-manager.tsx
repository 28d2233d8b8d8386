"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FIELD_CLASS } from "@/components/ui/field-class";
import {
  MAX_NAME_LENGTH,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  newStaffFields,
} from "@/lib/auth/staff-fields";
import { manageStaff } from "@/app/(console)/staff/actions";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { isRole, roleChange, ROLES, type Role } from "@/lib/auth/roles";
import type { TwoFactorRequirement } from "@/lib/auth/sign-in-settings";
import { roleNeedsTwoFactor, twoFactorStatus } from "@/lib/auth/two-factor/two-factor-requirement";
import { formatTimestamp } from "@/lib/format/time";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useAction } from "@/components/ui/use-action";
import type { StaffAccount } from "@/lib/auth/staff-accounts";
import type { LinkedSignIns } from "@/lib/auth/sso/sso-sign-in";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";

/** "editing metadata (protected paths still need approval) and reverting audit entries": a list of what a role change moves. */
function inWords(list: string[]): string {
  return list.length <= 1 ? (list[0] ?? "") : `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
}

/** What a role change gives and takes away, from the permission table. */
function RoleChangeEffects({
  from,
  to,
  needsTwoFactor,
}: {
  from: Role;
  to: Role;
  /** The new role requires two-factor sign-in, which this password account has not set up. */
  needsTwoFactor: boolean;
}) {
  const { gains, losses } = roleChange(from, to);
  return (
    <>
      <p>
        From {from} to {to}.
      </p>
      {gains.length > 0 && <p>They gain {inWords(gains)}.</p>}
      {losses.length > 0 && <p>They lose {inWords(losses)}.</p>}
      <p>It takes effect at their next request.</p>
      {needsTwoFactor && (
        <p>
          As {to === "admin" ? "an" : "a"} {to} they need two-factor sign-in, which they have not
          set up: they will be sent to Security to set it up, and can do nothing else until it is
          on.
        </p>
      )}
    </>
  );
}

type Change =
  | { kind: "set-role"; member: StaffAccount; role: Role }
  | { kind: "disable"; member: StaffAccount }
  | { kind: "unlink-sso"; member: StaffAccount; subject: string };

export function StaffManager({
  staff,
  signIns,
  lastSignIns,
  require2fa,
  providerName,
  self,
}: {
  staff: StaffAccount[];
  /** When each account last signed in, by id; absent for never. */
  lastSignIns: Record<string, number>;
  require2fa: TwoFactorRequirement;
  /** Each account's ways in; one with a provider subject has its role from the provider. */
  signIns: Record<string, LinkedSignIns>;
  /** The identity provider's name, as the sign-in button shows it. */
  providerName: string;
  self: string;
}) {
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  // Until the page is interactive, and while a change is on its way, nothing can be pressed.
  const { disabled: pending, run: act } = useAction("Nothing was changed.");
  const [confirming, setConfirming] = useState<Change | null>(null);
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<z.input<typeof newStaffFields>>({
    resolver: zodResolver(newStaffFields),
    defaultValues: { email: "", name: "", role: "viewer", password: "" },
  });
  const run = (input: Record<string, string>, after?: () => void) => {
    setConfirming(null);
    act(
      () => manageStaff(input),
      (answer) => {
        setResult({ ok: answer.ok, message: answer.ok ? answer.value : answer.error.message });
        if (answer.ok) after?.();
      },
    );
  };

  const addStaff = handleSubmit((fields) => run({ kind: "add", ...fields }, () => reset()));

  return (
    <section className="space-y-6">
      <PageHeader title="Staff" />
      {result && <Notice tone={result.ok ? "success" : "error"}>{result.message}</Notice>}
      <form
        aria-labelledby="add-staff-heading"
        className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white p-3 text-sm"
        onSubmit={(event) => void addStaff(event)}
      >
        <h2 id="add-staff-heading" className="w-full font-semibold">
          Add a staff account
        </h2>
        <StaffField label="New staff email" error={errors.email?.message}>
          <input {...register("email")} type="email" required className={FIELD_CLASS} />
        </StaffField>
        <StaffField label="Name" error={errors.name?.message}>
          <input {...register("name")} maxLength={MAX_NAME_LENGTH} className={FIELD_CLASS} />
        </StaffField>
        <div className="flex flex-col gap-1">
          <label htmlFor="new-staff-role">Role</label>
          <select id="new-staff-role" {...register("role")} className={FIELD_CLASS}>
            {ROLES.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </div>
        <StaffField
          label={`Initial password (${MIN_PASSWORD_LENGTH}+ characters)`}
          error={errors.password?.message}
        >
          <input
            {...register("password")}
            type="password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            maxLength={MAX_PASSWORD_LENGTH}
            autoComplete="new-password"
            className={FIELD_CLASS}
          />
        </StaffField>
        <Button tone="primary" type="submit" disabled={pending}>
          Add staff
        </Button>
      </form>
      <DataTable
        caption="Staff accounts"
        columns={[
          "Email",
          "Name",
          "Role",
          "Sign-ins",
          "Two-factor",
          "Last sign-in",
          "Status",
          "Actions",
        ]}
        stack
      >
        {staff.map((member) => (
          <tr key={member.id}>
            <td>{member.email}</td>
            <td>{member.name}</td>
            <td>
              {(signIns[member.id]?.subjects.length ?? 0) > 0 ? (
                <span className="flex flex-wrap items-center gap-2">
                  {member.role}
                  <Badge tone="slate">Single sign-on</Badge>
                  <span className="sr-only">: the role comes from the identity provider</span>
                </span>
              ) : (
                <select
                  aria-label={`Role of ${member.email}`}
                  value={
                    confirming?.kind === "set-role" && confirming.member.id === member.id
                      ? confirming.role
                      : member.role
                  }
                  disabled={pending || member.email === self}
                  onChange={(event) => {
                    const role = event.target.value;
                    if (isRole(role) && role !== member.role)
                      setConfirming({ kind: "set-role", member, role });
                  }}
                  className={FIELD_CLASS}
                >
                  {ROLES.map((role) => (
                    <option key={role}>{role}</option>
                  ))}
                </select>
              )}
            </td>
            <td>
              <ul className="space-y-1">
                {signIns[member.id]?.password && <li>Password</li>}
                {signIns[member.id]?.subjects.map((subject) => (
                  <li key={subject} className="flex flex-wrap items-center gap-2">
                    <span>
                      {providerName} as <code className="break-all">{subject}</code>
                    </span>
                    <Button
                      size="xs"
                      disabled={pending}
                      aria-label={`Unlink ${subject} from ${member.email}`}
                      onClick={() => setConfirming({ kind: "unlink-sso", member, subject })}
                    >
                      Unlink
                    </Button>
                  </li>
                ))}
              </ul>
            </td>
            <td data-label="Two-factor">
              {twoFactorStatus(require2fa, {
                role: member.role,
                twoFactorEnabled: member.twoFactorEnabled,
                hasPassword: signIns[member.id]?.password ?? false,
              })}
            </td>
            <td data-label="Last sign-in" className="whitespace-nowrap">
              {formatTimestamp(lastSignIns[member.id] ?? null)}
            </td>
            <td>
              {member.disabled ? (
                <Badge tone="red">Disabled</Badge>
              ) : (
                <Badge tone="green">Active</Badge>
              )}
            </td>
            <td className="flex flex-wrap items-center gap-2">
              {/* An account that signs in through the identity provider only has no password to reset. */}
              {signIns[member.id]?.password && (
                <form
                  className="flex items-center gap-1"
                  onSubmit={(event) => {
                    event.preventDefault();
                    const data = new FormData(event.currentTarget);
                    run({
                      kind: "reset-password",
                      email: member.email,
                      password: String(data.get("password") ?? ""),
                    });
                    event.currentTarget.reset();
                  }}
                >
                  <input
                    name="password"
                    type="password"
                    required
                    minLength={12}
                    maxLength={128}
                    autoComplete="new-password"
                    aria-label={`New password for ${member.email}`}
                    placeholder="New password"
                    className={FIELD_CLASS}
                  />
                  <Button size="xs" type="submit" disabled={pending}>
                    Reset password
                  </Button>
                </form>
              )}
              {member.disabled && (
                <Button
                  size="xs"
                  disabled={pending}
                  onClick={() => run({ kind: "enable", email: member.email })}
                >
                  Enable {member.email}
                </Button>
              )}
              {!member.disabled && member.email !== self && (
                <Button
                  tone="danger-outline"
                  size="xs"
                  disabled={pending}
                  onClick={() => setConfirming({ kind: "disable", member })}
                >
                  Disable {member.email}
                </Button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <ConfirmDialog
        open={confirming?.kind === "set-role"}
        title={
          confirming?.kind === "set-role"
            ? `Make ${confirming.member.email} ${confirming.role === "admin" ? "an" : "a"} ${confirming.role}?`
            : ""
        }
        confirmLabel="Change role"
        tone="primary"
        busy={pending}
        onCancel={() => setConfirming(null)}
        onConfirm={() =>
          confirming?.kind === "set-role" &&
          run({ kind: "set-role", email: confirming.member.email, role: confirming.role })
        }
      >
        {confirming?.kind === "set-role" && (
          <RoleChangeEffects
            from={confirming.member.role}
            to={confirming.role}
            needsTwoFactor={
              roleNeedsTwoFactor(require2fa, confirming.role) &&
              !confirming.member.twoFactorEnabled &&
              (signIns[confirming.member.id]?.password ?? false)
            }
          />
        )}
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming?.kind === "unlink-sso"}
        title={
          confirming?.kind === "unlink-sso"
            ? `Unlink ${confirming.subject} from ${confirming.member.email}?`
            : ""
        }
        confirmLabel="Unlink"
        tone="danger"
        busy={pending}
        onCancel={() => setConfirming(null)}
        onConfirm={() =>
          confirming?.kind === "unlink-sso" &&
          run({
            kind: "unlink-sso",
            email: confirming.member.email,
            subject: confirming.subject,
          })
        }
      >
        <p>
          They are signed out everywhere at once. The next person to sign in at {providerName} with
          this address is linked to this account instead, and gets the role their own groups give.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming?.kind === "disable"}
        title={confirming ? `Disable ${confirming.member.email}?` : ""}
        confirmLabel="Disable"
        tone="danger"
        busy={pending}
        onCancel={() => setConfirming(null)}
        onConfirm={() =>
          confirming?.kind === "disable" && run({ kind: "disable", email: confirming.member.email })
        }
      >
        <p>
          They are signed out everywhere at once and cannot sign in until an admin enables the
          account again.
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** A labelled input of the add form, with what is wrong with its value under it. */
function StaffField({
  label,
  error,
  children,
}: {
  label: string;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label className="flex flex-col gap-1">
        {label}
        {children}
      </label>
      {error && (
        <p role="alert" className="text-red-800">
          {`${label.split(" (")[0]} ${error}.`}
        </p>
      )}
    </div>
  );
}
