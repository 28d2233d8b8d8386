import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  /** The path it was sent to (a redirect's target is another). */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A local endpoint that records every webhook it is sent and answers with whatever `answer`
 * says (200 by default), standing in for the dashboard's route.
 */
export async function startWebhookReceiver() {
  const received: Received[] = [];
  /** A status, or a status with headers (a redirect's `location`). */
  type Answer = number | { status: number; headers: Record<string, string> };
  let answer: (delivery: Received) => Answer | Promise<Answer> = () => 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const delivery = {
        path: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        at: Date.now(),
      };
      received.push(delivery);
      void Promise.resolve(answer(delivery)).then((answered) =>
        typeof answered === "number"
          ? res.writeHead(answered).end()
          : res.writeHead(answered.status, answered.headers).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    answerWith(next: typeof answer) {
      answer = next;
    },
    /** The received deliveries as `Request`s, as the dashboard's route handler would see them. */
    asRequest(delivery: Received): Request {
      const headers = new Headers();
      for (const [name, value] of Object.entries(delivery.headers))
        if (typeof value === "string") headers.set(name, value);
      return new Request(`http://127.0.0.1:${port}/webhooks`, {
        method: "POST",
        headers,
        body: delivery.body,
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
