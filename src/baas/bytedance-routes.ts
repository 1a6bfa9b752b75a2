import { Hono } from 'hono';
import type { AppEnv } from '../context.js';

export const bytedanceRoutes = new Hono<AppEnv>();
