// What a workspace may be called: the same rule when it is created, renamed, or named by FOYER_WORKSPACE_NAME.
// Pure: config.ts reads it, so it takes nothing from the HTTP layer (the contract holds the request field).
import { MAX_WORKSPACE_NAME_LENGTH } from '@foyer/contract';

/** The single-mode workspace's name when FOYER_WORKSPACE_NAME is not set. */
export const DEFAULT_WORKSPACE_NAME = 'Main workspace';

/** Pure rule, for names that come from elsewhere than a request (configuration): why the name is refused. */
export function workspaceNameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'must not be empty';
  if (trimmed.length > MAX_WORKSPACE_NAME_LENGTH) return `must be at most ${MAX_WORKSPACE_NAME_LENGTH} characters`;
  return undefined;
}
