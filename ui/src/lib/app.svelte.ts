// State the whole interface shares: the API client, the current edition
// (which sets the interface language unless a setting pins one), and the
// list the reader came from (for j/k between articles).

import { isTauri } from '@tauri-apps/api/core';
import { Client, HttpTransport, type Transport } from './api/client';
import { IpcTransport } from './api/ipc';
import type { EditionCode } from './api/types';
import { type ApiFailure, type Failure, errorMessage } from './errors';
import { type Key, type Lang, LOCALE, langOfEdition, translate } from './i18n';
import { settings } from './settings.svelte';

/** Whether the interface runs in the desktop app's window. */
export const desktop = typeof window !== 'undefined' && isTauri();

const transport: Transport = desktop ? new IpcTransport() : new HttpTransport('');

export const api = new Client(transport);

export const app = $state({
  /** The edition being read (null: all editions). */
  edition: null as EditionCode | null,
  /** Ids of the list last shown, in order. */
  list: [] as string[],
  /** Moves on when the library changes (a job ended): lists load again. */
  revision: 0,
});

/** The interface language now. */
export function lang(): Lang {
  return settings.lang ?? langOfEdition(app.edition);
}

/** The BCP 47 tag of the interface language, for `<html lang>`. */
export function locale(): string {
  return LOCALE[lang()];
}

/** Words in the interface language. */
export function t(key: Key, params?: Record<string, string | number>): string {
  return translate(lang(), key, params);
}

/** An API error in the interface language. */
export function errorText(e: ApiFailure): Failure {
  return errorMessage(lang(), e);
}
