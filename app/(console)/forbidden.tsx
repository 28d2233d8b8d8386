import { Forbidden } from "@/components/auth/forbidden";
import { currentStaff } from "@/lib/auth/current-staff";

/** The 403 page: `forbidden()` from any console page (requirePageAccess) renders this. */
export default async function ConsoleForbidden() {
  const staff = await currentStaff();
  return <Forbidden role={staff?.role ?? null} />;
}
