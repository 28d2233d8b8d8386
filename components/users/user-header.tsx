import { Avatar } from "@/components/ui/avatar";
import { Badge, StatusBadges } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { userLabel, type UserDto } from "@/lib/clerk/user-dto";
import { formatTimestamp } from "@/lib/format/time";

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{term}</dt>
      <dd className="mt-0.5 flex flex-wrap gap-x-2 gap-y-1 text-sm break-all">{children}</dd>
    </div>
  );
}

export function UserHeader({ user }: { user: UserDto }) {
  const none = <span className="text-slate-600">—</span>;
  return (
    <header className="rounded-md border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-3">
        <Avatar user={user} size={56} />
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{userLabel(user)}</h1>
          <div className="mt-1 flex items-center gap-2">
            <code className="text-xs text-slate-700">{user.id}</code>
            <CopyButton value={user.id} label="Copy user id" />
            <StatusBadges banned={user.banned} locked={user.locked} />
          </div>
        </div>
      </div>
      <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-4">
        <Fact term="Emails">
          {user.emails.length === 0
            ? none
            : user.emails.map((email) => (
                <span key={email.id} className="inline-flex flex-wrap items-center gap-1">
                  {email.emailAddress}
                  {email.primary && <Badge tone="green">Primary</Badge>}
                </span>
              ))}
        </Fact>
        <Fact term="Phone numbers">
          {user.phones.length === 0
            ? none
            : user.phones.map((phone) => (
                <span key={phone.id} className="inline-flex flex-wrap items-center gap-1">
                  {phone.phoneNumber}
                  {phone.primary && <Badge tone="green">Primary</Badge>}
                </span>
              ))}
        </Fact>
        <Fact term="Username">{user.username ?? none}</Fact>
        <Fact term="External id">{user.externalId ?? none}</Fact>
        <Fact term="Created">{formatTimestamp(user.createdAt)}</Fact>
        <Fact term="Updated">
          <span data-testid="user-updated-at">{formatTimestamp(user.updatedAt)}</span>
        </Fact>
        <Fact term="Last sign-in">{formatTimestamp(user.lastSignInAt)}</Fact>
        <Fact term="Last active">{formatTimestamp(user.lastActiveAt)}</Fact>
      </dl>
    </header>
  );
}
