/**
 * What a failed hub invocation means. SignalR rejects it with an Error whose message wraps the server's
 * HubException: "An unexpected error occurred invoking 'CreateOrder' on the server. HubException: <message>",
 * and the server's message is the problem as JSON (`status`, `title`, `detail`, `errors`), shaped like the REST
 * problem+json. Any other failure means the call never got an answer: the connection was down or dropped.
 */
import { ApiError, parseProblem } from '../../api/problem';

const HUB_EXCEPTION = 'HubException:';

export const NOT_CONNECTED = 'Not connected to the server. Try again in a moment.';

/** Whether the server answered the invocation (with an error); if not, the call may never have arrived. */
export function answeredByServer(error: unknown): boolean {
  return /HubException:|on the server/.test(messageOf(error));
}

/**
 * The error to show for a failed invocation: an ApiError carrying the server's problem (so forms put each
 * message next to its field), the server's plain message if it sent no JSON, or a "not connected" error.
 */
export function toHubError(error: unknown): Error {
  const raw = messageOf(error);
  const at = raw.indexOf(HUB_EXCEPTION);
  if (at >= 0) {
    const message = raw.slice(at + HUB_EXCEPTION.length).trim();
    return hubProblem(message) ?? new Error(message);
  }
  if (!answeredByServer(error)) return new Error(NOT_CONNECTED);
  return error instanceof Error ? error : new Error(raw);
}

function hubProblem(message: string): ApiError | null {
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const { status, title } = body as Record<string, unknown>;
  if (typeof status !== 'number' || typeof title !== 'string') return null;
  return new ApiError(parseProblem(status, message));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
