import type { ReactNode } from "react";
import type { RequestRule } from "@/lib/review/rules/change-request";

function approversText(rule: RequestRule): string {
  const who = rule.approvers.join(" or ");
  return rule.approvals > 1 ? `${rule.approvals} approvals from ${who}` : `approval from ${who}`;
}

/** Which review rules a change falls under, the paths that put it there, and who may approve. */
export function RulesNeeded({ rules, children }: { rules: RequestRule[]; children?: ReactNode }) {
  return (
    <section
      aria-labelledby="rules-needed-heading"
      className="space-y-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950"
    >
      <h3 id="rules-needed-heading" className="font-semibold">
        This change needs review
      </h3>
      <ul className="list-disc space-y-1 pl-5">
        {rules.map((rule) => (
          <li key={rule.name}>
            <span className="font-medium">{rule.name}</span>:{" "}
            {rule.paths.map((path) => (
              <code key={path} className="mr-1 break-all">
                {path}
              </code>
            ))}
            — needs {approversText(rule)}.
            {rule.note && <span className="block text-amber-900">{rule.note}</span>}
          </li>
        ))}
      </ul>
      {children && <p>{children}</p>}
    </section>
  );
}
