import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { accountRoutes } from './account-routes.js';
import { bytedanceRoutes } from './bytedance-routes.js';
import { miscRoutes } from './misc-routes.js';
import { tenancy } from './tenancy.js';
import { userRoutes } from './user-routes.js';

/** The fake 知晓云 API: every path under /hserve/ belongs to one client's tenant. */
export const baasRoutes = new Hono<AppEnv>();

baasRoutes.use('/hserve/*', tenancy);
baasRoutes.route('/', miscRoutes);
baasRoutes.route('/', bytedanceRoutes);
baasRoutes.route('/', accountRoutes);
baasRoutes.route('/', userRoutes);
