export function Forbidden({ what }: { what: string }) {
  return (
    <section
      role="alert"
      className="mx-auto max-w-xl rounded-md border border-amber-300 bg-amber-50 p-8 text-center"
    >
      <h1 className="text-xl font-semibold">Not allowed</h1>
      <p className="mt-2 text-slate-800">Your role may not {what}. Ask an admin if you need it.</p>
    </section>
  );
}
