import { TextLink } from "@/components/ui/text-link";
import { formatTimestamp } from "@/lib/format/time";
import type { PendingRequest } from "@/lib/review/rules/pending-request";

/** "Change requested by Sam at … — waiting for admin", where the change it waits on would land. */
export function PendingRequestNotes({ requests }: { requests: PendingRequest[] }) {
  if (requests.length === 0) return null;
  return (
    <ul className="space-y-1">
      {requests.map((request) => (
        // The note inside the item: a list's items keep their role, or the list is no list.
        <li key={request.id}>
          <p
            role="note"
            className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-950"
          >
            Change requested by {request.author} at {formatTimestamp(request.createdAt)} — waiting
            for {request.waitingFor}.{" "}
            <TextLink tone="inherit" href={`/reviews/${request.id}`}>
              Request #{request.id}
            </TextLink>
          </p>
        </li>
      ))}
    </ul>
  );
}
