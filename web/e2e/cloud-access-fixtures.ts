// A real local S3 server for the cloud access tests: s3rver, in this process, on a free port, with real objects
// (a PNG of known size, a text file, an HTML page, a WAV sound). s3rver checks access key ids but not SigV4
// signatures, so a wrong Key is refused (403) while any Secret is accepted.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { freePort } from '../../scripts/free-port.mjs';

const require = createRequire(import.meta.url);

interface S3rverInstance {
  run(): Promise<unknown>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

/** The access key id s3rver knows. */
export const S3RVER_KEY = 'S3RVER';

/** A bucket whose CORS rules let any page read it (as a bucket set up for the web app would be). */
export const OPEN_BUCKET = 'bucket';
/** A bucket with no CORS rules: images still show, but a page cannot read a response. */
export const CLOSED_BUCKET = 'closed-bucket';

const CORS_ANY_ORIGIN = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
  </CORSRule>
</CORSConfiguration>`;

export interface LocalS3 {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  put(bucket: string, key: string, body: Buffer, contentType: string): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalS3(): Promise<LocalS3> {
  const S3rver = require('s3rver') as S3rverConstructor;
  const directory = mkdtempSync(join(tmpdir(), 'foyer-e2e-s3rver-'));
  const port = await freePort();
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: OPEN_BUCKET, configs: [CORS_ANY_ORIGIN] }, { name: CLOSED_BUCKET }],
  });
  await server.run();
  const url = `http://127.0.0.1:${port}`;
  return {
    port,
    url,
    async put(bucket, key, body, contentType) {
      // s3rver accepts an unsigned PUT; the objects' keys are URL-encoded per path segment.
      const path = key.split('/').map(encodeURIComponent).join('/');
      const response = await fetch(`${url}/${bucket}/${path}`, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-Type': contentType } });
      if (!response.ok) throw new Error(`s3rver refused PUT ${bucket}/${key}: HTTP ${response.status} ${await response.text()}`);
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A real PNG (8-bit RGB, a diagonal gradient) of the given size, encoded here with node:zlib. */
export function pngImage(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = Math.round((255 * x) / Math.max(1, width - 1));
      raw[row + 2 + x * 3] = Math.round((255 * y) / Math.max(1, height - 1));
      raw[row + 3 + x * 3] = 160;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typeAndData));
    return Buffer.concat([length, typeAndData, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // color type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A mono 16-bit PCM WAV of silence with a soft tone, `seconds` long. */
export function wavSound(seconds: number, sampleRate = 8000): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
