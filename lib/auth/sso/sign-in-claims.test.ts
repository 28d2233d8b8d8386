import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeSignInClaims, signInProfile } from "./sign-in-claims";

const idToken = (claims: Record<string, unknown>) => new UnsecuredJWT(claims).encode();

describe("one sign-in's claims: the ID token and the userinfo answer together", () => {
  it("the ID token wins where both carry a claim; userinfo adds what it lacks", () => {
    expect(
      mergeSignInClaims(
        { sub: "s", email: "id@corp.test" },
        { sub: "s", email: "info@corp.test", groups: ["g"] },
      ),
    ).toEqual({ sub: "s", email: "id@corp.test", groups: ["g"] });
  });

  it("a userinfo answer about another subject fails the sign-in", () => {
    expect(() => mergeSignInClaims({ sub: "s" }, { sub: "t", groups: ["g"] })).toThrow(
      /another subject/,
    );
  });

  describe("against a userinfo endpoint", () => {
    let server: Server;
    let endpoint: string;
    let answer: { status: number; body: unknown } = { status: 200, body: {} };
    const seen: Array<string | undefined> = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        seen.push(req.headers.authorization);
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(JSON.stringify(answer.body));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/me`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it("reads groups the ID token does not carry, with this sign-in's access token, and normalises the address", async () => {
      answer = {
        status: 200,
        body: { sub: "s", email: " Ada@Corp.Test", email_verified: true, groups: ["admins"] },
      };
      const profile = await signInProfile(
        { idToken: idToken({ sub: "s" }), accessToken: "at-1" },
        async () => endpoint,
      );
      expect(seen.at(-1)).toBe("Bearer at-1");
      expect(profile).toMatchObject({
        id: "s",
        sub: "s",
        email: "ada@corp.test",
        emailVerified: true,
        groups: ["admins"],
      });
    });

    it("fails the sign-in (null, logged) when userinfo refuses, or without an ID token", async () => {
      const lines: string[] = [];
      answer = { status: 401, body: {} };
      expect(
        await signInProfile(
          { idToken: idToken({ sub: "s" }), accessToken: "at" },
          async () => endpoint,
          (l) => lines.push(l),
        ),
      ).toBeNull();
      expect(
        await signInProfile(
          { accessToken: "at" },
          async () => endpoint,
          (l) => lines.push(l),
        ),
      ).toBeNull();
      expect(lines).toEqual([
        expect.stringContaining("userinfo answered HTTP 401"),
        expect.stringContaining("no ID token"),
      ]);
    });

    it("a provider without a userinfo endpoint: the ID token's claims alone", async () => {
      const profile = await signInProfile(
        { idToken: idToken({ sub: "s", email: "a@corp.test", groups: ["x"] }), accessToken: "at" },
        async () => null,
      );
      expect(profile).toMatchObject({ sub: "s", email: "a@corp.test", groups: ["x"] });
    });
  });
});
