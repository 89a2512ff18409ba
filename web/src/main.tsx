// Start-up: reads /v1/me when a token is stored (a 401 ends the session with its message),
// then renders the shell.
import { render } from 'preact';
import { App } from './app';
import { ApiError } from './api/client';
import { loadMe, session } from './session';
import './styles.css';

async function start() {
  let startError: unknown = null;
  if (session.get().token) {
    try {
      await loadMe();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) startError = e;
    }
  }
  render(<App startError={startError} />, document.getElementById('app')!);
}
void start();
