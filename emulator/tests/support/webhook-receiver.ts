import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
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
  let answer: (delivery: Received) => number | Promise<number> = () => 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const delivery = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        at: Date.now(),
      };
      received.push(delivery);
      void Promise.resolve(answer(delivery)).then((status) => res.writeHead(status).end());
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
