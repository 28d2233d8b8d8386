import { request, type APIRequestContext } from "@playwright/test";
import { actionId } from "../../tests/support/action-id";
import { auditEntriesFor } from "./audit";
import { roleCookie } from "./sessions";
import { E2E_APP_URL } from "./e2e-env";

/**
 * Calls a server action the way anyone who can reach the server could: a bare POST naming the
 * action id, with whatever cookie the caller chooses. Returns the RSC answer's text.
 */
export async function callAction(
  request: APIRequestContext,
  options: {
    path: string;
    action: string;
    args: unknown[];
    cookie: string | null;
    headers?: Record<string, string>;
  },
): Promise<string> {
  const response = await request.post(options.path, {
    headers: {
      "Next-Action": actionId(options.action),
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: E2E_APP_URL,
      ...(options.cookie ? { Cookie: options.cookie } : {}),
      ...options.headers,
    },
    data: JSON.stringify(options.args),
    maxRedirects: 0,
  });
  return response.text();
}

/**
 * A successful save through the dashboard's own action, as a support user, so a test has an
 * audit entry to look at. Returns the ids of the user's audit entries, newest first.
 */
export async function seedSavedChange(userId: string, baseUpdatedAt: number): Promise<number[]> {
  const api = await request.newContext({ baseURL: E2E_APP_URL });
  try {
    const answer = await callAction(api, {
      path: `/users/${userId}`,
      action: "saveUserMetadata",
      args: [{ userId, baseUpdatedAt, patch: { public_metadata: { plan: "pro" } } }],
      cookie: roleCookie("support"),
    });
    if (!answer.includes('"ok":true')) throw new Error(`the seeding save failed: ${answer}`);
  } finally {
    await api.dispose();
  }
  return (await auditEntriesFor(userId)).map((e) => e.id);
}

/** A bulk job (beta_exports on for the given users) started through the dashboard's own action. */
export async function seedBulkJob(userIds: string[]): Promise<string> {
  const api = await request.newContext({ baseURL: E2E_APP_URL });
  try {
    const answer = await callAction(api, {
      path: "/flags/bulk",
      action: "applyAction",
      args: [
        {
          target: { kind: "list", text: userIds.join("\n") },
          flagKey: "beta_exports",
          value: true,
        },
      ],
      cookie: roleCookie("product"),
    });
    const id = /"(bulk_[a-z0-9]+)"/.exec(answer)?.[1];
    if (!id) throw new Error(`the seeding job did not start: ${answer}`);
    return id;
  } finally {
    await api.dispose();
  }
}
