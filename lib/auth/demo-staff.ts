import type { Role } from "./roles";
import { addStaff, listStaff, type StaffDesk } from "./staff-accounts";

/** One account per role for embedded mode only; never created when a real Clerk key is set. */
export const DEMO_STAFF: readonly { email: string; role: Role; password: string }[] = [
  { email: "viewer@metadeck.local", role: "viewer", password: "demo-viewer-password" },
  { email: "product@metadeck.local", role: "product", password: "demo-product-password" },
  { email: "support@metadeck.local", role: "support", password: "demo-support-password" },
  { email: "admin@metadeck.local", role: "admin", password: "demo-admin-password" },
];

export async function ensureDemoStaff(desk: StaffDesk): Promise<void> {
  const existing = new Set((await listStaff(desk.auth)).map((s) => s.email));
  for (const demo of DEMO_STAFF) {
    if (existing.has(demo.email)) continue;
    const added = await addStaff(desk, { ...demo, name: `Demo ${demo.role}` });
    if (!added.ok)
      throw new Error(`Could not create the demo ${demo.role} account: ${added.error.message}`);
  }
}
