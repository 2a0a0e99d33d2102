// What a ClearML client needs to use a new key pair, in the two forms the create dialog shows.

export interface ClientConfiguration {
  accessKey: string;
  secretKey: string;
  label?: string | null;
  /** the server's configured public URLs (server.info), never guessed from the browser */
  urls: { web: string; api: string; files: string };
}

/** A label on one comment line: line breaks would end the comment and corrupt the block. */
function commentText(label: string): string {
  return label.replace(/[\r\n]+/g, ' ').trim();
}

/** The `api { ... }` block that `clearml-init` accepts and clearml.conf holds. */
export function clearmlInitBlock({ accessKey, secretKey, label, urls }: ClientConfiguration): string {
  const lines = ['api {'];
  if (label && commentText(label)) lines.push(`    # ${commentText(label)}`);
  lines.push(
    `    web_server: ${urls.web}`,
    `    api_server: ${urls.api}`,
    `    files_server: ${urls.files}`,
    '    credentials {',
    `        "access_key" = "${accessKey}"`,
    `        "secret_key" = "${secretKey}"`,
    '    }',
    '}',
  );
  return lines.join('\n');
}

/** The Jupyter `%env` lines that configure the ClearML SDK inside a notebook. */
export function jupyterEnvLines({ accessKey, secretKey, urls }: ClientConfiguration): string {
  return [
    `%env CLEARML_WEB_HOST=${urls.web}`,
    `%env CLEARML_API_HOST=${urls.api}`,
    `%env CLEARML_FILES_HOST=${urls.files}`,
    `%env CLEARML_API_ACCESS_KEY=${accessKey}`,
    `%env CLEARML_API_SECRET_KEY=${secretKey}`,
  ].join('\n');
}
