import type { UserDto } from "@/lib/clerk/user-dto";
import type { Bags } from "@/lib/metadata/bags";

/** A user's metadata as the three bags the Backend API names. */
export function userBags(user: UserDto): Bags {
  return {
    public_metadata: user.publicMetadata,
    private_metadata: user.privateMetadata,
    unsafe_metadata: user.unsafeMetadata,
  };
}
