import { NextResponse } from "next/server";
import { requireApiAccess } from "@/lib/auth/guards";
import { readJobProgress } from "@/lib/bulk/bulk-reads";

export const dynamic = "force-dynamic";

/** A bulk job's progress, for the progress page to poll. */
export async function GET(_request: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const access = await requireApiAccess("users:read");
  if (access.denied) return access.denied;
  const { jobId } = await params;
  const progress = await readJobProgress(jobId);
  if (!progress)
    return NextResponse.json(
      { error: { kind: "not_found", message: `No bulk job ${jobId} exists.` } },
      { status: 404 },
    );
  return NextResponse.json(progress);
}
