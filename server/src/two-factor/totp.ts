// TOTP (RFC 6238) through otplib: 30-second steps, six digits, SHA-1, which every authenticator app reads; and the
// QR code an app scans (qrcode).
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

export function newTotpSecret(): string {
  return generateSecret();
}

export function otpauthUri(issuer: string, account: string, secret: string): string {
  return generateURI({ issuer, label: account, secret });
}

export async function qrCodeDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/**
 * The time step a code belongs to, when it is right for now or the step before or after (a phone's clock a little
 * off, a code typed as it turned), and later than `after`, the step of the last code accepted; else undefined.
 */
export async function verifyTotp(secret: string, token: string, nowMs: number, after: number): Promise<number | undefined> {
  try {
    const result = await verify({ secret, token, epoch: Math.floor(nowMs / 1000), epochTolerance: 30, ...(after > 0 ? { afterTimeStep: after } : {}) });
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  } catch {
    return undefined; // otplib refuses an `after` beyond now (a clock set back): no code is accepted until it passes
  }
}
