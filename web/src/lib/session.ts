/** Which user this browser signed in as, and recent ones, kept in localStorage. */

const CURRENT_KEY = 'payord.currentUser';
const RECENT_KEY = 'payord.recentUsers';
const MAX_RECENT = 6;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage may be unavailable (private mode); signing in still works for this tab.
  }
}

export const currentUser = (): string | null => read(CURRENT_KEY);

export function recentUsers(): string[] {
  try {
    const parsed: unknown = JSON.parse(read(RECENT_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberUser(userId: string): void {
  write(CURRENT_KEY, userId);
  const recent = [userId, ...recentUsers().filter((id) => id !== userId)].slice(0, MAX_RECENT);
  write(RECENT_KEY, JSON.stringify(recent));
}

export const forgetCurrentUser = (): void => write(CURRENT_KEY, null);
