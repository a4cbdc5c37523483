import type { DomainError } from '@loyalty/shared';

/** The code a check throws, or 'accepted' when it throws nothing. */
export function codeOf(check: () => unknown): string {
  try {
    check();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'accepted';
}
