import { Alert, Box, Button, Group, Loader, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { signUrl } from '../../../api/storage-access';
import classes from './CloudAccess.module.css';
import { formatBytes } from './describe';
import { checkObject, fetchObject, readText, type ObjectFailure } from './object-check';
import { KIND_LABELS, kindFromContentType, kindFromName, objectName, type ObjectKind } from './object-kind';
import { LoadFailureAlert, SignedBy, SignFailureAlert } from './results';
import type { AccessRow, SignFailureReason } from '@foyer/contract';

/** At most this much of a text object is shown. */
const TEXT_LIMIT = 512 * 1024;

type Choice = 'auto' | ObjectKind;

const CHOICES: Array<{ value: Choice; label: string }> = [
  { value: 'auto', label: 'Automatic' },
  ...(Object.keys(KIND_LABELS) as ObjectKind[]).map((kind) => ({ value: kind, label: KIND_LABELS[kind] })),
];

/** What one click on Preview produced. `objectUrl` is the (signed, or public) URL the browser loads. */
type Shown =
  | { state: 'loading' }
  | { state: 'sign_failed'; reason: SignFailureReason; error: string }
  | { state: 'error'; message: string }
  | { state: 'unknown_kind'; signing: Signing }
  | { state: 'load_failed'; signing: Signing; failure: ObjectFailure }
  | { state: 'ready'; signing: Signing; kind: Exclude<ObjectKind, 'text'> }
  | { state: 'text'; signing: Signing; text: string; truncated: boolean; contentType?: string };

interface Signing {
  name: string;
  objectUrl: string;
  /** the row and expiry when Foyer signed it; undefined for a public http(s) URL that no row signs */
  row?: string;
  expires?: string;
}

/**
 * "Preview an object": any supported URL, signed with the matching row and rendered as the web app renders debug
 * samples. HTML runs only inside an iframe with an empty sandbox (no scripts, no same-origin access).
 */
export function ObjectPreview({ rows }: { rows: AccessRow[] }) {
  const id = useId();
  const [url, setUrl] = useState('');
  const [choice, setChoice] = useState<Choice>('auto');
  const [problem, setProblem] = useState<string | undefined>();
  const [shown, setShown] = useState<Shown | undefined>();
  const [attempt, setAttempt] = useState(0);
  const abort = useRef<AbortController | undefined>(undefined);

  useEffect(() => () => abort.current?.abort(), []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const objectUrl = url.trim();
    if (!objectUrl) {
      setProblem('Enter the URL of an object, e.g. s3://bucket/path/sample.png.');
      return;
    }
    setProblem(undefined);
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setAttempt((n) => n + 1);
    setShown({ state: 'loading' });
    try {
      const result = await preview(objectUrl, choice, controller.signal);
      if (!controller.signal.aborted) setShown(result);
    } catch (error) {
      if (!controller.signal.aborted) setShown({ state: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <Stack gap="sm">
      <div>
        <Title order={3} fz="lg" id={`${id}-heading`}>
          Preview an object
        </Title>
        <Text size="sm" c="dimmed" mt={4}>
          Paste the URL of a debug sample or artifact (s3://, gs://, azure:// or http(s)://). Foyer signs it with the matching
          keys above and this page shows it: images, video, audio and text, and HTML in a sandbox without scripts.
        </Text>
      </div>
      <form onSubmit={onSubmit} noValidate aria-labelledby={`${id}-heading`}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label="Object URL"
            placeholder="s3://bucket/path/to/sample.png"
            value={url}
            spellCheck={false}
            autoComplete="off"
            inputMode="url"
            error={problem}
            onChange={(event) => setUrl(event.currentTarget.value)}
            className={classes.previewUrl}
          />
          <NativeSelect
            label="Show as"
            data={CHOICES}
            value={choice}
            onChange={(event) => setChoice(event.currentTarget.value as Choice)}
            w={220}
          />
          <Button type="submit" loading={shown?.state === 'loading'}>
            Preview
          </Button>
        </Group>
      </form>
      <div aria-live="polite">{shown && <ShownObject key={attempt} shown={shown} rows={rows} />}</div>
    </Stack>
  );
}

async function preview(objectUrl: string, choice: Choice, signal: AbortSignal): Promise<Shown> {
  const sign = await signUrl(objectUrl);
  let signing: Signing;
  if ('signed_url' in sign) {
    signing = { name: objectName(objectUrl), objectUrl: sign.signed_url, row: sign.row, expires: sign.expires };
  } else if (sign.reason === 'no_matching_row' && /^https?:\/\//i.test(objectUrl)) {
    signing = { name: objectName(objectUrl), objectUrl }; // a public http(s) object: shown as it is
  } else {
    return { state: 'sign_failed', reason: sign.reason, error: sign.error };
  }

  let kind: ObjectKind | undefined = choice === 'auto' ? kindFromName(objectUrl) : choice;
  if (kind === undefined || kind === 'text') {
    const loaded = await fetchObject(signing.objectUrl, signal);
    if (!loaded.ok) return { state: 'load_failed', signing, failure: loaded };
    kind ??= kindFromContentType(loaded.contentType);
    if (kind !== 'text') {
      await loaded.response.body?.cancel().catch(() => undefined);
      return kind ? { state: 'ready', signing, kind } : { state: 'unknown_kind', signing };
    }
    const { text, truncated } = await readText(loaded.response, TEXT_LIMIT);
    return { state: 'text', signing, text, truncated, contentType: loaded.contentType };
  }
  return { state: 'ready', signing, kind };
}

function ShownObject({ shown, rows }: { shown: Shown; rows: AccessRow[] }) {
  if (shown.state === 'loading') return <Loader size="sm" aria-label="Loading the preview" />;
  if (shown.state === 'sign_failed') return <SignFailureAlert reason={shown.reason} error={shown.error} />;
  if (shown.state === 'error') {
    return (
      <Alert color="red" variant="light" title="The preview could not be made">
        {shown.message}
      </Alert>
    );
  }
  const { signing } = shown;
  return (
    <Stack gap="xs">
      {signing.row && signing.expires ? (
        <SignedBy rowId={signing.row} rows={rows} expires={signing.expires} />
      ) : (
        <Text size="sm" c="dimmed">
          No row signs this http(s) URL, so it is loaded as it is (a public object).
        </Text>
      )}
      {shown.state === 'unknown_kind' && (
        <Alert color="yellow" variant="light" title="Which kind of object is this?">
          Neither its name nor its Content-Type says: choose image, video, audio, text or HTML under Show as, and preview again.
        </Alert>
      )}
      {shown.state === 'load_failed' && <LoadFailureAlert failure={shown.failure} />}
      {shown.state === 'text' && (
        <Box>
          <pre className={classes.textPreview} tabIndex={0} aria-label={`Contents of ${signing.name}`}>
            {shown.text}
          </pre>
          <Text size="xs" c="dimmed" mt={4}>
            {shown.contentType ? `${shown.contentType}. ` : ''}
            {shown.truncated ? `Only the first ${formatBytes(TEXT_LIMIT)} are shown.` : 'Shown as plain text.'}
          </Text>
        </Box>
      )}
      {shown.state === 'ready' && <MediaPreview signing={signing} kind={shown.kind} />}
    </Stack>
  );
}

function MediaPreview({ signing, kind }: { signing: Signing; kind: Exclude<ObjectKind, 'text'> }) {
  const [size, setSize] = useState<{ width: number; height: number } | undefined>();
  const [failure, setFailure] = useState<ObjectFailure | 'not_media' | undefined>();
  const label = `Preview of ${signing.name}`;

  /** The element could not show it: ask the storage why (or learn that it loads but is not this kind). */
  async function explain() {
    const result = await checkObject(signing.objectUrl).catch(() => undefined);
    setFailure(result && !result.ok ? result : 'not_media');
  }

  if (failure) {
    return failure === 'not_media' ? (
      <Alert color="red" variant="light" title={`This is not ${kind === 'image' ? 'an image' : `${kind === 'audio' ? 'audio' : 'a video'}`} this browser can show`}>
        The object loaded, but the browser could not decode it as {KIND_LABELS[kind].toLowerCase()}. Choose another kind under Show
        as.
      </Alert>
    ) : (
      <LoadFailureAlert failure={failure} />
    );
  }

  if (kind === 'image') {
    return (
      <figure className={classes.figure}>
        <img
          src={signing.objectUrl}
          alt={label}
          referrerPolicy="no-referrer"
          className={classes.previewImage}
          onLoad={(event) => setSize({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
          onError={() => void explain()}
        />
        <Text component="figcaption" size="sm" c="dimmed" mt={4}>
          {signing.name}
          {size ? ` · ${size.width} × ${size.height} pixels` : ''}
        </Text>
      </figure>
    );
  }
  if (kind === 'video') {
    return (
      <video src={signing.objectUrl} controls preload="metadata" aria-label={label} className={classes.previewVideo} onError={() => void explain()} />
    );
  }
  if (kind === 'audio') {
    return <audio src={signing.objectUrl} controls preload="metadata" aria-label={label} onError={() => void explain()} />;
  }
  return (
    <Box>
      <iframe
        src={signing.objectUrl}
        sandbox=""
        referrerPolicy="no-referrer"
        title={`${label} (sandboxed HTML)`}
        className={classes.previewFrame}
      />
      <Text size="xs" c="dimmed" mt={4}>
        Shown in a sandbox: its scripts, forms, pop-ups and plugins are off, and it cannot reach this site.
      </Text>
    </Box>
  );
}
