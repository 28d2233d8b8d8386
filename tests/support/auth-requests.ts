import type { StaffAuth } from "@/lib/auth/create-auth";

/** A JSON POST to one of better-auth's endpoints, as a browser on `origin` would send it. */
export function postToAuth(
  auth: StaffAuth,
  origin: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return auth.handler(
    new Request(`${origin}/api/auth${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: origin, ...headers },
      body: JSON.stringify(body),
    }),
  );
}
