import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server";
import { OpenApiContract, SPEC_PATH, specAvailable } from "./support/openapi-contract";
import { rawFetch, startTestEmulator } from "./support/test-emulator";

if (!specAvailable) {
  console.warn(`Contract tests skipped: Clerk's spec was not found at ${SPEC_PATH}`);
}

describe.skipIf(!specAvailable)(
  "responses validate against Clerk's OpenAPI spec (2026-05-12)",
  () => {
    let emulator: RunningEmulator;
    let contract: OpenApiContract;
    let userId: string;

    beforeAll(async () => {
      ({ emulator } = await startTestEmulator({ seedUsers: 150 }));
      contract = new OpenApiContract();
      const res = await rawFetch(emulator, "/v1/users", {
        method: "POST",
        body: JSON.stringify({
          email_address: ["contract@example.com", "second@example.com"],
          phone_number: ["+15550009999"],
          username: "contract_user",
          first_name: "Con",
          last_name: "Tract",
          password: "long-enough-password",
          public_metadata: { a: 1 },
        }),
      });
      userId = ((await res.json()) as { id: string }).id;
    });
    afterAll(() => emulator.close());

    async function expectConforming(
      specPath: string,
      method: string,
      urlPath: string,
      expectedStatus: number,
      body?: unknown,
      key?: string | null,
    ) {
      const res = await rawFetch(emulator, urlPath, {
        method,
        body:
          body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
        key,
      });
      expect(res.status).toBe(expectedStatus);
      expect(res.headers.get("content-type")).toBe("application/json");
      const json: unknown = await res.json();
      expect(contract.check(specPath, method, res.status, json)).toEqual([]);
      return json;
    }

    it("GET /users, every seeded user on every page", async () => {
      for (let offset = 0; offset < 160; offset += 50) {
        await expectConforming("/users", "GET", `/v1/users?limit=50&offset=${offset}`, 200);
      }
      await expectConforming("/users", "GET", "/v1/users?query=contract", 200);
    });

    it("GET /users/count", async () => {
      await expectConforming("/users/count", "GET", "/v1/users/count?query=gmail", 200);
    });

    it("POST /users and GET, PATCH, PUT, DELETE /users/{user_id}", async () => {
      await expectConforming("/users", "POST", "/v1/users", 200, {
        email_address: ["c2@example.com"],
      });
      await expectConforming("/users/{user_id}", "GET", `/v1/users/${userId}`, 200);
      await expectConforming(
        "/users/{user_id}/metadata",
        "PATCH",
        `/v1/users/${userId}/metadata`,
        200,
        {
          public_metadata: { b: { c: [1, 2] } },
          private_metadata: { secret: true },
        },
      );
      await expectConforming(
        "/users/{user_id}/metadata",
        "PUT",
        `/v1/users/${userId}/metadata`,
        200,
        {
          unsafe_metadata: { theme: "dark" },
        },
      );
      const created = (await expectConforming("/users", "POST", "/v1/users", 200, {
        email_address: ["gone@example.com"],
      })) as { id: string };
      await expectConforming("/users/{user_id}", "DELETE", `/v1/users/${created.id}`, 200);
    });

    it("PATCH /users/{user_id} (UpdateUser), and its 404 and 422 answers", async () => {
      await expectConforming("/users/{user_id}", "PATCH", `/v1/users/${userId}`, 200, {
        first_name: "Connie",
        username: "contract_user_2",
        external_id: "ext-contract",
        locale: "fr-FR",
      });
      await expectConforming("/users/{user_id}", "PATCH", "/v1/users/user_missing", 404, {
        first_name: "Nobody",
      });
      await expectConforming("/users/{user_id}", "PATCH", `/v1/users/${userId}`, 422, {
        public_metadata: { not: "here" },
      });
    });

    it("error bodies: 400, 401, 404 and 422", async () => {
      await expectConforming(
        "/users/{user_id}/metadata",
        "PATCH",
        `/v1/users/${userId}/metadata`,
        400,
        "{oops",
      );
      await expectConforming("/users", "GET", "/v1/users", 401, undefined, null);
      await expectConforming("/users/{user_id}", "GET", "/v1/users/user_missing", 404);
      await expectConforming(
        "/users/{user_id}/metadata",
        "PATCH",
        `/v1/users/${userId}/metadata`,
        422,
        {
          public_metadata: [1],
        },
      );
      await expectConforming("/users", "GET", "/v1/users?limit=0", 422);
      await expectConforming("/users/count", "GET", "/v1/users/count?banned=maybe", 422);
    });

    it("catches a body that breaks the schema (the check itself can fail)", () => {
      expect(contract.check("/users/count", "GET", 200, { object: "total_count" })).not.toEqual([]);
      expect(
        contract.check("/users/{user_id}", "GET", 200, { id: "user_1", object: "user" }),
      ).not.toEqual([]);
    });
  },
);
