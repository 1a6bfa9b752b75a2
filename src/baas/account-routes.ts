import { Hono } from 'hono';
import type { AppEnv } from '../context.js';

export const accountRoutes = new Hono<AppEnv>();
