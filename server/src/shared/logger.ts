/** What Foyer logs through (Fastify's pino logger, or a quiet one in the CLI and tests). */
export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}
