import { rmSync } from 'node:fs';
import { DATA_DIR } from './environment';

export default function removeDataFolder(): void {
  rmSync(DATA_DIR, { recursive: true, force: true });
}
