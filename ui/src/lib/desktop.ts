// The desktop shell's side of the interface: its menu asks for views and
// dialogs through `menu` events; jobs it starts itself (Import files…, a
// drop of saved pages) report through `job` events; and the shell is told
// when the first screen is up (its startup measurement).

import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { Job } from './api/types';
import { desktop } from './app.svelte';
import { record } from './jobs.svelte';

/** What the menu asks of the interface. */
export interface MenuAction {
  action: 'edition' | 'add' | 'subscriptions' | 'theme' | 'search' | 'settings';
  value?: string;
}

/** Listens to the shell's menu and jobs (nothing outside the desktop app). */
export function connect(onMenu: (m: MenuAction) => void): void {
  if (!desktop) return;
  listen<MenuAction>('menu', (e) => onMenu(e.payload));
  listen<Job>('job', (e) => record(e.payload));
}

let told = false;

/** Tells the shell, once, that the library is on screen. */
export function firstScreenShown(): void {
  if (!desktop || told) return;
  told = true;
  invoke('ready').catch(() => undefined);
}
