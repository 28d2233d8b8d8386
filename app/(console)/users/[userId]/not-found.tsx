import Link from "next/link";

export default function UserNotFound() {
  return (
    <section className="mx-auto max-w-xl rounded-md border border-slate-200 bg-white p-8 text-center">
      <h1 className="text-xl font-semibold">User not found</h1>
      <p className="mt-2 text-slate-700">
        No Clerk user has this id. User ids look like <code>user_2abc…</code>; check the link or
        search for the user.
      </p>
      <Link
        href="/users"
        className="mt-4 inline-block rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800"
      >
        Back to users
      </Link>
    </section>
  );
}
