import { jsonByteSize, type JsonObject } from "@/lib/metadata/json";
import { clerkId } from "../ids";
import { seededRandom } from "../random";
import type { IdentifierInput, MetadataBags, NewUser } from "../users/user-record";
import type { UserStore } from "../users/user-store";
import {
  EDITORS,
  FIRST_NAMES,
  FLAG_ADOPTION,
  LEGACY_FEATURE_KEYS,
  LAST_NAMES,
  LOCALES,
  ONBOARDING_STEPS,
  PERSONAL_DOMAINS,
  PHONE_PREFIXES,
  PLANS,
  ROLES,
  SUPPORT_TIERS,
  THEMES,
  WORK_DOMAINS,
} from "./seed-vocabulary";

/** Seeded users live in a fixed past so that the same count always gives the same users. */
const SEED_END = Date.UTC(2026, 10, 1);
const SEED_SPAN = 5 * 365 * 24 * 3600 * 1000;
const DAY = 24 * 3600 * 1000;
const BATCH = 5000;
const NEAR_LIMIT_BYTES = 7600;

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;
const between = (random: Random, low: number, high: number) =>
  low + Math.floor(random() * (high - low));

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "");
}

/** Public `features`: the catalogued flags with their adoption, and now and then a legacy key. */
function publicFeatures(random: Random): JsonObject {
  const result: JsonObject = {};
  for (const [key, { set, on }] of Object.entries(FLAG_ADOPTION))
    if (random() < set) result[key] = random() < on;
  if (random() < 0.55) result.editor = pick(random, EDITORS);
  for (const key of LEGACY_FEATURE_KEYS) if (random() < 0.06) result[key] = random() < 0.5;
  return result;
}

/** A long but legal history list that brings a bag close to Clerk's 8 KB cap. */
function nearLimitHistory(random: Random, createdAt: number): JsonObject[] {
  const entries: JsonObject[] = [];
  for (let i = 0, bytes = 2; bytes < NEAR_LIMIT_BYTES; i++) {
    const entry: JsonObject = {
      at: new Date(createdAt + i * DAY).toISOString(),
      event: pick(random, ["login", "export", "invite", "upgrade", "api-key-rotated"]),
      ip: `203.0.113.${between(random, 1, 255)}`,
    };
    entries.push(entry);
    bytes += jsonByteSize(entry) + 1;
  }
  return entries;
}

function metadataFor(index: number, random: Random, createdAt: number): MetadataBags {
  if (index % 12 === 5) return { public_metadata: {}, private_metadata: {}, unsafe_metadata: {} };
  const plan = pick(random, PLANS);
  const step = between(random, 0, ONBOARDING_STEPS.length);
  const publicMetadata: JsonObject = {
    role: pick(random, ROLES),
    plan,
    features: publicFeatures(random),
  };
  if (random() < 0.3)
    publicMetadata.teams = [pick(random, ["growth", "core", "mobile", "data", "infra"])];
  const privateMetadata: JsonObject =
    plan === "free"
      ? { crmId: `crm_${between(random, 10000, 99999)}` }
      : {
          stripeCustomerId: `cus_${clerkId("x", random).slice(2, 16)}`,
          billing: {
            seats: between(random, 1, 50),
            renewsOn: new Date(createdAt + 400 * DAY).toISOString().slice(0, 10),
          },
        };
  const tier = SUPPORT_TIERS[plan];
  // Most paid accounts were given their tier; a few still wait on the default.
  if (tier && random() < 0.8) privateMetadata.features = { support_tier: tier };
  if (random() < 0.1) privateMetadata.supportNotes = "Asked about SSO during onboarding call.";
  const unsafeMetadata: JsonObject = {
    onboarding: {
      step: ONBOARDING_STEPS[step] as string,
      completed: step === ONBOARDING_STEPS.length - 1,
    },
  };
  if (random() < 0.4) unsafeMetadata.theme = pick(random, THEMES);
  // Every hundredth user carries a history near the size cap, as long-lived accounts do.
  if (index % 100 === 42) privateMetadata.loginHistory = nearLimitHistory(random, createdAt);
  return {
    public_metadata: publicMetadata,
    private_metadata: privateMetadata,
    unsafe_metadata: unsafeMetadata,
  };
}

/** The `index`-th synthetic user: a pure function of the index, ids included. */
export function seedUser(index: number): NewUser {
  const random = seededRandom(0x5eed0000 + index * 7919);
  const firstName = pick(random, FIRST_NAMES);
  const lastName = pick(random, LAST_NAMES);
  const createdAt = SEED_END - Math.floor(random() * SEED_SPAN);
  const local = `${slug(firstName)}.${slug(lastName)}${index}`;
  const emailCount = random() < 0.7 ? 1 : random() < 0.7 ? 2 : 3;
  const domains = [pick(random, PERSONAL_DOMAINS), pick(random, WORK_DOMAINS), "example.org"];
  const emails: IdentifierInput[] = domains.slice(0, emailCount).map((domain, n) => ({
    id: clerkId("idn", random),
    value: n === 0 ? `${local}@${domain}` : `${slug(firstName)}${index}.${n}@${domain}`,
    verificationStrategy: "email_code",
    createdAt: createdAt + n * DAY,
  }));
  const phones: IdentifierInput[] =
    random() < 0.35
      ? [
          {
            id: clerkId("idn", random),
            value: `${pick(random, PHONE_PREFIXES)}${String(index).padStart(7, "0")}`,
            verificationStrategy: "phone_code",
            createdAt,
          },
        ]
      : [];
  const neverSignedIn = random() < 0.08;
  const lastSignInAt = neverSignedIn ? null : between(random, createdAt, SEED_END);
  const lastActiveAt =
    lastSignInAt === null
      ? null
      : Math.floor(between(random, lastSignInAt, SEED_END + DAY) / DAY) * DAY;
  const passwordEnabled = random() < 0.8;
  return {
    id: clerkId("user", random),
    externalId: random() < 0.25 ? `ext-${100000 + index}` : null,
    username: random() < 0.75 ? `${slug(firstName)}_${slug(lastName)}${index}` : null,
    firstName,
    lastName,
    locale: pick(random, LOCALES),
    hasImage: random() < 0.3,
    passwordEnabled,
    totpEnabled: random() < 0.15,
    backupCodeEnabled: random() < 0.05,
    banned: index % 97 === 13,
    locked: index % 211 === 17,
    deleteSelfEnabled: true,
    createOrganizationEnabled: true,
    createOrganizationsLimit: null,
    bypassClientTrust: false,
    createdAt,
    updatedAt: between(random, createdAt, SEED_END),
    lastActiveAt,
    lastSignInAt,
    legalAcceptedAt: random() < 0.6 ? createdAt : null,
    passwordLastUpdatedAt: passwordEnabled ? createdAt : null,
    emails,
    phones,
    metadata: metadataFor(index, random, createdAt),
  };
}

/** Inserts users 0..count-1 in batches of one transaction each. */
export function seedUsers(store: UserStore, count: number): void {
  for (let start = 0; start < count; start += BATCH) {
    const batch: NewUser[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) batch.push(seedUser(i));
    store.insertMany(batch);
  }
}
