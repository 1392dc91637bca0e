/**
 * RFC 9457 problem details as the hosts return them, and the error type every API call
 * throws. Pure: no fetch here, so the mapping is unit-tested on its own.
 */

export interface ProblemDetails {
  status: number;
  title: string;
  detail?: string;
  errors: Record<string, string[]>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  /** Validation messages keyed by camelCase field name (`amount`, `userId`, …). */
  readonly fieldErrors: Record<string, string[]>;

  constructor(problem: ProblemDetails) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.fieldErrors = problem.errors;
  }

  /** What to say when no field claims the error. */
  get summary(): string {
    return this.detail && this.detail !== this.title ? `${this.title}: ${this.detail}` : this.title;
  }
}

/**
 * ASP.NET names fields in several ways (`Amount`, `$.amount`, `request.Amount`, `Items[0].Id`);
 * forms know them by the contract's camelCase name.
 */
export function normalizeFieldName(key: string): string {
  const withoutRoot = key.replace(/^\$\.?/, '');
  const last = withoutRoot.split('.').pop() ?? '';
  const bare = last.replace(/\[\d+\]$/, '');
  return bare.length > 0 ? bare[0]!.toLowerCase() + bare.slice(1) : '';
}

function normalizeErrors(raw: unknown): Record<string, string[]> {
  if (typeof raw !== 'object' || raw === null) return {};
  const result: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(raw)) {
    const messages = (Array.isArray(value) ? value : [value]).filter((m): m is string => typeof m === 'string');
    if (messages.length === 0) continue;
    const field = normalizeFieldName(key);
    result[field] = [...(result[field] ?? []), ...messages];
  }
  return result;
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad request',
  404: 'Not found',
  409: 'Conflict',
  422: 'Unprocessable request',
  500: 'Server error',
  502: 'Service unavailable',
  503: 'Service unavailable',
  504: 'Service did not answer',
};

/**
 * Builds the problem for a failed response from its status and (possibly empty or non-JSON)
 * body text. A proxy in front of a stopped host answers with plain text or nothing, so
 * every field falls back to something readable.
 */
export function parseProblem(status: number, bodyText: string): ProblemDetails {
  const fallbackTitle = STATUS_TITLES[status] ?? `Request failed (${status})`;
  let body: unknown;
  try {
    body = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    body = undefined;
  }
  if (typeof body !== 'object' || body === null) {
    return { status, title: fallbackTitle, errors: {} };
  }
  const record = body as Record<string, unknown>;
  const title = typeof record.title === 'string' && record.title ? record.title : fallbackTitle;
  const detail = typeof record.detail === 'string' && record.detail ? record.detail : undefined;
  return { status, title, ...(detail ? { detail } : {}), errors: normalizeErrors(record.errors) };
}

/** The error for a request that got no HTTP response at all. */
export function networkProblem(): ProblemDetails {
  return {
    status: 0,
    title: 'Network error',
    detail: 'The server could not be reached.',
    errors: {},
  };
}

/** One line describing any error: the problem's title and detail, or the error's message. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.summary;
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** What a form shows for a failed call: messages by field, and one for the form itself. */
export interface FormErrors {
  fields: Record<string, string>;
  form: string | null;
}

/**
 * Maps any error to the form's fields: validation messages for `fields` go next to them;
 * anything else (other fields, a problem without field errors, a network failure) is shown
 * for the whole form.
 */
export function toFormErrors(error: unknown, fields: readonly string[]): FormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, form: errorMessage(error) };
  const mapped: Record<string, string> = {};
  const others: string[] = [];
  for (const [field, messages] of Object.entries(error.fieldErrors)) {
    if (fields.includes(field)) mapped[field] = messages.join(' ');
    else others.push(...messages);
  }
  const form = others.length > 0 ? others.join(' ') : Object.keys(mapped).length > 0 ? null : error.summary;
  return { fields: mapped, form };
}

export const NO_ERRORS: FormErrors = { fields: {}, form: null };
