import { createGraphQLClient, type TokenStore } from './graphql';
import { createDataProvider } from './data-provider';
import { createAuthProvider } from './auth-provider';

const TOKEN_KEY = 'loyalty.console.token';

/** The staff token in localStorage: a reload keeps the user logged in. */
export const browserTokenStore: TokenStore = {
  get: () => localStorage.getItem(TOKEN_KEY),
  set: (token) => (token ? localStorage.setItem(TOKEN_KEY, token) : localStorage.removeItem(TOKEN_KEY)),
};

/** Same origin: the platform serves the console, or Vite's dev server proxies to it. */
export const gql = createGraphQLClient({ tokens: browserTokenStore, fetch: (...args) => fetch(...args) });
export const dataProvider = createDataProvider(gql);
export const authProvider = createAuthProvider(gql, browserTokenStore);

/** Downloads a file of the API with the bearer token (a plain link would carry none). */
export async function download(path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${browserTokenStore.get() ?? ''}` } });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const downloadExport = (statementId: string, format: 'csv' | 'json') =>
  download(`/api/settlement/v1/statements/${statementId}/export?format=${format}`, `statement-${statementId}.${format}`);
