import { MissingPage } from "@/components/ui/missing-page";

/** Any address no route matches. */
export default function NotFound() {
  return (
    <main id="main" className="px-4 py-12">
      <MissingPage title="Page not found" back={{ href: "/users", label: "Go to Metadeck" }}>
        Metadeck has no page at this address.
      </MissingPage>
    </main>
  );
}
