import { MissingPage } from "@/components/ui/missing-page";

export default function UserNotFound() {
  return (
    <MissingPage title="User not found" back={{ href: "/users", label: "Back to users" }}>
      No Clerk user has this id. User ids look like <code>user_2abc…</code>; check the link or
      search for the user.
    </MissingPage>
  );
}
