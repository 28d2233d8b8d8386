import { describe, expect, it } from "vitest";
import type { ChangeRequest } from "@/lib/review/rules/change-request";
import { deliverWithRetries, reviewNoticeText } from "./review-webhook";

const request: ChangeRequest = {
  id: 12,
  kind: "metadata",
  status: "open",
  user: { id: "user_1", email: "jo@example.com", name: "Jo Doe" },
  author: { id: "s1", email: "sam@support.test", name: "Sam" },
  reason: "TICKET-1",
  baseUpdatedAt: 1,
  base: {},
  patch: { public_metadata: { role: "admin" } },
  rules: [
    {
      name: "Roles",
      approvers: ["admin"],
      approvals: 1,
      note: null,
      paths: ["public_metadata.role"],
    },
  ],
  round: 1,
  revertOf: null,
  bulkJobId: null,
  createdAt: 0,
  updatedAt: 0,
  expiresAt: 0,
  closedAt: null,
  appliedEntryId: null,
  scope: [{ bag: "public_metadata", keys: ["role"] }],
  authorPermission: "metadata:write",
};

/** The text as a person reads it: the zero-width spaces that stop Slack's linking are invisible. */
const seen = (text: string) => text.replaceAll("\u200b", "");

/** Everything Slack would make a link of in plain text: URLs, bare domains, e-mail addresses. */
const LINKABLE =
  /(?:[a-z][a-z0-9+.-]*:\/\/\S+|[\w.-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b)/gi;

describe("the review webhook", () => {
  it("says who asks, for whom, under which rules, with a link to the request", () => {
    const text = reviewNoticeText(
      request,
      "requested",
      request.author,
      "https://metadeck.example.com/",
    );
    expect(seen(text)).toBe(
      "Change request #12: Sam (sam@support.test) asks for review of a change to Jo Doe: needs Roles (admin). https://metadeck.example.com/reviews/12",
    );
    expect(text.match(LINKABLE)).toEqual(["https://metadeck.example.com/reviews/12"]);
    expect(
      seen(reviewNoticeText(request, "rejected", { id: "a", email: "ada@x.test" }, null)),
    ).toBe("Change request #12: ada@x.test rejected the change to Jo Doe. /reviews/12");
  });

  // Names went into the text as they were: a Clerk user named like this made a link of its
  // own and notified the whole channel.
  it("escapes every value it places in the text, so none becomes a link or a mention", () => {
    const hostile = "<https://evil.example|x> <!channel> & <@U123>";
    const text = reviewNoticeText(
      { ...request, user: { ...request.user, name: hostile } },
      "requested",
      { id: "s2", email: "eve@support.test", name: "<!here>" },
      "https://metadeck.example.com",
    );
    expect(seen(text)).toBe(
      "Change request #12: &lt;!here&gt; (eve@support.test) asks for review of a change to " +
        "&lt;https://evil.example|x&gt; &lt;!channel&gt; &amp; &lt;@U123&gt;: needs Roles (admin). " +
        "https://metadeck.example.com/reviews/12",
    );
    expect(text).not.toMatch(/<[^ ]/);
  });

  it("makes no link of a bare address in a name: the dashboard's is the only one", () => {
    const text = reviewNoticeText(
      {
        ...request,
        user: { ...request.user, name: "https://evil.example/login www.evil.example" },
      },
      "approved",
      { id: "s3", email: "mallory@evil.example", name: "see evil.example" },
      "https://metadeck.example.com",
    );
    expect(text.match(LINKABLE)).toEqual(["https://metadeck.example.com/reviews/12"]);
    expect(seen(text)).toContain("https://evil.example/login www.evil.example");
  });

  it("breaks look-alike dots as well, and puts a name with line breaks on one line", () => {
    const text = reviewNoticeText(
      {
        ...request,
        user: {
          ...request.user,
          name: "evil\u3002example evil\uff0eexample\nChange request #999: Ada approved it.",
        },
      },
      "approved",
      request.author,
      "https://metadeck.example.com",
    );
    expect(text).not.toContain("\n");
    expect(text).not.toMatch(/evil[\u3002\uff0e]example/);
    expect(seen(text)).toContain("evil\u3002example evil\uff0eexample Change request #999");
  });

  it("breaks every character that reads as a mark, drops direction overrides, and formats nothing", () => {
    const name =
      "x\ufe6bevil\ufe52example https\ufe55//evil\ufe52example \u202eevil\u202c *bold* _it_ a\u2800\u2800\u2800b";
    const text = reviewNoticeText(
      { ...request, user: { ...request.user, name } },
      "approved",
      request.author,
      "https://metadeck.example.com",
    );
    for (const mark of ["\ufe6b", "\ufe52", "\ufe55", "*", "_"])
      for (const at of [...text.matchAll(new RegExp(`\\${mark}`, "g"))].map((m) => m.index))
        expect(text[at + 1], `after ${mark}`).toBe("\u200b");
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u2800]/);
    expect(seen(text)).toContain("evil *bold* _it_ a b");
  });

  it("tries again after a failure and stops at the first success", async () => {
    const answers = [new Error("down"), new Response("", { status: 502 }), new Response("ok")];
    const sent: string[] = [];
    const delivered = await deliverWithRetries(
      "https://hooks.example.test/x",
      { text: "hi" },
      [0, 0, 0],
      async (_url, init) => {
        sent.push(String(init?.body));
        const next = answers.shift();
        if (next instanceof Error) throw next;
        return next!;
      },
    );
    expect(delivered).toBe(true);
    expect(sent).toEqual(['{"text":"hi"}', '{"text":"hi"}', '{"text":"hi"}']);
  });

  it("gives up after the last retry without throwing", async () => {
    let calls = 0;
    const delivered = await deliverWithRetries(
      "https://hooks.example.test/x",
      {},
      [0, 0],
      async () => {
        calls += 1;
        return new Response("", { status: 500 });
      },
    );
    expect(delivered).toBe(false);
    expect(calls).toBe(3);
  });
});
