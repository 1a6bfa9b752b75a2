export { createApp } from './app.js';
export { AdjustableClock, ManualClock, type Clock } from './clock.js';
export type { Deps } from './context.js';
export { defaultOptions, resolveOptions, type MockOptions } from './options.js';
export { startServer, StartError, type RunningMock } from './server.js';
export { openStore } from './store/open.js';
export type { Data, UserRecord } from './store/schema.js';
