import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';

export function healthRoutes() {
  return new Hono<AppEnv>().get('/', (c) => c.json({ ok: true }));
}
