import type { IncomingMessage } from "node:http";
import type { UserChange } from "../webhooks/webhook-event";

export interface RouteContext {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  now: number;
  baseUrl: string;
}

export interface RouteResult {
  status: number;
  body: unknown;
  /** A user the request created, changed or deleted: Clerk sends a webhook for it. */
  change?: UserChange;
}

export interface Route {
  method: string;
  /** e.g. `/v1/users/{user_id}/metadata`; also the key under which requests are counted. */
  template: string;
  handler: (context: RouteContext) => RouteResult | Promise<RouteResult>;
  /** Writes count against Clerk's per-user limit, keyed by this path parameter. */
  perUserWriteLimit?: string;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  paramNames: string[];
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "wrong_method"; template: string; allowed: string[] }
  | { kind: "none" };

export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: Route[]) {
    this.routes = routes.map((route) => {
      const paramNames: string[] = [];
      const source = route.template.replace(/\{(\w+)\}/g, (_, name: string) => {
        paramNames.push(name);
        return "([^/]+)";
      });
      return { ...route, pattern: new RegExp(`^${source}$`), paramNames };
    });
  }

  /** First matching template wins, so literal paths (`/users/count`) go before `{user_id}`. */
  match(method: string, pathname: string): RouteMatch {
    let template: string | null = null;
    const allowed: string[] = [];
    for (const route of this.routes) {
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      if (template !== null && route.template !== template) break;
      template = route.template;
      allowed.push(route.method);
      if (route.method !== method) continue;
      const params = Object.fromEntries(
        route.paramNames.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? "")]),
      );
      return { kind: "found", route, params };
    }
    return template === null ? { kind: "none" } : { kind: "wrong_method", template, allowed };
  }
}
