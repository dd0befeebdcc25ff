import { makeProblem, type Problem, type ProblemCode } from '@bedside/shared';
import { noteServerReached, noteServerUnreachable } from './reachability';

/** The server answered, but not with success; `problem` is its problem+json (or one made up). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** The request never got an answer: offline, DNS, connection reset, server down. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The server could not be reached.', { cause });
    this.name = 'NetworkError';
  }
}

export type ApiInit = Omit<RequestInit, 'body'> & {
  /** Sent as the JSON body with the matching content type. */
  json?: unknown;
};

/**
 * Calls the Bedside API on this origin with the session cookie and returns the parsed JSON
 * body (undefined for an empty one). Throws `ApiError` for any non-2xx answer and
 * `NetworkError` when no answer came (or, the browser being offline, none was asked). Runs in pages and in the service worker alike.
 */
export async function apiFetch<T>(path: string, init: ApiInit = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const requestHeaders = new Headers(headers);
  requestHeaders.set('Accept', 'application/json, application/problem+json');
  if (json !== undefined) requestHeaders.set('Content-Type', 'application/json');

  // Known offline, a request can only fail, and the browser would log each failure as an
  // error: fail the same way without sending it (the sync loop waits for 'online').
  if (typeof navigator !== 'undefined' && navigator.onLine === false)
    throw new NetworkError(new Error('The browser is offline.'));

  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      headers: requestHeaders,
      credentials: 'same-origin',
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    noteServerUnreachable();
    throw new NetworkError(error);
  }

  // A gateway's 502-504 means the request stopped short of Bedside.
  if (response.status >= 502 && response.status <= 504) noteServerUnreachable();
  else noteServerReached();

  const body = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, toProblem(response, body));
  return body as T;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isProblem(body: unknown): body is Problem {
  return (
    typeof body === 'object' &&
    body !== null &&
    'type' in body &&
    typeof body.type === 'string' &&
    'title' in body &&
    typeof body.title === 'string'
  );
}

function toProblem(response: Response, body: unknown): Problem {
  if (isProblem(body)) return { ...body, status: response.status };
  const code = response.status >= 500 ? 'internal' : 'bad-request';
  return makeProblem(
    code,
    response.status,
    response.statusText || `The server answered ${response.status}.`,
  );
}

export function isNetworkError(error: unknown): error is NetworkError {
  return error instanceof NetworkError;
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

/** True when the server answered with the problem type `code` (matched on the type's last segment). */
export function hasProblemCode(error: unknown, code: ProblemCode): boolean {
  return (
    error instanceof ApiError &&
    (error.problem.type === code || error.problem.type.endsWith(`/${code}`))
  );
}
