/** Who is holding the fake phone, where the mini-program runs, and how it reaches the mock. */
export interface Device {
  url: string;
  clientId: string;
  host: string;
  person: string;
  appName: string;
  platform: string;
  timeoutMs: number;
  controlToken: string | undefined;
  device: string | undefined;
  networkType: string;
  /** `host person` pairs this device has logged in with `tt.login`. */
  logins: Set<string>;
}

export const online = (d: Device): boolean => d.networkType !== 'none';

export const loginKey = (d: Device): string => `${d.host}\u0000${d.person}`;
