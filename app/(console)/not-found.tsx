import { MissingPage } from "@/components/ui/missing-page";

export default function ConsoleNotFound() {
  return (
    <MissingPage title="Page not found" back={{ href: "/users", label: "Back to users" }}>
      Metadeck has no page at this address.
    </MissingPage>
  );
}
