/** The emulator's seeded users as the dashboard reads them, for loading an index without Clerk. */
import { seedUser } from "@/emulator/seed/seed-users";
import { toUserDto, type UserDto } from "@/lib/clerk/user-dto";

const verified = { status: "verified" };

/** The `index`-th seeded user (the same one `EMULATOR_SEED_USERS` makes) as a UserDto. */
export function seededUserDto(index: number): UserDto {
  const user = seedUser(index);
  return toUserDto({
    ...user,
    imageUrl: "",
    primaryEmailAddressId: user.emails[0]?.id ?? null,
    primaryPhoneNumberId: user.phones[0]?.id ?? null,
    emailAddresses: user.emails.map((email) => ({
      id: email.id,
      emailAddress: email.value,
      verification: verified,
    })),
    phoneNumbers: user.phones.map((phone) => ({
      id: phone.id,
      phoneNumber: phone.value,
      verification: verified,
    })),
    publicMetadata: user.metadata.public_metadata,
    privateMetadata: user.metadata.private_metadata,
    unsafeMetadata: user.metadata.unsafe_metadata,
  });
}
