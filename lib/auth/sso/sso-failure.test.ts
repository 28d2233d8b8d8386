import { APIError } from "better-auth";
import { describe, expect, it } from "vitest";
import { REFERENCE_PATTERN } from "./sso-error-message";
import { failedCallbackRedirect, referencedFailure } from "./sso-failure";

const redirect = (location: string) => new APIError("FOUND", undefined, new Headers({ location }));

describe("a failed single sign-on callback", () => {
  it("is a redirect carrying ?error=, and nothing else is", () => {
    expect(
      failedCallbackRedirect(redirect("/sign-in?next=%2Fusers&error=state_mismatch")),
    ).not.toBeNull();
    expect(failedCallbackRedirect(redirect("/users"))).toBeNull();
    expect(failedCallbackRedirect(new APIError("BAD_REQUEST", { message: "no" }))).toBeNull();
    expect(failedCallbackRedirect({ status: "ok" })).toBeNull();
  });

  it("sends the person on with a reference, and logs the details under that reference", () => {
    const lines: string[] = [];
    const failure = failedCallbackRedirect(
      redirect(
        "/sign-in?next=%2Fusers&error=unable_to_get_user_info&error_description=id_token+failed",
      ),
    )!;
    const location = referencedFailure(failure, {
      address: "203.0.113.9",
      log: (line) => lines.push(line),
    });
    const sent = new URL(location, "http://dashboard.test");
    expect(location.startsWith("/sign-in?")).toBe(true);
    expect(sent.origin).toBe("http://dashboard.test");
    expect(sent.searchParams.get("next")).toBe("/users");
    expect(sent.searchParams.get("error")).toBe("unable_to_get_user_info");
    expect(sent.searchParams.has("error_description")).toBe(false);
    const reference = sent.searchParams.get("ref") ?? "";
    expect(reference).toMatch(REFERENCE_PATTERN);
    expect(lines).toEqual([
      `[sso] sign-in failed, reference ${reference}: ` +
        '{"error":"unable_to_get_user_info","description":"id_token failed","address":"203.0.113.9"}',
    ]);
  });

  it("never leads off the site, whatever error address the sign-in was started with", () => {
    for (const location of [
      "//elsewhere.example?error=state_mismatch",
      "https://elsewhere.example/sign-in?error=state_mismatch&next=//elsewhere.example",
    ]) {
      const failure = failedCallbackRedirect(redirect(location))!;
      expect(referencedFailure(failure, { address: "unknown", log: () => {} })).toMatch(
        /^\/sign-in\?next=%2Fusers&error=state_mismatch&ref=[0-9a-f]{12}$/,
      );
    }
  });

  it("leaves better-auth's hop from a form-post callback to its GET alone", () => {
    expect(
      failedCallbackRedirect(
        redirect("http://127.0.0.1:3000/api/auth/callback/oidc?error=x&state=s"),
      ),
    ).toBeNull();
  });
});
