import { MissingPage } from "@/components/ui/missing-page";

export default function ChangeRequestNotFound() {
  return (
    <MissingPage
      title="Change request not found"
      back={{ href: "/reviews", label: "Back to reviews" }}
    >
      There is no change request with this number. Requests are never deleted, so the link is
      probably mistyped.
    </MissingPage>
  );
}
