// How the preview shows an object: from its name's extension, else from the Content-Type the storage answers.

export type ObjectKind = 'image' | 'video' | 'audio' | 'text' | 'html';

export const KIND_LABELS: Record<ObjectKind, string> = {
  image: 'Image',
  video: 'Video',
  audio: 'Audio',
  text: 'Text',
  html: 'HTML page (sandboxed)',
};

const BY_EXTENSION: Record<string, ObjectKind> = {};
const add = (kind: ObjectKind, extensions: string) => {
  for (const extension of extensions.split(' ')) BY_EXTENSION[extension] = kind;
};
add('image', 'png jpg jpeg gif webp avif bmp ico svg tif tiff');
add('video', 'mp4 m4v webm ogv mov mkv');
add('audio', 'mp3 wav wave ogg oga opus m4a aac flac weba');
add('text', 'txt log json jsonl ndjson csv tsv yaml yml md markdown xml ini cfg conf toml py sh js ts out err');
add('html', 'html htm xhtml');

/** The object's name: the last path segment of the URL, without a query. */
export function objectName(url: string): string {
  const path = url.replace(/[?#].*$/s, '').replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export function kindFromName(url: string): ObjectKind | undefined {
  const name = objectName(url).toLowerCase();
  const dot = name.lastIndexOf('.');
  if (dot < 0) return undefined;
  return BY_EXTENSION[name.slice(dot + 1)];
}

export function kindFromContentType(contentType: string | undefined): ObjectKind | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type) return undefined;
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('text/') || /^application\/(json|x-ndjson|xml|yaml|x-yaml|toml|javascript)$/.test(type) || type.endsWith('+json')) {
    return 'text';
  }
  return undefined;
}
