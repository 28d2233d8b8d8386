import type { UserDto } from "@/lib/clerk/user-dto";

/** A user as the dashboard reads them from Clerk: nothing set but what the test gives. */
export function userDto(id: string, fields: Partial<UserDto> = {}): UserDto {
  return {
    id,
    externalId: null,
    username: null,
    firstName: null,
    lastName: null,
    fullName: null,
    imageUrl: "",
    hasImage: false,
    primaryEmail: null,
    emails: [],
    phones: [],
    createdAt: 1,
    updatedAt: 1,
    lastSignInAt: null,
    lastActiveAt: null,
    banned: false,
    locked: false,
    publicMetadata: {},
    privateMetadata: {},
    unsafeMetadata: {},
    ...fields,
  };
}
