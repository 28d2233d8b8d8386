import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/console-databases";
import { createAuth, migrateAuthSchema } from "./create-auth";
import { hasSignedSessionCookie } from "./session-cookie";
import { addStaff } from "./staff-accounts";

const ORIGIN = "http://127.0.0.1:3998";
const SECRET = "cookie-test-secret-0123456789abcdefghijkl";
let database: TestDatabase;
let cookie: string;

beforeAll(async () => {
  database = await createTestDatabase("sqlite");
  await migrateAuthSchema(database);
  const auth = createAuth(database, { secret: SECRET, baseURL: ORIGIN });
  await addStaff(auth, {
    email: "c@example.com",
    role: "viewer",
    password: "long enough password",
  });
  const response = await auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: ORIGIN },
      body: JSON.stringify({ email: "c@example.com", password: "long enough password" }),
    }),
  );
  cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
});
afterAll(() => database.dispose());

describe("signed session cookie pre-check", () => {
  it("recognises a cookie better-auth issued", () => {
    expect(hasSignedSessionCookie(`theme=dark; ${cookie}`, SECRET)).toBe(true);
  });

  it("rejects no cookie, a forged one, a tampered one and another secret", () => {
    expect(hasSignedSessionCookie(null, SECRET)).toBe(false);
    expect(hasSignedSessionCookie("better-auth.session_token=forged.value", SECRET)).toBe(false);
    const [name, value] = cookie.split(/=(.*)/s);
    const decoded = decodeURIComponent(value ?? "");
    const tampered = `${name}=${encodeURIComponent(`x${decoded}`)}`;
    expect(hasSignedSessionCookie(tampered, SECRET)).toBe(false);
    expect(hasSignedSessionCookie(cookie, `${SECRET}-other`)).toBe(false);
  });
});
