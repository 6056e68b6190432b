// Imports and downloads in progress, wherever they were started (the Add
// dialog, Subscriptions, or the desktop menu and drag and drop). When one
// ends, `app.revision` moves on so that lists show what it saved.

import type { Job } from './api/types';
import { api, app } from './app.svelte';

export const jobs = $state<Job[]>([]);

/** Records a job's latest state. */
export function record(job: Job): void {
  const i = jobs.findIndex((j) => j.id === job.id);
  const was = i >= 0 ? jobs[i].state : null;
  if (i >= 0) jobs[i] = job;
  else jobs.unshift(job);
  if (job.state !== 'running' && was !== job.state) app.revision += 1;
}

/** Follows a job just started until it ends. */
export function track(job: Job): void {
  record(job);
  if (job.state === 'running') api.watchJob(job.id, record);
}
