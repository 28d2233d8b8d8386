import type { Metadata } from "next";
import { safeReturnPath } from "@/lib/auth/return-path";
import { TextLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Too many requests" };

/** Where a page request past the request limit lands: what happened, and the way back. */
export default async function BusyPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const next = safeReturnPath(first(params.next));
  const wait = Number(first(params.wait));
  const seconds = Number.isInteger(wait) && wait > 0 && wait <= 3600 ? wait : 60;
  return (
    <main
      id="main"
      className="mx-auto mt-24 max-w-md rounded-md border border-amber-300 bg-amber-50 p-6 text-amber-950"
    >
      <h1 className="text-xl font-semibold">Too many requests</h1>
      <p className="mt-2 text-sm">
        This session has asked for more pages and data in the last minute than a person would. Wait{" "}
        {seconds} seconds, then try again.
      </p>
      <TextLink tone="inherit" href={next} className="mt-4 inline-block">
        Try again
      </TextLink>
    </main>
  );
}
