import { staffAuth } from "@/lib/auth/staff-auth";

export const dynamic = "force-dynamic";

/** better-auth's own endpoints (sign-in, sign-out, session), rate limited by better-auth. */
export async function GET(request: Request) {
  return (await staffAuth()).handler(request);
}

export async function POST(request: Request) {
  return (await staffAuth()).handler(request);
}
