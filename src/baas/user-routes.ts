import { Hono } from 'hono';
import type { AppEnv } from '../context.js';

export const userRoutes = new Hono<AppEnv>();
