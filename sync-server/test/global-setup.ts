import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres-server.ts';

/** One real PostgreSQL for the whole server test run; each test file makes its own database. */
export default async function setup(project: TestProject) {
  const server = await startTestPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
