/** The users page's shell while its rows load on the server. */
export function UsersLoading() {
  return (
    <section className="space-y-4" aria-busy="true">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <p role="status" className="rounded-md border border-slate-200 bg-white p-4 text-slate-700">
        Loading users…
      </p>
    </section>
  );
}
