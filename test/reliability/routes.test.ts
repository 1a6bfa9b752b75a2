import { describe, expect, it } from 'vitest';
import { newTestMock } from '../helpers.js';
import { ROUTES } from './routes.js';

// The dashboard's HTML pages read no body and no query, and answer HTML, not JSON errors.
const PAGES = new Set(['GET /', 'GET /__mock', 'GET /__mock/']);

describe('the route list the bad-input tests walk', () => {
  it('names every route the app serves, so a new route cannot miss them', async () => {
    const { app } = await newTestMock();
    const served = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    for (const page of PAGES) expect(served.has(page)).toBe(true);
    for (const page of PAGES) served.delete(page);
    const listed = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
    expect([...served].filter((r) => !listed.has(r)).sort()).toEqual([]);
  });
});
