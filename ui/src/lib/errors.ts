// API errors in the reader's language. The API answers a stable code and
// an English message; the interface shows the catalog's words for the code
// and keeps the message as a smaller detail (it names the URL, file or
// cause, which helps a bug report).

import type { ErrorCode } from './api/types';
import { type Key, type Lang, translate } from './i18n';

// Every code the API has, from its generated types: a code added in Rust
// fails the type check here until it is listed, and then until the
// catalogs have its words (keyOf below).
const API_CODES: Record<ErrorCode, true> = {
  not_found: true,
  bad_request: true,
  method_not_allowed: true,
  forbidden: true,
  unauthorized: true,
  not_an_article: true,
  too_large: true,
  damaged: true,
  fetch_failed: true,
  refused: true,
  busy: true,
  timeout: true,
  unsupported_media_type: true,
  schema_too_new: true,
  index_failed: true,
  disk_full: true,
  internal: true,
};

/** The API's stable error codes (src/error.rs). */
export const ERROR_CODES = Object.keys(API_CODES) as ErrorCode[];

export type { ErrorCode };

/** Codes the API client gives when no API answer came (api/client.ts). */
export const CLIENT_ERROR_CODES = ['unreachable', 'bad_answer'] as const;

type KnownCode = ErrorCode | (typeof CLIENT_ERROR_CODES)[number];

const KNOWN: readonly string[] = [...ERROR_CODES, ...CLIENT_ERROR_CODES];

/** An error as the API carries it. */
export interface ApiFailure {
  code: string;
  message: string;
}

/** An error as the interface shows it. */
export interface Failure {
  /** The catalog's words for the code. */
  title: string;
  /** The server's own (English) message; may be empty. */
  detail: string;
}

// A code without its catalog key fails the type check here.
const keyOf = (code: KnownCode): Key => `error.${code}`;

/** The words for an API error in `lang`, with the server's text as detail. */
export function errorMessage(lang: Lang, e: ApiFailure): Failure {
  const key = KNOWN.includes(e.code) ? keyOf(e.code as KnownCode) : 'error.unknown';
  return { title: translate(lang, key), detail: e.message };
}

/**
 * Anything caught or reported (the client's ApiError, a job's error, a
 * plain Error or string) as code and message; without a code it is unknown.
 */
export function asFailure(e: unknown): ApiFailure {
  if (typeof e === 'object' && e !== null) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    return {
      code: typeof code === 'string' ? code : 'unknown',
      message: typeof message === 'string' ? message : '',
    };
  }
  return { code: 'unknown', message: typeof e === 'string' ? e : '' };
}
