import { reasonParts } from "@/lib/review/rules/reason";

/** A write's reason as its author wrote it, with web addresses (ticket links) as links. */
export function ReasonText({ reason }: { reason: string }) {
  return (
    <span className="whitespace-pre-wrap break-words">
      {reasonParts(reason).map((part, n) =>
        part.kind === "link" ? (
          <a
            key={n}
            href={part.href}
            target="_blank"
            rel="noopener noreferrer"
            className="text-blue-800 underline underline-offset-2"
          >
            {part.text}
          </a>
        ) : (
          <span key={n}>{part.text}</span>
        ),
      )}
    </span>
  );
}
