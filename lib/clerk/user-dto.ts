import { isJsonObject, plainJsonCopy, type JsonObject } from "@/lib/metadata/json";

/** A Clerk user as the dashboard passes it around: plain, serializable, no SDK classes. */
export interface UserDto {
  id: string;
  externalId: string | null;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  fullName: string | null;
  imageUrl: string;
  hasImage: boolean;
  primaryEmail: string | null;
  emails: { id: string; emailAddress: string; primary: boolean; verified: boolean }[];
  phones: { id: string; phoneNumber: string; primary: boolean; verified: boolean }[];
  createdAt: number;
  updatedAt: number;
  lastSignInAt: number | null;
  lastActiveAt: number | null;
  banned: boolean;
  locked: boolean;
  publicMetadata: JsonObject;
  privateMetadata: JsonObject;
  unsafeMetadata: JsonObject;
}

/** What a person would call the user: their name, else username, else email, else the id. */
export function userLabel(user: UserDto): string {
  return user.fullName ?? user.username ?? user.primaryEmail ?? user.id;
}

/** The fields read from the SDK's User; its class is not exported and its name is minified. */
export type SdkUserLike = Pick<
  UserDto,
  | "id"
  | "externalId"
  | "username"
  | "firstName"
  | "lastName"
  | "imageUrl"
  | "hasImage"
  | "createdAt"
  | "updatedAt"
  | "lastSignInAt"
  | "lastActiveAt"
  | "banned"
  | "locked"
> & {
  primaryEmailAddressId: string | null;
  primaryPhoneNumberId: string | null;
  emailAddresses: { id: string; emailAddress: string; verification: { status: string } | null }[];
  phoneNumbers: { id: string; phoneNumber: string; verification: { status: string } | null }[];
  publicMetadata: unknown;
  privateMetadata: unknown;
  unsafeMetadata: unknown;
};

function bag(value: unknown): JsonObject {
  // The copy drops any prototype the SDK gave the object, leaving plain JSON data.
  return isJsonObject(value) ? (plainJsonCopy(value) as JsonObject) : {};
}

type UserProfile = Omit<
  UserDto,
  "publicMetadata" | "privateMetadata" | "unsafeMetadata" | "emails" | "phones"
>;

/** The fields both the full user and the list row carry. */
function profileOf(user: SdkUserLike): UserProfile {
  const primaryEmail = user.emailAddresses.find((e) => e.id === user.primaryEmailAddressId);
  return {
    id: user.id,
    externalId: user.externalId,
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    fullName: [user.firstName, user.lastName].filter(Boolean).join(" ") || null,
    imageUrl: user.imageUrl,
    hasImage: user.hasImage,
    primaryEmail: primaryEmail?.emailAddress ?? null,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    lastSignInAt: user.lastSignInAt,
    lastActiveAt: user.lastActiveAt,
    banned: user.banned,
    locked: user.locked,
  };
}

export function toUserDto(user: SdkUserLike): UserDto {
  return {
    ...profileOf(user),
    emails: user.emailAddresses.map((e) => ({
      id: e.id,
      emailAddress: e.emailAddress,
      primary: e.id === user.primaryEmailAddressId,
      verified: e.verification?.status === "verified",
    })),
    phones: user.phoneNumbers.map((p) => ({
      id: p.id,
      phoneNumber: p.phoneNumber,
      primary: p.id === user.primaryPhoneNumberId,
      verified: p.verification?.status === "verified",
    })),
    publicMetadata: bag(user.publicMetadata),
    privateMetadata: bag(user.privateMetadata),
    unsafeMetadata: bag(user.unsafeMetadata),
  };
}

/** A row of the users list: no metadata bodies (only their keys), so pages stay small. */
export type UserSummaryDto = UserProfile & {
  metadataKeys: { public: string[]; private: string[]; unsafe: string[] };
};

const keysOf = (value: unknown) => (isJsonObject(value) ? Object.keys(value) : []);

export function toUserSummary(user: SdkUserLike): UserSummaryDto {
  return {
    ...profileOf(user),
    metadataKeys: {
      public: keysOf(user.publicMetadata),
      private: keysOf(user.privateMetadata),
      unsafe: keysOf(user.unsafeMetadata),
    },
  };
}
