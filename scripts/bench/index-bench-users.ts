/** The emulator's seeded users as the dashboard reads them, for loading an index without Clerk. */
import { seedUser } from "@/emulator/seed/seed-users";
import type { UserDto } from "@/lib/clerk/user-dto";

/** The `index`-th seeded user (the same one `EMULATOR_SEED_USERS` makes) as a UserDto. */
export function seededUserDto(index: number): UserDto {
  const user = seedUser(index);
  const fullName = [user.firstName, user.lastName].filter(Boolean).join(" ") || null;
  return {
    id: user.id,
    externalId: user.externalId,
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    fullName,
    imageUrl: "",
    hasImage: user.hasImage,
    primaryEmail: user.emails[0]?.value ?? null,
    emails: user.emails.map((email, n) => ({
      id: email.id,
      emailAddress: email.value,
      primary: n === 0,
      verified: true,
    })),
    phones: user.phones.map((phone, n) => ({
      id: phone.id,
      phoneNumber: phone.value,
      primary: n === 0,
      verified: true,
    })),
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    lastSignInAt: user.lastSignInAt,
    lastActiveAt: user.lastActiveAt,
    banned: user.banned,
    locked: user.locked,
    publicMetadata: user.metadata.public_metadata,
    privateMetadata: user.metadata.private_metadata,
    unsafeMetadata: user.metadata.unsafe_metadata,
  };
}
