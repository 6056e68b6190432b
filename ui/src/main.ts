import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

// A LAN address carries its access token once (?token=); the server has
// set a cookie by now, so the token leaves the address bar and history.
const url = new URL(location.href);
if (url.searchParams.has('token')) {
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url);
}

const target = document.getElementById('app');
if (target) mount(App, { target });
