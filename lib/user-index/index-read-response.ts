import { NextResponse } from "next/server";
import type { IndexReadRefusal } from "./bounded-index-read";

/**
 * A route handler's answer to an index read that did not run: a filter that does not parse is
 * 400 (with its position), one too expensive 422, a person with enough reads running 429, and a
 * reader that stopped before answering 503.
 */
export function indexReadFailure(
  error: { kind: "invalid_filter"; message: string } | IndexReadRefusal,
): NextResponse {
  switch (error.kind) {
    case "invalid_filter":
      return NextResponse.json({ error }, { status: 400 });
    case "too_expensive":
      return NextResponse.json({ error }, { status: 422 });
    case "busy":
    case "unavailable":
      return NextResponse.json(
        { error },
        {
          status: error.kind === "busy" ? 429 : 503,
          headers: { "Retry-After": String(error.retryAfterSeconds) },
        },
      );
  }
}
