import { z } from "zod";

/** Where a flag may live: the bags only the backend can write to. */
const FLAG_LOCATIONS = ["public_metadata", "private_metadata"] as const;

const common = {
  key: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
      "must start with a letter and hold only letters, digits, _ and - (at most 64)",
    ),
  description: z.string().trim().min(1, "must say what the flag does"),
  owner: z.string().trim().min(1, "must name who owns the flag"),
  location: z.enum(FLAG_LOCATIONS).default("public_metadata"),
  /** A change of this flag waits for an admin's approval (review.rules in the config). */
  review: z.boolean({ error: "must be true or false" }).default(false),
};

const booleanFlag = z.object({
  ...common,
  type: z.literal("boolean"),
  default: z.boolean({ error: "must be true or false for a boolean flag" }),
});

const enumFlag = z
  .object({
    ...common,
    type: z.literal("enum"),
    values: z
      .array(z.string().min(1, "must not be empty"))
      .min(2, "must list at least two values")
      .refine((values) => new Set(values).size === values.length, "must not repeat a value"),
    default: z.string({ error: "must be one of the flag's values" }),
  })
  .refine((flag) => flag.values.includes(flag.default), {
    message: "must be one of the flag's values",
    path: ["default"],
  });

const flag = z.discriminatedUnion("type", [booleanFlag, enumFlag], {
  error: 'type must be "boolean" or "enum"',
});

const catalogueSchema = z
  .object({
    version: z.number().int().positive(),
    flags: z.array(flag),
  })
  .superRefine((catalogue, ctx) => {
    const seen = new Set<string>();
    catalogue.flags.forEach((f, index) => {
      if (seen.has(f.key))
        ctx.addIssue({ code: "custom", path: ["flags", index, "key"], message: "is used twice" });
      seen.add(f.key);
    });
  });

export type FlagCatalogue = z.output<typeof catalogueSchema>;
export type FlagDefinition = FlagCatalogue["flags"][number];
export type FlagValue = boolean | string;
/** What `metadeck.config.ts` declares (`location` may be left out). */
export type MetadeckConfig = z.input<typeof catalogueSchema>;

export type CatalogueResult =
  { ok: true; catalogue: FlagCatalogue } | { ok: false; problems: string[] };

/** Checks a catalogue; each problem names the entry (index and key) and the field. */
export function parseCatalogue(raw: unknown): CatalogueResult {
  const parsed = catalogueSchema.safeParse(raw);
  if (parsed.success) return { ok: true, catalogue: parsed.data };
  const flags = (raw as { flags?: unknown[] } | null)?.flags;
  const problems = parsed.error.issues.map((issue) => {
    const [first, index, ...rest] = issue.path;
    if (first === "flags" && typeof index === "number") {
      const key = (flags?.[index] as { key?: unknown } | undefined)?.key;
      const name = typeof key === "string" ? ` ("${key}")` : "";
      const field = rest.length > 0 ? `${rest.join(".")} ` : "";
      return `flags[${index}]${name}: ${field}${issue.message}`;
    }
    return `${issue.path.join(".") || "catalogue"}: ${issue.message}`;
  });
  return { ok: false, problems };
}

/** The catalogue, or an error whose message lists every problem, for start-up to stop on. */
export function catalogueOrThrow(raw: unknown): FlagCatalogue {
  const result = parseCatalogue(raw);
  if (result.ok) return result.catalogue;
  throw new Error(
    `metadeck.config.ts has a malformed flag catalogue:\n${result.problems.map((p) => `  - ${p}`).join("\n")}`,
  );
}
