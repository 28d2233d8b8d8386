import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import { parse } from "yaml";

/** Clerk's spec, read from the shared folder beside the repository; never copied into it. */
export const SPEC_PATH = fileURLToPath(
  new URL("../../../../shared/clerk-bapi/2026-05-12.yml", import.meta.url),
);
export const specAvailable = existsSync(SPEC_PATH);

interface Ref {
  $ref: string;
}
type Spec = {
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, Ref | { content?: Record<string, { schema: unknown }> }> }
    >
  >;
  components: { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
};

/** Validates bodies against the response schema the spec declares for an operation and status. */
export class OpenApiContract {
  private readonly spec: Spec;
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    this.spec = parse(readFileSync(SPEC_PATH, "utf8")) as Spec;
    // OpenAPI 3.0 keywords (nullable, discriminator, x-*) and int64 formats are not JSON Schema's.
    this.ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    this.ajv.addSchema(toJsonSchema(this.spec) as object, "spec");
  }

  validator(path: string, method: string, status: number): ValidateFunction {
    const key = `${method} ${path} ${status}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const operation = this.spec.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`the spec has no ${method} ${path}`);
    const response = operation.responses[String(status)];
    if (!response) throw new Error(`the spec declares no ${status} for ${method} ${path}`);
    const resolved =
      "$ref" in response
        ? this.spec.components.responses[
            (response as Ref).$ref.replace("#/components/responses/", "")
          ]
        : response;
    const schema = resolved?.content?.["application/json"]?.schema;
    if (!schema) throw new Error(`no JSON schema for ${key}`);
    const validate = this.ajv.compile(rewriteRefs(schema) as object);
    this.cache.set(key, validate);
    return validate;
  }

  /** Returns the validation errors (empty when the body conforms). */
  check(path: string, method: string, status: number, body: unknown): string[] {
    const validate = this.validator(path, method, status);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
    );
  }
}

/** Points local `#/components/...` refs at the spec document registered under the id "spec". */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" && v.startsWith("#") ? `spec${v}` : rewriteRefs(v),
      ]),
    );
  }
  return node;
}

/** OpenAPI 3.0's `nullable: true` becomes JSON Schema's "this schema, or null". */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== "object") return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, toJsonSchema(v)]));
  return nullable === true ? { anyOf: [converted, { type: "null" }] } : converted;
}
