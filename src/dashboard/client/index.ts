import { ACTIONS_JS } from './actions.js';
import { CORE_JS } from './core.js';
import { LIVE_JS } from './live.js';
import { PANELS_JS } from './panels.js';
import { TRY_IT_JS } from './try-it.js';

/** The page's one script: the parts in order, in a scope of their own. */
export const SCRIPT = ['(() => {', "'use strict';", CORE_JS, PANELS_JS, ACTIONS_JS, TRY_IT_JS, LIVE_JS, '})();'].join('\n');
