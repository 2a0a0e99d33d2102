// A person's two-factor sign-in: seen and changed only from a session opened with the password, never with a key pair
// (or a token one opened), since a program holding a key must not be able to lock its owner out.
import { passwordSessionOnly, policy } from './core.ts';

export const twoFactorPolicy = policy('two_factor').allow(['read', 'manage'], passwordSessionOnly('Two-factor sign-in is managed'));
