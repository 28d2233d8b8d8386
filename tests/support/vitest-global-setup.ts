import { createDatabaseTemplates } from "./database-templates";

/** Runs once before every test file: the migrated templates the test databases copy. */
export default async function setup() {
  const templates = await createDatabaseTemplates(process.env.TEST_DATABASE_URL);
  Object.assign(process.env, templates.env);
  return () => templates.dispose();
}
