"use client";

import { useState, useTransition } from "react";
import { manageStaff } from "@/app/(console)/staff/actions";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { ROLES } from "@/lib/auth/roles";
import type { StaffAccount } from "@/lib/auth/staff-accounts";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";

const field = "rounded border border-slate-400 bg-white px-2 py-1.5 text-sm";

export function StaffManager({ staff, self }: { staff: StaffAccount[]; self: string }) {
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, start] = useTransition();
  const run = (input: Record<string, string>) =>
    start(async () => {
      try {
        const answer = await manageStaff(input);
        setResult({ ok: answer.ok, message: answer.ok ? answer.value : answer.error.message });
      } catch {
        setResult({ ok: false, message: "Could not reach the Metadeck server." });
      }
    });

  return (
    <section className="space-y-6">
      <PageHeader title="Staff" />
      {result && <Notice tone={result.ok ? "success" : "error"}>{result.message}</Notice>}
      <form
        aria-labelledby="add-staff-heading"
        className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white p-3 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          run({
            kind: "add",
            email: String(data.get("email") ?? ""),
            name: String(data.get("name") ?? ""),
            role: String(data.get("role") ?? ""),
            password: String(data.get("password") ?? ""),
          });
        }}
      >
        <h2 id="add-staff-heading" className="w-full font-semibold">
          Add a staff account
        </h2>
        <label className="flex flex-col gap-1">
          New staff email
          <input name="email" type="email" required className={field} />
        </label>
        <label className="flex flex-col gap-1">
          Name
          <input name="name" maxLength={100} className={field} />
        </label>
        <div className="flex flex-col gap-1">
          <label htmlFor="new-staff-role">Role</label>
          <select id="new-staff-role" name="role" defaultValue="viewer" className={field}>
            {ROLES.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </div>
        <label className="flex flex-col gap-1">
          Initial password (12+ characters)
          <input
            name="password"
            type="password"
            required
            minLength={12}
            maxLength={128}
            autoComplete="new-password"
            className={field}
          />
        </label>
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
        >
          Add staff
        </button>
      </form>
      <DataTable caption="Staff accounts" columns={["Email", "Name", "Role", "Status", "Actions"]}>
        {staff.map((member) => (
          <tr key={member.id}>
            <td>{member.email}</td>
            <td>{member.name}</td>
            <td>
              <select
                aria-label={`Role of ${member.email}`}
                defaultValue={member.role}
                disabled={pending || member.email === self}
                onChange={(event) =>
                  run({ kind: "set-role", email: member.email, role: event.target.value })
                }
                className={field}
              >
                {ROLES.map((role) => (
                  <option key={role}>{role}</option>
                ))}
              </select>
            </td>
            <td>
              {member.disabled ? (
                <Badge tone="red">Disabled</Badge>
              ) : (
                <Badge tone="green">Active</Badge>
              )}
            </td>
            <td className="flex flex-wrap items-center gap-2">
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
                  className={field}
                />
                <button
                  type="submit"
                  disabled={pending}
                  className="rounded border border-slate-400 px-2 py-1 hover:bg-slate-100"
                >
                  Reset password
                </button>
              </form>
              {member.disabled && (
                <button
                  type="button"
                  disabled={pending}
                  onClick={() => run({ kind: "enable", email: member.email })}
                  className="rounded border border-slate-400 px-2 py-1 hover:bg-slate-100"
                >
                  Enable {member.email}
                </button>
              )}
              {!member.disabled && member.email !== self && (
                <button
                  type="button"
                  disabled={pending}
                  onClick={() => run({ kind: "disable", email: member.email })}
                  className="rounded border border-red-400 px-2 py-1 text-red-800 hover:bg-red-50"
                >
                  Disable {member.email}
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
