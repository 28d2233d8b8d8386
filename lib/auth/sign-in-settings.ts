import { z } from "zod";
import { parseRoleMap, type RoleMap } from "./sso/role-map";

/** The one OpenID Connect provider staff may sign in with. */
export interface SsoSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the button: "Sign in with <name>". */
  name: string;
  /** `openid email profile` and OIDC_SCOPES' extras. */
  scopes: string[];
  /** E-mail domains that may enter (lower case); empty = any verified e-mail. */
  allowedDomains: string[];
  /** The ID-token claim the role map reads; null = only the `*` entry can apply. */
  roleClaim: string | null;
  roleMap: RoleMap;
}

export type TwoFactorRequirement = "admin" | "all" | "off";

export interface SignInSettings {
  sso: SsoSettings | null;
  passwordSignIn: boolean;
  require2fa: TwoFactorRequirement;
  /** However active, a session ends this long after sign-in. */
  sessionMaxAgeSeconds: number;
  /** A session unused this long ends. */
  sessionIdleTimeoutSeconds: number;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90`, `90s`, `45m`, `12h`, `7d` → seconds. */
function duration(name: string, fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
      const seconds = match ? Number(match[1]) * (UNITS[match[2] || "s"] ?? 1) : NaN;
      if (!Number.isSafeInteger(seconds) || seconds < 60) {
        ctx.addIssue({
          code: "custom",
          message: `${name} must be a duration of at least a minute, like 90m or 12h`,
        });
        return z.NEVER;
      }
      return seconds;
    });
}

const list = (text: string | undefined) =>
  (text ?? "")
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);

/** The single sign-on variables that mean nothing without OIDC_ISSUER. */
const SSO_VARIABLES = [
  "OIDC_CLIENT_ID",
  "OIDC_CLIENT_SECRET",
  "OIDC_SCOPES",
  "OIDC_ALLOWED_DOMAINS",
  "OIDC_ROLE_CLAIM",
  "OIDC_ROLE_MAP",
] as const;

const schema = z
  .object({
    OIDC_ISSUER: z
      .url({ protocol: /^https?$/, message: "must be the issuer's http(s) URL" })
      .optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_NAME: z.string().max(40, "must be at most 40 characters").default("SSO"),
    OIDC_SCOPES: z.string().optional(),
    OIDC_ALLOWED_DOMAINS: z.string().optional(),
    OIDC_ROLE_CLAIM: z.string().optional(),
    OIDC_ROLE_MAP: z.string().optional(),
    PASSWORD_SIGN_IN: z.enum(["on", "off"], { message: 'must be "on" or "off"' }).default("on"),
    REQUIRE_2FA: z
      .enum(["admin", "all", "off"], { message: 'must be "admin", "all" or "off"' })
      .default("admin"),
    SESSION_MAX_AGE: duration("SESSION_MAX_AGE", "12h"),
    SESSION_IDLE_TIMEOUT: duration("SESSION_IDLE_TIMEOUT", "60m"),
  })
  .superRefine((env, ctx) => {
    const need = (key: keyof typeof env, why: string) => {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: why });
    };
    if (env.OIDC_ISSUER) {
      need("OIDC_CLIENT_ID", "is required with OIDC_ISSUER");
      need("OIDC_CLIENT_SECRET", "is required with OIDC_ISSUER");
      need("OIDC_ROLE_MAP", "is required with OIDC_ISSUER (e.g. metadeck-admins=admin,*=viewer)");
      if (env.OIDC_ROLE_MAP)
        try {
          parseRoleMap(env.OIDC_ROLE_MAP);
        } catch (error) {
          ctx.addIssue({
            code: "custom",
            path: ["OIDC_ROLE_MAP"],
            message: (error as Error).message,
          });
        }
    } else {
      // Half a configuration must not quietly mean "no single sign-on".
      const given = SSO_VARIABLES.filter((key) => env[key] !== undefined);
      if (given.length > 0)
        ctx.addIssue({
          code: "custom",
          path: ["OIDC_ISSUER"],
          message: `is required when ${given.join(", ")} ${given.length > 1 ? "are" : "is"} set`,
        });
      if (env.PASSWORD_SIGN_IN === "off")
        ctx.addIssue({
          code: "custom",
          path: ["PASSWORD_SIGN_IN"],
          message: "cannot be off without single sign-on (OIDC_ISSUER): no one could sign in",
        });
    }
  });

/**
 * Reads how staff sign in: the OpenID Connect provider (if any), whether passwords still work,
 * who needs a second factor, and session lifetimes. Throws naming each bad variable.
 */
export function parseSignInSettings(variables: Record<string, string | undefined>): SignInSettings {
  const present = Object.fromEntries(
    Object.entries(variables).filter(([, v]) => v !== undefined && v.trim() !== ""),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid sign-in configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const sso: SsoSettings | null =
    env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET && env.OIDC_ROLE_MAP
      ? {
          issuer: env.OIDC_ISSUER.replace(/\/$/, ""),
          clientId: env.OIDC_CLIENT_ID,
          clientSecret: env.OIDC_CLIENT_SECRET,
          name: env.OIDC_NAME,
          scopes: [...new Set(["openid", "email", "profile", ...list(env.OIDC_SCOPES)])],
          allowedDomains: list(env.OIDC_ALLOWED_DOMAINS).map((d) =>
            d.toLowerCase().replace(/^@/, ""),
          ),
          roleClaim: env.OIDC_ROLE_CLAIM?.trim() || null,
          roleMap: parseRoleMap(env.OIDC_ROLE_MAP),
        }
      : null;
  return {
    sso,
    passwordSignIn: env.PASSWORD_SIGN_IN === "on",
    require2fa: env.REQUIRE_2FA,
    sessionMaxAgeSeconds: env.SESSION_MAX_AGE,
    sessionIdleTimeoutSeconds: Math.min(env.SESSION_IDLE_TIMEOUT, env.SESSION_MAX_AGE),
  };
}
