import { createClerkClient, type ClerkClient } from "@clerk/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server";
import { clerkErrorFields } from "./support/clerk-error-fields";
import { caught, rawFetch, startTestEmulator } from "./support/test-emulator";

let emulator: RunningEmulator;
let clerk: ClerkClient;
let userId: string;

beforeAll(async () => {
  ({ emulator, clerk } = await startTestEmulator({ seedUsers: 20 }));
  userId = (await clerk.users.createUser({ emailAddress: ["errors@example.com"] })).id;
});
afterAll(() => emulator.close());

const TRACE_ID = /^[0-9a-f]{32}$/;

describe("authentication", () => {
  it("answers 401 authentication_invalid when the key is missing or malformed", async () => {
    for (const key of [null, "not-a-key", "pk_test_abc"]) {
      const res = await rawFetch(emulator, "/v1/users", { key });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/json");
      const body = (await res.json()) as { errors: { code: string }[]; clerk_trace_id: string };
      expect(body.errors[0]?.code).toBe("authentication_invalid");
      expect(body.clerk_trace_id).toMatch(TRACE_ID);
    }
  });

  it("answers 401 clerk_key_invalid for a well-formed but wrong key, seen through the SDK", async () => {
    const wrong = createClerkClient({ secretKey: "sk_test_wrongWrongWrong", apiUrl: emulator.url });
    const fields = clerkErrorFields(await caught(() => wrong.users.getUser(userId)));
    expect(fields).toMatchObject({ status: 401, code: "clerk_key_invalid" });
    expect(fields.clerkTraceId).toMatch(TRACE_ID);
  });
});

describe("unknown users", () => {
  const missing = "user_2doesNotExist000000000000";
  it.each([
    ["getUser", () => clerk.users.getUser(missing)],
    [
      "updateUserMetadata",
      () => clerk.users.updateUserMetadata(missing, { publicMetadata: { a: 1 } }),
    ],
    ["replaceUserMetadata", () => clerk.users.replaceUserMetadata(missing, { publicMetadata: {} })],
    ["deleteUser", () => clerk.users.deleteUser(missing)],
  ])("%s answers 404 resource_not_found", async (_, call) => {
    const fields = clerkErrorFields(await caught(call));
    expect(fields).toMatchObject({ status: 404, code: "resource_not_found" });
    expect(fields.clerkTraceId).toMatch(TRACE_ID);
  });
});

describe("metadata bodies", () => {
  it.each([
    ["an array", [1, 2]],
    ["a string", "plan=pro"],
    ["a number", 42],
    ["null", null],
  ])("refuses a bag that is %s with 422 form_param_value_invalid", async (_, bag) => {
    for (const [sdkKey, param] of [
      ["publicMetadata", "public_metadata"],
      ["privateMetadata", "private_metadata"],
      ["unsafeMetadata", "unsafe_metadata"],
    ] as const) {
      // Deliberately ill-typed: this is what a careless caller could send.
      const patch = { [sdkKey]: bag } as unknown as Parameters<
        ClerkClient["users"]["updateUserMetadata"]
      >[1];
      const fields = clerkErrorFields(
        await caught(() => clerk.users.updateUserMetadata(userId, patch)),
      );
      expect(fields).toMatchObject({
        status: 422,
        code: "form_param_value_invalid",
        paramName: param,
      });
    }
  });

  it("refuses a merged bag over 8192 bytes with 422 form_param_exceeds_allowed_size and keeps the old one", async () => {
    await clerk.users.replaceUserMetadata(userId, {
      privateMetadata: { history: "x".repeat(5000) },
    });
    const fields = clerkErrorFields(
      await caught(() =>
        clerk.users.updateUserMetadata(userId, { privateMetadata: { more: "y".repeat(3500) } }),
      ),
    );
    expect(fields).toMatchObject({
      status: 422,
      code: "form_param_exceeds_allowed_size",
      paramName: "private_metadata",
    });
    expect((await clerk.users.getUser(userId)).privateMetadata).toEqual({
      history: "x".repeat(5000),
    });
  });

  it("accepts a bag of exactly 8192 bytes", async () => {
    const filler = "z".repeat(8192 - JSON.stringify({ f: "" }).length);
    const user = await clerk.users.replaceUserMetadata(userId, { unsafeMetadata: { f: filler } });
    expect(JSON.stringify(user.unsafeMetadata)).toHaveLength(8192);
    const fields = clerkErrorFields(
      await caught(() =>
        clerk.users.replaceUserMetadata(userId, { unsafeMetadata: { f: `${filler}!` } }),
      ),
    );
    expect(fields).toMatchObject({
      status: 422,
      code: "form_param_exceeds_allowed_size",
      paramName: "unsafe_metadata",
    });
  });

  it("refuses an unknown body field with 422 form_param_unknown", async () => {
    const patch = { publicMetadata: {}, firstName: "Eve" } as unknown as Parameters<
      ClerkClient["users"]["updateUserMetadata"]
    >[1];
    const fields = clerkErrorFields(
      await caught(() => clerk.users.updateUserMetadata(userId, patch)),
    );
    expect(fields).toMatchObject({
      status: 422,
      code: "form_param_unknown",
      paramName: "first_name",
    });
  });

  it.each([
    ["text that is not JSON", "{not json"],
    ["a JSON array", "[1]"],
  ])("refuses %s with 400 request_body_invalid", async (_, body) => {
    for (const method of ["PATCH", "PUT"]) {
      const res = await rawFetch(emulator, `/v1/users/${userId}/metadata`, { method, body });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/json");
      const json = (await res.json()) as { errors: { code: string }[] };
      expect(json.errors[0]?.code).toBe("request_body_invalid");
    }
  });
});

describe("list parameters", () => {
  it.each([
    ["limit=0", "limit"],
    ["limit=501", "limit"],
    ["limit=ten", "limit"],
    ["offset=-1", "offset"],
    ["order_by=-password", "order_by"],
    ["banned=maybe", "banned"],
    ["created_at_after=yesterday", "created_at_after"],
    ["last_active_at_before=1.5", "last_active_at_before"],
    ["starting_after=user_x&order_by=username", "starting_after"],
    [
      Array.from({ length: 101 }, (_, i) => `email_address=u${i}@example.com`).join("&"),
      "email_address",
    ],
  ])("refuses %s with 422 naming the parameter", async (query, param) => {
    const res = await rawFetch(emulator, `/v1/users?${query}`);
    expect(res.status).toBe(422);
    const json = (await res.json()) as { errors: { code: string; meta: { param_name: string } }[] };
    expect(json.errors[0]?.code).toMatch(/^form_param_(value|format)_invalid$/);
    expect(json.errors[0]?.meta.param_name).toBe(param);
  });

  it("surfaces a 422 through the SDK's getUserList", async () => {
    const fields = clerkErrorFields(await caught(() => clerk.users.getUserList({ limit: 1000 })));
    expect(fields).toMatchObject({
      status: 422,
      code: "form_param_value_invalid",
      paramName: "limit",
    });
  });
});

describe("methods a resource does not have", () => {
  it("answers 405 with an Allow header naming the methods it has", async () => {
    const list = await rawFetch(emulator, "/v1/users", { method: "PATCH", body: "{}" });
    expect(list.status).toBe(405);
    expect(list.headers.get("allow")).toBe("GET, POST");
    const body = (await list.json()) as { errors: { code: string }[] };
    expect(body.errors[0]?.code).toBe("request_method_not_allowed");
    const metadata = await rawFetch(emulator, `/v1/users/${userId}/metadata`, { method: "GET" });
    expect(metadata.status).toBe(405);
    expect(metadata.headers.get("allow")?.split(", ").sort()).toEqual(["PATCH", "PUT"]);
  });
});
