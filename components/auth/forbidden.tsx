import { TextLink } from "@/components/ui/text-link";

export function Forbidden({ role }: { role: string | null }) {
  return (
    <section
      role="alert"
      className="mx-auto max-w-xl rounded-md border border-amber-300 bg-amber-50 p-8 text-center"
    >
      <h1 className="text-xl font-semibold">Not allowed</h1>
      <p className="mt-2 text-slate-800">
        {role ? `Your role (${role}) may not open this page.` : "You may not open this page."} Ask
        an admin if you need it.
      </p>
      <TextLink href="/users" className="mt-4 inline-block">
        Back to users
      </TextLink>
    </section>
  );
}
