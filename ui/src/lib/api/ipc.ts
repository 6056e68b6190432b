// The desktop shell's transport: the same requests as over HTTP, carried by
// Tauri's IPC into the core's API (no server inside the app). Images come
// from the shell's `bsimage:` protocol; job progress arrives as events.

import { convertFileSrc, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { ApiError, type Transport } from './client';
import type { ApiError as ApiErrorBody, Job } from './types';

export class IpcTransport implements Transport {
  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    try {
      return await invoke('api', { method, path, body: body ?? null });
    } catch (e) {
      const err = (typeof e === 'object' && e ? e : { message: String(e) }) as Partial<ApiErrorBody>;
      throw new ApiError(err.status ?? 500, err.code ?? 'internal', err.message ?? String(e));
    }
  }

  imageUrl(hash: string): string {
    return convertFileSrc(hash, 'bsimage');
  }

  watchJob(id: number, onUpdate: (job: Job) => void): () => void {
    let stop: (() => void) | null = null;
    let stopped = false;
    listen<Job>('job', (event) => {
      if (event.payload.id === id) onUpdate(event.payload);
    }).then((unlisten) => {
      if (stopped) unlisten();
      else stop = unlisten;
    });
    return () => {
      stopped = true;
      stop?.();
    };
  }
}
