import { requireApiAccess } from "@/lib/auth/guards";
import { NextResponse } from "next/server";
import { failureStatus } from "@/lib/clerk/failure-status";
import { getUser } from "@/lib/clerk/users";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ userId: string }> }) {
  const access = await requireApiAccess("users:read");
  if (access.denied) return access.denied;
  const { userId } = await params;
  const result = await getUser(userId);
  if (!result.ok)
    return NextResponse.json({ error: result.error }, { status: failureStatus(result.error) });
  if (!result.value) {
    return NextResponse.json(
      { error: { kind: "not_found", message: `No user ${userId} exists.` } },
      { status: 404 },
    );
  }
  return NextResponse.json(result.value);
}
