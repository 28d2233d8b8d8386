import { MissingPage } from "@/components/ui/missing-page";

export default function BulkJobNotFound() {
  return (
    <MissingPage
      title="Bulk job not found"
      back={{ href: "/flags/bulk", label: "Back to bulk changes" }}
    >
      No bulk job has this id. Job ids look like <code>bulk_…</code>; the bulk changes page lists
      the recent ones.
    </MissingPage>
  );
}
