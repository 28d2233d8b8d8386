/* eslint-disable @next/next/no-img-element -- avatars come from Clerk's image host, not from /public */
import type { UserDto } from "@/lib/clerk/user-dto";

function initials(
  user: Pick<UserDto, "firstName" | "lastName" | "username" | "primaryEmail">,
): string {
  const fromName = `${user.firstName?.[0] ?? ""}${user.lastName?.[0] ?? ""}`;
  return (fromName || user.username?.[0] || user.primaryEmail?.[0] || "?").toUpperCase();
}

/** The user's image when they uploaded one, their initials otherwise. */
export function Avatar({
  user,
  size = 32,
}: {
  user: Pick<
    UserDto,
    "hasImage" | "imageUrl" | "firstName" | "lastName" | "username" | "primaryEmail"
  >;
  size?: number;
}) {
  if (user.hasImage) {
    return (
      <img
        src={user.imageUrl}
        alt=""
        width={size}
        height={size}
        className="shrink-0 rounded-full bg-slate-200"
      />
    );
  }
  return (
    <span
      aria-hidden="true"
      style={{ width: size, height: size, fontSize: size * 0.4 }}
      className="inline-flex shrink-0 items-center justify-center rounded-full bg-slate-600 font-semibold text-white"
    >
      {initials(user)}
    </span>
  );
}
