import type { Context } from 'hono';

/**
 * Errors are values in the vocabulary of the service that answers them: ByteDance's err_no/errcode,
 * 知晓云's status and error_msg, or the mock's own envelope for the control API. Each is thrown where it
 * is found and rendered once, by the onError of its area.
 */
export abstract class MockError extends Error {
  abstract render(c: Context): Response;
}

/** A ByteDance open-platform error (contract A2/A3); the route decides the v2 or legacy envelope. */
export class OpenPlatformError extends MockError {
  constructor(readonly errNo: number, readonly tips: string, readonly status = 200) {
    super(tips);
  }
  render(c: Context): Response {
    return c.json({ err_no: this.errNo, err_tips: this.tips, data: {} }, this.status as 200);
  }
}

/** A 知晓云 error: HTTP status plus `{status: "error", error_msg}` (contract B6). */
export class BaasError extends MockError {
  constructor(readonly status: number, readonly errorMsg: string, readonly extra: Record<string, unknown> = {}) {
    super(errorMsg);
  }
  /** The answer's body, for a route that writes its answer itself. */
  body(): Record<string, unknown> {
    return { status: 'error', error_msg: this.errorMsg, ...this.extra };
  }
  render(c: Context): Response {
    return c.json(this.body(), this.status as 400);
  }
}

/** What a 知晓云 route answers, with 500, for a bug in the mock: the log has the details. */
export const INTERNAL_BAAS_ERROR = { status: 'error', error_msg: 'internal error in tt-baas-mock' } as const;

/** The mock's own complaint, shaped so that no one mistakes it for a production answer. */
export class ControlError extends MockError {
  constructor(readonly status: number, readonly error: string, readonly hint?: string, readonly field?: string) {
    super(error);
  }
  render(c: Context): Response {
    const body: Record<string, string> = { error: this.error };
    if (this.field) body.field = this.field;
    if (this.hint) body.hint = this.hint;
    return c.json({ mock: body }, this.status as 400);
  }
}

/** Builds the error an area throws for a bad request field, so validators can serve every area. */
export type FieldErrorFactory = (field: string, problem: string, status?: number) => MockError;

export const baasFieldError: FieldErrorFactory = (field, problem, status = 400) =>
  new BaasError(status, `${field}: ${problem}`);
export const controlFieldError: FieldErrorFactory = (field, problem, status = 400) =>
  new ControlError(status, `${field}: ${problem}`, undefined, field);
