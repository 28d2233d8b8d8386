import { randomBytes } from "node:crypto";

export interface ClerkErrorItem {
  message: string;
  long_message: string;
  code: string;
  meta?: Record<string, unknown>;
}

/** An expected failure, answered in Clerk's error shape: `{ errors: [...], clerk_trace_id }`. */
export class ClerkApiError extends Error {
  constructor(
    readonly status: number,
    readonly item: ClerkErrorItem,
    readonly headers: Record<string, string> = {},
  ) {
    super(item.long_message);
  }

  body(): { errors: ClerkErrorItem[]; clerk_trace_id: string } {
    return { errors: [this.item], clerk_trace_id: newTraceId() };
  }
}

function newTraceId(): string {
  return randomBytes(16).toString("hex");
}

export const clerkErrors = {
  authenticationMissing: () =>
    new ClerkApiError(401, {
      message: "Invalid authentication",
      long_message:
        "Unable to authenticate the request, you need to supply an active API key in the Authorization header as 'Bearer <secret key>'",
      code: "authentication_invalid",
    }),
  secretKeyInvalid: () =>
    new ClerkApiError(401, {
      message:
        "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.",
      long_message:
        "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.",
      code: "clerk_key_invalid",
    }),
  notFound: () =>
    new ClerkApiError(404, {
      message: "not found",
      long_message: "Resource not found",
      code: "resource_not_found",
    }),
  routeNotFound: () =>
    new ClerkApiError(404, {
      message: "not found",
      long_message: "The requested resource does not exist on this emulator",
      code: "resource_not_found",
    }),
  /** HTTP asks a 405 to name the methods the resource has (RFC 9110, 15.5.6). */
  methodNotAllowed: (method: string, allowed: readonly string[]) =>
    new ClerkApiError(
      405,
      {
        message: "method not allowed",
        long_message: `The ${method} method is not supported for this resource`,
        code: "request_method_not_allowed",
      },
      { Allow: allowed.join(", ") },
    ),
  bodyInvalid: (reason: string) =>
    new ClerkApiError(400, {
      message: "Request body invalid",
      long_message: `The request body is invalid: ${reason}`,
      code: "request_body_invalid",
    }),
  paramUnknown: (param: string) =>
    new ClerkApiError(422, {
      message: "is unknown",
      long_message: `${param} is not a valid parameter for this request.`,
      code: "form_param_unknown",
      meta: { param_name: param },
    }),
  paramInvalid: (param: string, why = "is invalid") =>
    new ClerkApiError(422, {
      message: why,
      long_message: `${param} ${why}`,
      code: "form_param_value_invalid",
      meta: { param_name: param },
    }),
  paramFormatInvalid: (param: string, why = "is invalid") =>
    new ClerkApiError(422, {
      message: why,
      long_message: `${param} ${why}`,
      code: "form_param_format_invalid",
      meta: { param_name: param },
    }),
  paramMissing: (param: string) =>
    new ClerkApiError(422, {
      message: "missing data",
      long_message: `${param} must be included.`,
      code: "form_param_missing",
      meta: { param_name: param },
    }),
  paramTooLarge: (param: string, bytes: number, limit: number) =>
    new ClerkApiError(422, {
      message: "exceeds allowed size",
      long_message: `${param} exceeds the maximum allowed size of ${limit} bytes (${bytes} bytes after merge)`,
      code: "form_param_exceeds_allowed_size",
      meta: { param_name: param },
    }),
  identifierTaken: (param: string, label: string) =>
    new ClerkApiError(422, {
      message: `That ${label} is taken. Please try another.`,
      long_message: `That ${label} is taken. Please try another.`,
      code: "form_identifier_exists",
      meta: { param_name: param },
    }),
  passwordTooShort: () =>
    new ClerkApiError(422, {
      message: "Passwords must be 8 characters or more.",
      long_message: "Passwords must be 8 characters or more.",
      code: "form_password_length_too_short",
      meta: { param_name: "password" },
    }),
  tooManyRequests: (retryAfterSeconds: number) =>
    new ClerkApiError(
      429,
      {
        message: "Too many requests",
        long_message: "Too many requests, please try again later.",
        code: "too_many_requests",
      },
      { "Retry-After": String(retryAfterSeconds) },
    ),
  internal: () =>
    new ClerkApiError(500, {
      message:
        "There was an internal error on our servers. We've been notified and are working on fixing it.",
      long_message:
        "There was an internal error on our servers. We've been notified and are working on fixing it.",
      code: "internal_clerk_error",
    }),
};
