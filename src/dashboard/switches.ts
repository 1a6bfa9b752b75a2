import type { FaultRuleJson } from '../faults/rules.js';

/** A one-click fault: the rules of one of the shipped scenarios (fixtures/scenarios/), with the same ids. */
export interface FaultSwitch {
  label: string;
  hint: string;
  rules: (FaultRuleJson & { id: string })[];
}

// Same ids as the scenario files, so a mock started with --scenario shows that switch as on.
export const FAULT_SWITCHES: FaultSwitch[] = [
  {
    label: '404 · no account',
    hint: 'The next silent login and the next authorized login answer 404, as with createUser: false (no-account.json).',
    rules: [
      { id: 'no-account-silent-login', operation: 'silent-login', effect: '404', times: 1 },
      { id: 'no-account-authenticate', operation: 'authenticate', effect: '404', times: 1 },
    ],
  },
  {
    label: '603 · user refuses',
    hint: 'The next authorized login answers HTTP status 603 with the id and openid (user-refuses-603.json).',
    rules: [{ id: 'user-refuses-603', operation: 'authenticate', effect: '603', times: 1 }],
  },
  {
    label: 'timeout · platform hangs',
    hint: 'The next code exchange hangs for 60 s, then its connection is closed (platform-timeout.json).',
    rules: [{ id: 'platform-timeout', operation: 'code2session', effect: 'timeout', times: 1 }],
  },
];

/** Effects offered in the rule form; any other spelling may be typed. */
export const EFFECT_SUGGESTIONS = ['404', '603', 'deny', 'timeout', 'timeout:5000', 'delay:300', 'delay:100..400', 'status:500', 'status:502', 'reset', 'malformed', 'errno:40018'];
