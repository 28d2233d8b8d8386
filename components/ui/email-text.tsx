import { Fragment } from "react";

/**
 * An e-mail address that wraps at its "@" and dots, not in the middle of a name: each part
 * stays whole unless it alone is wider than its column.
 */
export function EmailText({ address }: { address: string }) {
  const parts = address.split(/(?=[@.])/);
  return (
    <span className="break-words">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
